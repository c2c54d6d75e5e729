import path from 'node:path';
import { SchemaRegistry } from '../../../server/http/schema-registry';
import { normalizeRow, ROW_SCHEMAS, rowId } from '../../../server/portfolio/import-rows';

const schemas = new SchemaRegistry(path.resolve(__dirname, '../../../schemas'));

const policy = (overrides: Record<string, unknown> = {}) => ({
  policyId: 'POL-1',
  orgUnit: 'BR-SH',
  insuranceType: 'guarantee',
  insuredId: 'FUNDER-A',
  claimPointDays: 80,
  coversInterest: true,
  coversPenaltyInterest: false,
  deductible: 100.5,
  complaintHotline: '95500',
  claimReportHotline: '400-820-5500',
  creditReportingAuthorised: true,
  ...overrides,
});

/** The row as an import checks it: the schema first, then what a schema cannot say. */
function check(record: Record<string, unknown>) {
  const problems = schemas.check(ROW_SCHEMAS.policies, record);
  return problems.length > 0 ? { errors: problems } : normalizeRow('policies', record);
}

test('a policy row becomes its stored form: the deductible in cents, the clause as given, _id = policyId', () => {
  const normalized = check(policy({ waitingPeriodDays: 10, decisionLimitDays: 20, paymentLimitDays: 7 }));
  expect(normalized.errors).toBeUndefined();
  expect(normalized.row).toMatchObject({ kind: 'policies', id: 'POL-1', filter: { _id: 'POL-1' } });
  expect(normalized.row!.document).toEqual({
    policyId: 'POL-1',
    orgUnit: 'BR-SH',
    insuranceType: 'guarantee',
    insuredId: 'FUNDER-A',
    claimPointDays: 80,
    waitingPeriodDays: 10,
    coversInterest: true,
    coversPenaltyInterest: false,
    deductibleCents: 10050,
    complaintHotline: '95500',
    claimReportHotline: '400-820-5500',
    creditReportingAuthorised: true,
    decisionLimitDays: 20,
    paymentLimitDays: 7,
  });
  expect(rowId('policies', policy())).toBe('POL-1');
});

test('without a deductible the policy has none (0 cents); a credit policy with a waiting period only is fine', () => {
  const { deductible: _omitted, claimPointDays: _none, ...rest } = policy({ insuranceType: 'credit', waitingPeriodDays: 30 });
  const normalized = check(rest);
  expect(normalized.errors).toBeUndefined();
  expect(normalized.row!.document).toMatchObject({ insuranceType: 'credit', deductibleCents: 0, waitingPeriodDays: 30 });
  expect(normalized.row!.document).not.toHaveProperty('claimPointDays');
});

test('a policy without its hotlines is refused field by field (Art. 14)', () => {
  const { complaintHotline: _c, claimReportHotline: _r, ...withoutHotlines } = policy();
  expect(check(withoutHotlines).errors).toEqual([
    { path: '/complaintHotline', message: expect.stringContaining('Art. 14') },
    { path: '/claimReportHotline', message: expect.stringContaining('Art. 14') },
  ]);
  expect(check(policy({ claimReportHotline: '   ' })).errors).toEqual([{ path: '/claimReportHotline', message: expect.stringContaining('Art. 14') }]);
});

test('a claim clause needs a claim point or a waiting period, each positive', () => {
  const { claimPointDays: _omitted, ...noClaimPoint } = policy();
  expect(check(noClaimPoint).errors).toEqual([{ path: '/claimPointDays', message: expect.stringMatching(/claimPointDays or waitingPeriodDays/) }]);
  expect(check(policy({ claimPointDays: 0 })).errors).toEqual([expect.objectContaining({ path: '/claimPointDays' })]);
  expect(check(policy({ waitingPeriodDays: -1 })).errors).toEqual([expect.objectContaining({ path: '/waitingPeriodDays' })]);
});

test('the deductible is zero or more yuan with at most two decimals; the insurance type is credit or guarantee', () => {
  expect(check(policy({ deductible: -1 })).errors).toEqual([expect.objectContaining({ path: '/deductible' })]);
  expect(check(policy({ deductible: 1.005 })).errors).toEqual([{ path: '/deductible', message: 'must have at most two decimals' }]);
  expect(check(policy({ insuranceType: 'surety' })).errors).toEqual([expect.objectContaining({ path: '/insuranceType' })]);
  expect(check(policy({ coversInterest: 'yes' })).errors).toEqual([expect.objectContaining({ path: '/coversInterest' })]);
});
