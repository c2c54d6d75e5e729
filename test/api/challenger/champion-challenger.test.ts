import { bucketOf } from '../../../server/challenger/challenger-split';
import { challengerBook } from '../../support/challenger-book';
import { RecordingSink, runJob } from '../../support/monitoring-helpers';
import { waitUntil } from '../../support/polling';
import { startTestApp, type TestApp } from '../../support/test-app';
import { createOrgUnits } from '../authority/helpers';
import { standardContent, type ErrorBody, type VersionView } from '../rulesets/helpers';
import type { Principal } from '../../../server/identity/principal';

/**
 * Champion/challenger over HTTP on the real database: an approved, unpublished warning.obligor version is
 * started (maker-checker) against the published one for 30 % of the book; the daily monitoring acts on each
 * obligor's arm and logs which version decided; the evaluation API does the same; ending with the challenger
 * submits it for review and publishes nothing.
 */
const KEY = 'warning.obligor';
const SHARE = 3000;
const book = challengerBook(400);
const sink = new RecordingSink();
let app: TestApp;
let owner: string;
let dual: string;
let approver: string;
let shanghai: string;
let beijing: string;
let testId = '';

interface TestView {
  testId: string;
  status: string;
  revision: number;
  championVersion: number;
  challengerVersion: number;
  winner: string | null;
  promotedVersion: number | null;
  history: { action: string; actor: string }[];
}
interface DecisionView {
  ruleSet: { version: number };
  facts: { obligorId?: string };
  events: { params: { level?: string } }[];
  challenge?: { testId: string; arm: string; shadow: { version: number; events: { params: { level?: string } }[] } };
}
interface Measures {
  observations: number;
  bad: number;
  auc: number | null;
  levels: { level: string; flaggedAtOrAbove: number; precision: number | null; recall: number | null; lift: number | null }[];
}
interface Comparison {
  observedDays: number;
  overall: { arm: string; version: number; observations: number; acted: Measures; shadow: Measures }[];
  periods: { asOf: string; arms: { arm: string; observations: number }[] }[];
}

const armOf = (obligorId: string) => (bucketOf(testId, obligorId) < SHARE ? 'challenger' : 'champion');

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100', LOG_LEVEL: 'error' }, { eventSink: sink });
  await app.platform.startJobs();
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  owner = await app.createUserAndLogin('olivia', ['policy-owner']);
  dual = await app.createUserAndLogin('dual', ['policy-owner', 'approver']);
  approver = await app.createUserAndLogin('arthur', ['approver']);
  shanghai = await app.createUserAndLogin('sh-owner', ['policy-owner'], 'BR-SH');
  beijing = await app.createUserAndLogin('bj-owner', ['policy-owner'], 'BR-BJ');
  const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', {
    body: { loans: book.loans, repayments: book.repayments, ratings: book.ratings },
  });
  expect(imported.body.rejectedCount).toBe(0);
  // The challenger: orange from 21 days past due instead of 30, approved (not by its author) and not published.
  const content = standardContent(KEY);
  content.description = 'Orange from three weeks past due';
  (content.parameters.orangeDpd as { value: number }).value = 21;
  const created = await app.request<VersionView>('POST', `/api/v1/rulesets/${KEY}/versions`, { body: { basedOnVersion: 1, ruleSet: content }, as: owner });
  expect(created.status).toBe(201);
  expect((await app.request('POST', `/api/v1/rulesets/${KEY}/versions/2/submit`, { body: {}, as: owner })).status).toBe(200);
  expect((await app.request('POST', `/api/v1/rulesets/${KEY}/versions/2/approve`, { body: {}, as: approver })).status).toBe(200);
}, 120_000);
afterAll(() => app.close());

test('a challenger must be approved and unpublished, of a supported family', async () => {
  const published = await app.request<ErrorBody>('POST', '/api/v1/challenger-tests', {
    body: { key: KEY, challengerVersion: 1, shareBasisPoints: SHARE, reason: 'x' },
    as: owner,
  });
  expect([published.status, published.body.error.code]).toEqual([422, 'challenger_unsupported']);
  const family = await app.request<ErrorBody>('POST', '/api/v1/challenger-tests', {
    body: { key: 'claim.trigger', challengerVersion: 1, shareBasisPoints: SHARE, reason: 'x' },
    as: owner,
  });
  expect([family.status, family.body.error.code]).toEqual([422, 'challenger_unsupported']);
  const share = await app.request<ErrorBody>('POST', '/api/v1/challenger-tests', {
    body: { key: KEY, challengerVersion: 2, shareBasisPoints: 10001, reason: 'x' },
    as: owner,
  });
  expect(share.status).toBe(400);
  expect(share.body.error.details.map((detail) => detail.path)).toContain('/body/shareBasisPoints');
});

