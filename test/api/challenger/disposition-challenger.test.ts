import { bucketOf } from '../../../server/challenger/challenger-split';
import { challengerBook } from '../../support/challenger-book';
import { runJob } from '../../support/monitoring-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';
import { createOrgUnits } from '../authority/helpers';
import { standardContent, type VersionView } from '../rulesets/helpers';

/**
 * A disposition test limited to Shanghai and half its obligors: the measures ordered on new alerts are decided by
 * the arm's disposition version, logged with the test and arm; Beijing's obligors are outside the test.
 */
const book = challengerBook(80);
let app: TestApp;

interface DecisionView {
  ruleSet: { key: string; version: number };
  orgUnit?: string;
  facts: { obligorId?: string };
  challenge?: { testId: string; arm: string; shadow: { version: number } };
}

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100', LOG_LEVEL: 'error' });
  await app.platform.startJobs();
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  const owner = await app.createUserAndLogin('olivia', ['policy-owner']);
  const approver = await app.createUserAndLogin('arthur', ['approver']);
  const checker = await app.createUserAndLogin('beatrice', ['approver']);
  const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', {
    body: { loans: book.loans, repayments: book.repayments, ratings: book.ratings },
  });
  expect(imported.body.rejectedCount).toBe(0);
  const content = { ...standardContent('disposition'), description: 'challenger: same measures, another version' };
  const created = await app.request<VersionView>('POST', '/api/v1/rulesets/disposition/versions', { body: { basedOnVersion: 1, ruleSet: content }, as: owner });
  expect(created.status).toBe(201);
  expect((await app.request('POST', '/api/v1/rulesets/disposition/versions/2/submit', { body: {}, as: owner })).status).toBe(200);
  expect((await app.request('POST', '/api/v1/rulesets/disposition/versions/2/approve', { body: {}, as: approver })).status).toBe(200);
  const requested = await app.request<{ testId: string; revision: number }>('POST', '/api/v1/challenger-tests', {
    body: { key: 'disposition', challengerVersion: 2, shareBasisPoints: 5000, orgUnit: 'BR-SH', reason: 'same measures, new wording' },
    as: owner,
  });
  expect(requested.status).toBe(201);
  expect((await app.request('POST', `/api/v1/challenger-tests/${requested.body.testId}/start`, { body: { revision: 1 }, as: checker })).status).toBe(200);
}, 120_000);
afterAll(() => app.close());

test("the disposition decisions of the test's obligors record their arm's version; others the champion's, without a test", async () => {
  await runJob(app, 'obligor-monitoring', { asOf: '2025-08-25' });
  const response = await app.request<{ items: DecisionView[] }>('GET', '/api/v1/decisions?ruleSet=disposition&limit=500');
  const decisions = response.body.items.filter((decision) => decision.facts.obligorId?.startsWith('OB-CC-'));
  const shanghai = decisions.filter((decision) => decision.orgUnit === 'BR-SH');
  const beijing = decisions.filter((decision) => decision.orgUnit === 'BR-BJ');
  expect(shanghai.length).toBeGreaterThan(10);
  expect(beijing.length).toBeGreaterThan(10);
  for (const decision of shanghai) {
    const arm = bucketOf('CT-disposition-1', decision.facts.obligorId!) < 5000 ? 'challenger' : 'champion';
    expect(decision.challenge).toMatchObject({ testId: 'CT-disposition-1', arm, shadow: { version: arm === 'challenger' ? 1 : 2 } });
    expect(decision.ruleSet.version).toBe(arm === 'challenger' ? 2 : 1);
  }
  expect(new Set(shanghai.map((decision) => decision.challenge!.arm))).toEqual(new Set(['champion', 'challenger']));
  for (const decision of beijing) expect([decision.ruleSet.version, decision.challenge]).toEqual([1, undefined]);
});
