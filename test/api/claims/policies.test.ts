import type { ImportResult, PolicyList } from '../../../server/generated/schema-types';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Policies and their claim clauses over HTTP on the real database: imported as the `policies`
 * kind (idempotent, row errors with field details), read one by one and in pages within the
 * caller's org scope.
 */
let app: TestApp;
const as: Record<string, string> = {};

const policy = (policyId: string, overrides: Record<string, unknown> = {}) => ({
  policyId,
  orgUnit: 'BR-SH',
  insuranceType: 'guarantee',
  insuredId: 'FUNDER-A',
  claimPointDays: 80,
  coversInterest: true,
  coversPenaltyInterest: false,
  deductible: 200,
  complaintHotline: '95500',
  claimReportHotline: '400-820-5500',
  creditReportingAuthorised: true,
  ...overrides,
});
const importPolicies = (policies: unknown[]) => app.request<ImportResult>('POST', '/api/v1/portfolio/import', { body: { policies } });

beforeAll(async () => {
  app = await startTestApp();
  for (const [id, parent] of [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ])
    expect((await app.request('POST', '/api/v1/org-units', { body: { id, name: id, parent } })).status).toBe(201);
  as.hq = await app.createUserAndLogin('policy-hq', ['auditor'], 'HQ');
  as.sh = await app.createUserAndLogin('policy-sh', ['branch-operator'], 'BR-SH');
}, 60_000);
afterAll(() => app.close());

test('a policy import lands the policies and is idempotent: a re-import replaces, never duplicates', async () => {
  const first = await importPolicies([policy('POL-A'), policy('POL-B', { orgUnit: 'BR-BJ', insuranceType: 'credit', creditReportingAuthorised: false })]);
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ accepted: { policies: 2 }, rejected: [], rejectedCount: 0 });
  const again = await importPolicies([policy('POL-A', { deductible: 150.25, waitingPeriodDays: 15 })]);
  expect(again.body).toMatchObject({ accepted: { policies: 1 }, rejected: [], rejectedCount: 0 });
  expect(await app.connection.collection('portfolio_policies').countDocuments({ _id: 'POL-A' as never })).toBe(1);
  const read = await app.request('GET', '/api/v1/policies/POL-A', { as: as.hq });
  expect(read.status).toBe(200);
  expect(read.body).toEqual(policy('POL-A', { deductible: 150.25, waitingPeriodDays: 15 }));
});

test('bad policy rows are rejected with field-level details while the good ones land', async () => {
  const { complaintHotline: _c, ...withoutComplaintHotline } = policy('POL-BAD1');
  const { claimPointDays: _p, ...withoutClaimPoint } = policy('POL-BAD2');
  const response = await importPolicies([
    withoutComplaintHotline,
    withoutClaimPoint,
    policy('POL-BAD3', { deductible: -5 }),
    policy('POL-BAD4', { waitingPeriodDays: 0 }),
    policy('POL-OK'),
  ]);
  expect(response.status).toBe(200);
  expect(response.body.accepted).toEqual({ policies: 1 });
  expect(response.body.rejectedCount).toBe(4);
  const byId = Object.fromEntries(response.body.rejected.map((row) => [row.id, row]));
  expect(byId['POL-BAD1']).toMatchObject({ kind: 'policies', index: 0, errors: [{ path: '/complaintHotline', message: expect.stringContaining('Art. 14') }] });
  expect(byId['POL-BAD2']).toMatchObject({ index: 1, errors: [{ path: '/claimPointDays', message: expect.stringContaining('waitingPeriodDays') }] });
  expect(byId['POL-BAD3']).toMatchObject({ index: 2, errors: [expect.objectContaining({ path: '/deductible' })] });
  expect(byId['POL-BAD4']).toMatchObject({ index: 3, errors: [expect.objectContaining({ path: '/waitingPeriodDays' })] });
  expect((await app.request('GET', '/api/v1/policies/POL-BAD1', { as: as.hq })).status).toBe(404);
});

test('policies import as CSV too, booleans and yuan read from their cells', async () => {
  const csv = [
    'policyId,orgUnit,insuranceType,insuredId,claimPointDays,coversInterest,coversPenaltyInterest,deductible,complaintHotline,claimReportHotline,creditReportingAuthorised',
    'POL-CSV,BR-SH,guarantee,FUNDER-C,90,1,true,12.5,95500,95500-2,0',
  ].join('\n');
  const response = await app.request<ImportResult>('POST', '/api/v1/portfolio/import/policies', { rawBody: csv, headers: { 'content-type': 'text/csv' } });
  expect([response.status, response.body.accepted]).toEqual([200, { policies: 1 }]);
  const read = await app.request('GET', '/api/v1/policies/POL-CSV', { as: as.sh });
  expect(read.body).toMatchObject({
    claimPointDays: 90,
    coversInterest: true,
    coversPenaltyInterest: true,
    deductible: 12.5,
    creditReportingAuthorised: false,
  });
});

test("a branch reads its own unit's policy; another unit's is not found", async () => {
  expect((await app.request('GET', '/api/v1/policies/POL-A', { as: as.sh })).status).toBe(200);
  const other = await app.request<{ error: { code: string } }>('GET', '/api/v1/policies/POL-B', { as: as.sh });
  expect(other.status).toBe(404);
  expect((await app.request('GET', '/api/v1/policies/NO-SUCH', { as: as.hq })).status).toBe(404);
  expect((await app.request('GET', '/api/v1/policies?orgUnit=BR-BJ', { as: as.sh })).status).toBe(403);
});

test('the list pages by policyId within the caller scope and filters by insurance type and unit', async () => {
  expect((await importPolicies(Array.from({ length: 5 }, (_, index) => policy(`POL-P${index}`, { orgUnit: 'BR-BJ' })))).body.accepted).toEqual({ policies: 5 });
  const ids = async (path: string, token: string) => {
    const seen: string[] = [];
    let before: string | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const page = await app.request<PolicyList>('GET', `${path}&limit=2${before ? `&before=${encodeURIComponent(before)}` : ''}`, { as: token });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item) => item.policyId));
      before = page.body.nextBefore;
      if (!before) break;
    }
    return seen;
  };
  const all = ['POL-P4', 'POL-P3', 'POL-P2', 'POL-P1', 'POL-P0', 'POL-OK', 'POL-CSV', 'POL-B', 'POL-A'];
  expect(await ids('/api/v1/policies?', as.hq!)).toEqual(all);
  expect(await ids('/api/v1/policies?insuranceType=credit', as.hq!)).toEqual(['POL-B']);
  expect(await ids('/api/v1/policies?orgUnit=BR-BJ&insuranceType=guarantee', as.hq!)).toEqual(['POL-P4', 'POL-P3', 'POL-P2', 'POL-P1', 'POL-P0']);
  expect(await ids('/api/v1/policies?', as.sh!)).toEqual(['POL-OK', 'POL-CSV', 'POL-A']);
});