test('starting is maker-checker: the requester may not start it, another approver does; audited, challenger.started', async () => {
  const requested = await app.request<TestView>('POST', '/api/v1/challenger-tests', {
    body: { key: KEY, challengerVersion: 2, shareBasisPoints: SHARE, reason: 'does orange at three weeks catch defaults earlier?' },
    as: dual,
  });
  expect(requested.status).toBe(201);
  expect(requested.body).toMatchObject({ status: 'requested', championVersion: 1, challengerVersion: 2, revision: 1 });
  testId = requested.body.testId;

  const self = await app.request<ErrorBody>('POST', `/api/v1/challenger-tests/${testId}/start`, { body: { revision: 1 }, as: dual });
  expect([self.status, self.body.error.code]).toEqual([403, 'maker_checker']);
  const notApprover = await app.request<ErrorBody>('POST', `/api/v1/challenger-tests/${testId}/start`, { body: { revision: 1 }, as: owner });
  expect(notApprover.status).toBe(403);

  const started = await app.request<TestView>('POST', `/api/v1/challenger-tests/${testId}/start`, { body: { revision: 1 }, as: approver });
  expect(started.status).toBe(200);
  expect(started.body).toMatchObject({ status: 'running', revision: 2 });
  expect(started.body.history.map((entry) => [entry.action, entry.actor])).toEqual([
    ['requested', 'dual'],
    ['started', 'arthur'],
  ]);
  const audit = await app.request<{ items: { action: string; actor: string }[] }>('GET', `/api/v1/audit?entityKind=challenger-test&entityId=${testId}`);
  expect(audit.body.items.map((entry) => entry.action).sort()).toEqual(['challenger.requested', 'challenger.started']);
  const event = await waitUntil(() => sink.ofType('challenger.started')[0], 10_000, 'challenger.started');
  expect(event.data).toEqual({ testId, key: KEY, championVersion: 1, challengerVersion: 2 });
});

test('the daily monitoring acts on each arm and logs which version decided, the split matching the share', async () => {
  await runJob(app, 'obligor-monitoring', { asOf: '2025-08-25' });
  const decisions = await app.request<{ items: DecisionView[] }>('GET', `/api/v1/decisions?ruleSet=${KEY}&limit=500`);
  expect(decisions.status).toBe(200);
  const logged = decisions.body.items.filter((decision) => decision.facts.obligorId?.startsWith('OB-CC-'));
  // Every obligor past due is warned by both versions: 85, 55 and 24 days; none at 0.
  expect(logged.length).toBe(book.specs.filter((spec) => spec.paid < 7).length);
  for (const decision of logged) {
    const arm = armOf(decision.facts.obligorId!);
    expect(decision.challenge).toMatchObject({ testId, arm, shadow: { version: arm === 'challenger' ? 1 : 2 } });
    expect(decision.ruleSet.version).toBe(arm === 'challenger' ? 2 : 1);
  }
  // 24 days past due: yellow for the champion, orange for the challenger; each arm acts on its own.
  const atThreeWeeks = logged.filter((decision) => book.specs.find((spec) => spec.obligorId === decision.facts.obligorId)!.paid === 6);
  for (const decision of atThreeWeeks) {
    const arm = decision.challenge!.arm;
    expect(decision.events.map((event) => event.params.level)).toEqual([arm === 'challenger' ? 'orange' : 'yellow']);
    expect(decision.challenge!.shadow.events.map((event) => event.params.level)).toEqual([arm === 'challenger' ? 'yellow' : 'orange']);
  }
  expect(new Set(atThreeWeeks.map((decision) => decision.challenge!.arm))).toEqual(new Set(['champion', 'challenger']));

  const comparison = await app.request<Comparison>('GET', `/api/v1/challenger-tests/${testId}/comparison`);
  expect(comparison.status).toBe(200);
  const inArm = (arm: string) => comparison.body.overall.find((entry) => entry.arm === arm)!.observations;
  const expected = book.specs.filter((spec) => armOf(spec.obligorId) === 'challenger').length;
  expect([inArm('challenger'), inArm('champion')]).toEqual([expected, book.specs.length - expected]);
  expect(Math.abs(expected / book.specs.length - SHARE / 10_000)).toBeLessThan(0.06);
});

