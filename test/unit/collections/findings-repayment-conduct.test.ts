import { conductTagsOf, repaymentFindings, severityOf, type CheckedRepayment, type LoanOwner } from '../../../server/collections/findings/repayment-conduct';

const owners = new Map<string, LoanOwner>([
  ['L-BR', { loanId: 'L-BR', obligorId: 'OB-1', orgUnit: 'BR-SH', channel: 'bank-branch' }],
  ['L-NET', { loanId: 'L-NET', obligorId: 'OB-2', orgUnit: 'BR-SH', channel: 'online-app' }],
]);
const context = { foundOn: '2026-03-02', now: new Date('2026-03-02T03:00:00Z'), internetChannels: ['online-*'] };
const repayment = (fields: Partial<CheckedRepayment> = {}): CheckedRepayment => ({
  repaymentId: 'R-1',
  loanId: 'L-BR',
  paidAt: '2026-02-27',
  amountCents: 120_050,
  ...fields,
});

describe('the repayment check (Art. 13(5),(6)): plain repayments in, findings and tasks out', () => {
  test.each([
    ['into the company account', { payeeAccountType: 'company' }, []],
    ['into the funder account by transfer', { payeeAccountType: 'funder', paymentMethod: 'transfer' }, []],
    ['saying nothing of account or method', {}, []],
    ['into a personal account', { payeeAccountType: 'personal' }, ['personal-account']],
    ['in cash', { payeeAccountType: 'company', paymentMethod: 'cash' }, ['collecting-cash-or-goods']],
    ['in cash into a personal account', { payeeAccountType: 'personal', paymentMethod: 'cash' }, ['personal-account', 'collecting-cash-or-goods']],
    ['by card to another account', { payeeAccountType: 'other', paymentMethod: 'card' }, []],
  ] as const)('a repayment %s: its conduct tags', (_what, fields, tags) => {
    expect(conductTagsOf(repayment(fields))).toEqual(tags);
  });

  test('severity by the documented default: high for one breach, critical for both', () => {
    expect(severityOf(['personal-account'])).toBe('high');
    expect(severityOf(['collecting-cash-or-goods'])).toBe('high');
    expect(severityOf(['personal-account', 'collecting-cash-or-goods'])).toBe('critical');
  });

  test('one finding and one compliance task per flagged repayment, ids from the repayment (so a re-run makes the same)', () => {
    const { findings, tasks, withoutLoan } = repaymentFindings(
      [repayment({ payeeAccountType: 'personal' }), repayment({ repaymentId: 'R-2', paymentMethod: 'cash' }), repayment({ repaymentId: 'R-3' })],
      owners,
      context,
    );
    expect(withoutLoan).toEqual([]);
    expect(findings.map((finding) => [finding._id, finding.tags, finding.severity, finding.orgUnit, finding.obligorId, finding.taskId])).toEqual([
      ['repayment:R-1', ['personal-account'], 'high', 'BR-SH', 'OB-1', 'compliance:repayment:R-1'],
      ['repayment:R-2', ['collecting-cash-or-goods'], 'high', 'BR-SH', 'OB-1', 'compliance:repayment:R-2'],
    ]);
    expect(findings[0]).toMatchObject({
      source: 'repayment',
      sourceRef: 'R-1',
      loanId: 'L-BR',
      status: 'open',
      revision: 1,
      foundOn: '2026-03-02',
      actor: null,
      evidence: { references: ['repayment:R-1', 'loan:L-BR'] },
    });
    expect(findings[0]!.evidence.note).toContain('1200.50');
    expect(tasks.map((task) => [task._id, task.kind, task.orgUnit, task.obligorId, task.status, task.dueOn, task.alertId])).toEqual([
      ['compliance:repayment:R-1', 'compliance', 'BR-SH', 'OB-1', 'open', '2026-03-12', null],
      ['compliance:repayment:R-2', 'compliance', 'BR-SH', 'OB-1', 'open', '2026-03-12', null],
    ]);
    expect(repaymentFindings([repayment({ payeeAccountType: 'personal' })], owners, context)).toEqual(
      repaymentFindings([repayment({ payeeAccountType: 'personal' })], owners, context),
    );
  });

  test('internet business answers to HQ (Art. 9), whatever branch the loan names; a repayment whose loan is unknown is set aside', () => {
    const { findings, tasks, withoutLoan } = repaymentFindings(
      [repayment({ loanId: 'L-NET', payeeAccountType: 'personal' }), repayment({ repaymentId: 'R-9', loanId: 'L-GONE', paymentMethod: 'cash' })],
      owners,
      context,
    );
    expect(findings.map((finding) => [finding.orgUnit, finding.obligorId])).toEqual([['HQ', 'OB-2']]);
    expect(tasks.map((task) => task.orgUnit)).toEqual(['HQ']);
    expect(withoutLoan).toEqual(['R-9']);
  });
});
