import { deriveItems } from '../../../server/bureau/bureau-derivation';
import { bureauFile, yuan } from '../../../server/bureau/bureau-file';
import type { BureauItemRecord } from '../../../server/bureau/bureau-item.model';
import type { BureauSources } from '../../../server/bureau/bureau-sources';
import type { PolicyDocument } from '../../../server/portfolio/portfolio.model';

const policy = (policyId: string, insuranceType: 'credit' | 'guarantee', creditReportingAuthorised: boolean) =>
  ({ policyId, insuranceType, creditReportingAuthorised }) as PolicyDocument;

test('money goes to the file in yuan with exactly two decimals, from the cents without rounding', () => {
  expect([yuan(990_000), yuan(5), yuan(0), yuan(123_456_789), yuan(undefined)]).toEqual(['9900.00', '0.05', '0.00', '1234567.89', '']);
});

test('the file: one header line, one CRLF line per item, fields quoted only when they must be', () => {
  const item = {
    _id: 'compensation:C,1',
    kind: 'compensation',
    status: 'submitted',
    loanId: 'L-1',
    policyId: 'P-1',
    obligorId: 'OB-1',
    orgUnit: 'HQ',
    claimId: 'C,1',
    recoveryId: null,
    eventDate: '2025-07-27',
    values: { compensationDate: '2025-07-30', compensationAmountCents: 990_000, amountToRecoverCents: 890_050 },
    correctsItemId: null,
  } as unknown as BureauItemRecord;
  const lines = bureauFile([item], new Map()).split('\r\n');
  expect(lines).toEqual([
    'itemId,kind,correctsItemId,correctsKind,reportDate,obligorId,loanId,policyId,claimId,recoveryId,monthEnd,daysPastDue,overdueAmount,compensationDate,compensationAmount,amountToRecover,recoveryDate,recoveryAmount',
    '"compensation:C,1",compensation,,,2025-07-27,OB-1,L-1,P-1,"C,1",,,,,2025-07-30,9900.00,8900.50,,',
    '',
  ]);
});

test('derivation: only loans of authorised guarantee policies produce items; a claim gives a pending notice and compensation', () => {
  const owner = (policyId: string) => ({ policyId, obligorId: `OB-${policyId}`, orgUnit: 'HQ' });
  const sources: BureauSources = {
    claims: ['G', 'C', 'U', 'X'].map((key) => ({ claimId: `C-${key}`, loanId: `L-${key}`, status: 'approved', approvedAt: '2025-07-27', amountCents: 1000 })),
    recoveries: [{ recoveryId: 'R-G', loanId: 'L-G', receivedAt: '2025-08-20', amountCents: 300 }],
    owners: new Map(['G', 'C', 'U', 'X'].map((key) => [`L-${key}`, owner(`P-${key}`)])),
    overdue: [{ loanId: 'L-C', ...owner('P-C'), daysPastDue: 40, overdueAmountCents: 100 }],
    policies: new Map([
      ['P-G', policy('P-G', 'guarantee', true)],
      ['P-C', policy('P-C', 'credit', true)],
      ['P-U', policy('P-U', 'guarantee', false)],
    ]),
  };
  const items = deriveItems(sources, '2025-07-31');
  expect(items.map((item) => [item._id, item.status])).toEqual([
    ['default-notice:C-G', 'pending'],
    ['compensation:C-G', 'pending'],
    ['recovery:R-G', 'pending'],
  ]);
  expect(items[1]!.values).toEqual({ compensationDate: '2025-07-27', compensationAmountCents: 1000, amountToRecoverCents: 700 });
});