test('the comparison measures each arm on later outcomes, with the shadow version beside it', async () => {
  await runJob(app, 'obligor-monitoring', { asOf: '2025-12-05' });
  const comparison = await app.request<Comparison>('GET', `/api/v1/challenger-tests/${testId}/comparison`);
  expect(comparison.body.observedDays).toBe(2);
  expect(comparison.body.periods.map((period) => period.asOf)).toEqual(['2025-08-25', '2025-12-05']);
  const challenger = comparison.body.overall.find((entry) => entry.arm === 'challenger')!;
  expect(challenger.version).toBe(2);
  // On 08-25 every obligor not paying in full goes bad by 12-05; the payers in full do not.
  expect(challenger.acted.bad).toBe(book.specs.filter((spec) => armOf(spec.obligorId) === 'challenger' && spec.paid < 12).length);
  const orange = (measures: Measures) => measures.levels.find((level) => level.level === 'orange')!;
  // The challenger flags the 24-days-past-due obligors orange: more of the bad at orange or above than the champion on the same obligors.
  expect(orange(challenger.acted).recall!).toBeGreaterThan(orange(challenger.shadow).recall!);
  expect(orange(challenger.acted).precision).toBe(1);
  expect(challenger.acted.auc).not.toBeNull();
});

test('the evaluation API answers an obligor in the test with its arm and records it', async () => {
  const obligorOf = (arm: string) => book.specs.find((spec) => armOf(spec.obligorId) === arm)!.obligorId;
  const evaluate = (obligorId?: string) =>
    app.request<DecisionView & { decisionId: string }>('POST', `/api/v1/rulesets/${KEY}/evaluate`, {
      body: { facts: { ...(obligorId ? { obligorId } : {}), dpd: 24, customerTier: 'near-prime', monthsOnBook: 12 } },
    });
  const challenger = await evaluate(obligorOf('challenger'));
  expect(challenger.body.ruleSet.version).toBe(2);
  expect(challenger.body.challenge).toMatchObject({ testId, arm: 'challenger', shadow: { version: 1 } });
  expect(challenger.body.events.map((event) => event.params.level)).toEqual(['orange']);
  const logged = await app.request<DecisionView>('GET', `/api/v1/decisions/${challenger.body.decisionId}`);
  expect(logged.body.challenge).toMatchObject({ testId, arm: 'challenger' });
  const champion = await evaluate(obligorOf('champion'));
  expect([champion.body.ruleSet.version, champion.body.challenge?.arm]).toEqual([1, 'champion']);
  const anonymous = await evaluate();
  expect([anonymous.body.ruleSet.version, anonymous.body.challenge]).toEqual([1, undefined]);
  // A batch splits item by item: each item in the test says which version decided it.
  const batch = await app.request<{
    results: { index: number; ruleSet?: { version: number }; challenge?: { arm: string }; events: { params: { level?: string } }[] }[];
  }>('POST', `/api/v1/rulesets/${KEY}/evaluate/batch`, {
    body: {
      items: [obligorOf('challenger'), obligorOf('champion'), undefined].map((obligorId) => ({
        facts: { ...(obligorId ? { obligorId } : {}), dpd: 24, customerTier: 'near-prime', monthsOnBook: 12 },
      })),
    },
  });
  expect(batch.status).toBe(200);
  expect(batch.body.results.map((result) => [result.ruleSet?.version, result.challenge?.arm, result.events.map((event) => event.params.level)])).toEqual([
    [2, 'challenger', ['orange']],
    [1, 'champion', ['yellow']],
    [undefined, undefined, ['yellow']],
  ]);
});

