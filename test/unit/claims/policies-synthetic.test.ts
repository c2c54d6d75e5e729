import { syntheticPortfolio } from '../../../server/portfolio/synthetic/synthetic-portfolio';
import { DEMO_PORTFOLIO } from '../../../server/portfolio/demo-seed';

/** The generated book (demo seed, benches) carries a policy for every policyId its loans use, with a realistic mix of clauses. */
const records = [...syntheticPortfolio({ loans: 3000, months: 24, seed: 7 })];
const policies = records.filter((record) => record.kind === 'policies');

test('every policyId the generated loans use has exactly one policy, in the loan’s org unit', () => {
  const loans = records.filter((record) => record.kind === 'loans');
  const byId = new Map(policies.map((policy) => [policy.policyId as string, policy]));
  expect(byId.size).toBe(policies.length);
  for (const loan of loans)
    expect({ loan: loan.loanId, orgUnit: byId.get(loan.policyId as string)?.orgUnit }).toEqual({ loan: loan.loanId, orgUnit: loan.orgUnit });
  // Premiums name policies too; none names one without a policy.
  for (const premium of records.filter((record) => record.kind === 'premiums')) expect(byId.has(premium.policyId as string)).toBe(true);
});

test('mostly guarantee insurance, some credit; most obligors authorised credit reporting, a few not; a deductible on some; hotlines on all', () => {
  const share = (predicate: (policy: (typeof policies)[number]) => boolean) => policies.filter(predicate).length / policies.length;
  expect(share((policy) => policy.insuranceType === 'guarantee')).toBeGreaterThan(0.7);
  expect(share((policy) => policy.insuranceType === 'credit')).toBeGreaterThan(0.05);
  expect(share((policy) => policy.creditReportingAuthorised === true)).toBeGreaterThan(0.85);
  expect(share((policy) => policy.creditReportingAuthorised === false)).toBeGreaterThan(0.01);
  expect(share((policy) => (policy.deductible as number) > 0)).toBeGreaterThan(0.1);
  expect(share((policy) => (policy.deductible as number) > 0)).toBeLessThan(0.5);
  expect(share((policy) => Boolean(policy.complaintHotline) && Boolean(policy.claimReportHotline))).toBe(1);
});

test('the demo book gets its policies the same way every time', () => {
  const demo = () => JSON.stringify([...syntheticPortfolio(DEMO_PORTFOLIO)].filter((record) => record.kind === 'policies'));
  const first = demo();
  expect(JSON.parse(first)).toHaveLength(DEMO_PORTFOLIO.loans);
  expect(demo()).toBe(first);
});