test("a branch sees only its units' tests: another's is 404", async () => {
  const own = await app.request<TestView>('POST', '/api/v1/challenger-tests', {
    body: { key: KEY, challengerVersion: 2, shareBasisPoints: 5000, orgUnit: 'BR-SH', reason: 'Shanghai only' },
    as: shanghai,
  });
  expect(own.status).toBe(201);
  expect((await app.request('GET', `/api/v1/challenger-tests/${own.body.testId}`, { as: shanghai })).status).toBe(200);
  expect((await app.request('GET', `/api/v1/challenger-tests/${own.body.testId}`, { as: beijing })).status).toBe(404);
  expect((await app.request('GET', `/api/v1/challenger-tests/${own.body.testId}/comparison`, { as: beijing })).status).toBe(404);
  expect((await app.request('GET', `/api/v1/challenger-tests/${testId}`, { as: shanghai })).status).toBe(404);
  const list = await app.request<{ items: TestView[] }>('GET', '/api/v1/challenger-tests', { as: shanghai });
  expect(list.body.items.map((item) => item.testId)).toEqual([own.body.testId]);
  const outside = await app.request<ErrorBody>('POST', '/api/v1/challenger-tests', {
    body: { key: KEY, challengerVersion: 2, shareBasisPoints: 5000, orgUnit: 'BR-BJ', reason: 'not mine' },
    as: shanghai,
  });
  expect(outside.status).toBe(403);
});

test('ending with the challenger submits it for review: nothing is published, history kept', async () => {
  const current = await app.request<TestView>('GET', `/api/v1/challenger-tests/${testId}`);
  const ended = await app.request<TestView>('POST', `/api/v1/challenger-tests/${testId}/end`, {
    body: { revision: current.body.revision, winner: 'challenger', reason: 'catches defaults a month earlier' },
    as: owner,
  });
  expect(ended.status).toBe(200);
  expect(ended.body).toMatchObject({ status: 'ended', winner: 'challenger', promotedVersion: 3 });
  expect(ended.body.history.map((entry) => entry.action)).toEqual(['requested', 'started', 'ended:challenger']);
  const promoted = await app.request<VersionView>('GET', `/api/v1/rulesets/${KEY}/versions/3`);
  expect(promoted.body.state).toBe('in-review');
  const inForce = await app.request<{ summary: { activeVersion?: number | null } }>('GET', `/api/v1/rulesets/${KEY}`);
  expect(inForce.body.summary.activeVersion).toBe(1);
  // Its maker may not approve it; an approver who wrote none of it may.
  expect((await app.request('POST', `/api/v1/rulesets/${KEY}/versions/3/approve`, { body: {}, as: owner })).status).toBe(403);
  const event = await waitUntil(() => sink.ofType('challenger.ended')[0], 10_000, 'challenger.ended');
  expect(event.data).toEqual({ testId, key: KEY, championVersion: 1, challengerVersion: 2, winner: 'challenger', promotedVersion: 3 });
  // The test no longer splits: the champion answers everyone.
  const after = await app.request<DecisionView>('POST', `/api/v1/rulesets/${KEY}/evaluate`, {
    body: { facts: { obligorId: book.specs.find((spec) => armOf(spec.obligorId) === 'challenger')!.obligorId, dpd: 24, customerTier: 'near-prime' } },
  });
  expect([after.body.ruleSet.version, after.body.challenge]).toEqual([1, undefined]);
});

test('an end stopped after the copy for review but before the test ended is finished by ending again: one copy, not two', async () => {
  const requested = await app.request<TestView>('POST', '/api/v1/challenger-tests', {
    body: { key: KEY, challengerVersion: 2, shareBasisPoints: SHARE, reason: 'a second look at three weeks' },
    as: dual,
  });
  expect(requested.status).toBe(201);
  const second = requested.body.testId;
  const started = await app.request<TestView>('POST', `/api/v1/challenger-tests/${second}/start`, { body: { revision: 1 }, as: approver });
  expect(started.status).toBe(200);
  // What an end that stopped midway left: the challenger's copy in review, the test still running.
  const principal: Principal = { kind: 'user', name: 'olivia', orgUnit: 'HQ', roles: ['policy-owner'], via: 'session' };
  const copy = await app.platform.services.ruleSets.promoteChallenger(KEY, 2, principal, 'stopped midway', second);
  const latest = async () => (await app.request<{ summary: { latestVersion: number } }>('GET', `/api/v1/rulesets/${KEY}`)).body.summary.latestVersion;
  expect(await latest()).toBe(copy.version);

  const ended = await app.request<TestView>('POST', `/api/v1/challenger-tests/${second}/end`, {
    body: { revision: started.body.revision, winner: 'challenger', reason: 'ended again after the stop' },
    as: owner,
  });
  expect(ended.status).toBe(200);
  expect(ended.body).toMatchObject({ status: 'ended', winner: 'challenger', promotedVersion: copy.version });
  expect(await latest()).toBe(copy.version);
});
