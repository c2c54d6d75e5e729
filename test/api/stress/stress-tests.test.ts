import { createOrgUnits, type ErrorBody } from '../authority/helpers';
import { standardContent } from '../rulesets/helpers';
import { RecordingSink, runJob } from '../../support/monitoring-helpers';
import { eventually } from '../../support/polling';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Stress tests (Art. 33) over HTTP on the real database. Shanghai's book is one loan of 12,345,678.90 disbursed in 2025
 * and due in 2027, so its retained liability at every month end of 2026-Q1 is 12,345,678.90 (the metric module's figure);
 * its financials for 2026-Q1 are the worked example of test/unit/stress/stress-arithmetic.test.ts. The run gives that
 * example's figures to the cent, lists the seven scenarios Art. 33 names, is approved under maker-checker and is seen
 * by Shanghai and HQ only.
 */
let app: TestApp;
const sink = new RecordingSink();
const as: Record<string, string> = {};

interface Scenario {
  id: string;
  mandated: string | null;
  operatingCashFlowCents?: number;
  changeCents?: number;
  lossCents?: number;
  lossAfterTaxCents?: number;
  actualCapitalCents?: number;
  comprehensiveRatioBp?: number;
  coreRatioBp?: number;
  thresholds?: { id: string; minimumRatioBp: number; ratioBp: number; outcome: string }[];
}
interface Result {
  resultId: string;
  orgUnit: string;
  period: string;
  horizonPeriod: string;
  status: string;
  revision: number;
  requestedBy: string;
  approvedBy: string | null;
  scenarioSet: { key: string; version: number };
  inputs: Record<string, number>;
  metric: { retainedLiabilityCents: number[] };
  liquidity: { baseline: { operatingCashFlowCents: number }; scenarios: Scenario[] };
  solvency: { baseline: { comprehensiveRatioBp: number }; scenarios: Scenario[] };
  breaches: number;
}

const MANDATED = ['premium-25', 'premium-50', 'loss-ratio-10', 'loss-ratio-20', 'loss-rate-10', 'loss-rate-15', 'loss-rate-20'];
const FINANCIALS = {
  orgUnit: 'BR-SH',
  period: '2026-Q1',
  revision: 0,
  premiumCollected: 1_234_567.91,
  recoveries: 23_456.78,
  reinsuranceRecoveries: 150_000,
  claimsPaid: 800_000,
  expenses: 210_000.55,
  cededPremium: 300_000.01,
  taxRatePercent: 25,
  actualCapital: 5_000_000,
  coreCapital: 4_000_000,
  minimumCapital: 3_000_000,
  note: 'Q1 management accounts',
};
const scenarioIds = (result: Result) => [...result.liquidity.scenarios, ...result.solvency.scenarios].map((scenario) => scenario.id);

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' }, { eventSink: sink });
  await app.platform.startJobs();
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  as.owner = await app.createUserAndLogin('hq-owner', ['policy-owner', 'approver'], 'HQ');
  as.approver = await app.createUserAndLogin('hq-approver', ['approver'], 'HQ');
  as.sh = await app.createUserAndLogin('sh-operator', ['branch-operator'], 'BR-SH');
  as.bj = await app.createUserAndLogin('bj-operator', ['branch-operator'], 'BR-BJ');
  const loan = {
    loanId: 'L-SH',
    obligorId: 'OB-SH',
    policyId: 'P-SH',
    orgUnit: 'BR-SH',
    product: 'consumer',
    channel: 'bank-branch',
    customerTier: 'prime',
    principal: 12_345_678.9,
    disbursedAt: '2025-06-01',
    installments: [{ seq: 1, dueDate: '2027-06-01', principal: 12_345_678.9, interest: 0 }],
  };
  const imported = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import', { body: { loans: [loan] } });
  expect([imported.status, imported.body.rejected]).toEqual([200, []]);
});
afterAll(() => app.close());

test('financials are checked field by field and revisioned', async () => {
  const bad = await app.request<ErrorBody>('POST', '/api/v1/stress-tests/financials', {
    as: as.owner,
    body: { ...FINANCIALS, coreCapital: 6_000_000, minimumCapital: 0, claimsPaid: 1.234 },
  });
  expect([bad.status, bad.body.error.details.map((detail) => detail.path).sort()]).toEqual([
    400,
    ['/body/claimsPaid', '/body/coreCapital', '/body/minimumCapital'],
  ]);
  const branch = await app.request<ErrorBody>('POST', '/api/v1/stress-tests/financials', { as: as.sh, body: FINANCIALS });
  expect(branch.status).toBe(403);
  const stored = await app.request<{ revision: number; expenses: number }>('POST', '/api/v1/stress-tests/financials', { as: as.owner, body: FINANCIALS });
  expect([stored.status, stored.body.revision, stored.body.expenses]).toEqual([200, 1, 210_000.55]);
  const stale = await app.request<ErrorBody>('POST', '/api/v1/stress-tests/financials', { as: as.owner, body: FINANCIALS });
  expect([stale.status, stale.body.error.code]).toEqual([409, 'stale_version']);
  const read = await app.request<{ revision: number }>('GET', '/api/v1/stress-tests/financials/BR-SH/2026-Q1', { as: as.sh });
  expect([read.status, read.body.revision]).toEqual([200, 1]);
  expect((await app.request('GET', '/api/v1/stress-tests/financials/BR-SH/2026-Q1', { as: as.bj })).status).toBe(404);
});

test('the worked example to the cent through the API, with the seven named scenarios', async () => {
  const run = await app.request<Result>('POST', '/api/v1/stress-tests', { as: as.owner, body: { orgUnit: 'BR-SH', period: '2026-Q1' } });
  expect(run.status).toBe(200);
  const result = run.body;
  expect([result.status, result.horizonPeriod, result.scenarioSet.key, result.scenarioSet.version]).toEqual(['draft', '2026-Q2', 'stress.scenario', 1]);
  expect(result.metric.retainedLiabilityCents).toEqual([1_234_567_890, 1_234_567_890, 1_234_567_890]);
  expect(result.inputs.averageRetainedLiabilityCents).toBe(1_234_567_890);
  expect(scenarioIds(result)).toEqual(MANDATED);
  expect(result.liquidity.baseline.operatingCashFlowCents).toBe(7_351_810);
  expect(result.liquidity.scenarios.map((scenario) => [scenario.operatingCashFlowCents, scenario.changeCents])).toEqual([
    [-13_561_785, -20_913_595],
    [-36_925_982, -44_277_792],
    [-2_543_266, -9_895_076],
    [-14_888_945, -22_240_755],
  ]);
  expect(
    result.solvency.scenarios.map((scenario) => [scenario.lossCents, scenario.lossAfterTaxCents, scenario.comprehensiveRatioBp, scenario.coreRatioBp]),
  ).toEqual([
    [30_864_197, 23_148_148, 15_895, 12_561],
    [46_296_296, 34_722_222, 15_509, 12_175],
    [61_728_395, 46_296_296, 15_123, 11_790],
  ]);
  // The standard thresholds: core 50 %, comprehensive 100 %; all pass.
  expect(result.solvency.scenarios[0]!.thresholds!.map((threshold) => [threshold.id, threshold.minimumRatioBp, threshold.outcome])).toEqual([
    ['core', 5_000, 'pass'],
    ['comprehensive', 10_000, 'pass'],
  ]);
  expect(result.breaches).toBe(0);
  // The same inputs: the stored result again, announced once.
  const again = await app.request<Result>('POST', '/api/v1/stress-tests', { as: as.approver, body: { orgUnit: 'BR-SH', period: '2026-Q1' } });
  expect([again.body.resultId, again.body.requestedBy]).toEqual([result.resultId, 'hq-owner']);
  expect(sink.ofType('stress-test.completed').map((event) => event.data)).toEqual([
    {
      resultId: result.resultId,
      orgUnit: 'BR-SH',
      period: '2026-Q1',
      horizon: 'quarter',
      horizonPeriod: '2026-Q2',
      status: 'draft',
      scenarioSet: { key: 'stress.scenario', version: 1 },
      scenarios: 7,
      breaches: 0,
      worstOperatingCashFlow: -369_259.82,
    },
  ]);
  for (const event of sink.events)
    if (event.type.startsWith('stress-test.')) expect(app.platform.schemas.check('webhooks/webhook-stress-test-data', event.data)).toEqual([]);
});

test('a period not ended, or without financials, is refused with the field', async () => {
  const early = await app.request<ErrorBody>('POST', '/api/v1/stress-tests', { as: as.owner, body: { orgUnit: 'BR-SH', period: '2099-Q1' } });
  expect([early.status, early.body.error.details.map((detail) => detail.path)]).toEqual([400, ['/body/period']]);
  const none = await app.request<ErrorBody>('POST', '/api/v1/stress-tests', { as: as.owner, body: { orgUnit: 'BR-BJ', period: '2026-Q1' } });
  expect([none.status, none.body.error.details[0]!.message]).toEqual([400, expect.stringContaining('no stress-test financials of BR-BJ')]);
});

test('approval is maker-checker: the requester gets 403; another approver approves once; printable', async () => {
  const { body: result } = await app.request<Result>('POST', '/api/v1/stress-tests', { as: as.owner, body: { orgUnit: 'BR-SH', period: '2026-Q1' } });
  const url = `/api/v1/stress-tests/${result.resultId}`;
  const own = await app.request<ErrorBody>('POST', `${url}/approve`, { as: as.owner, body: { revision: result.revision } });
  expect([own.status, own.body.error.code]).toEqual([403, 'maker_checker']);
  const branch = await app.request('POST', `${url}/approve`, { as: as.sh, body: { revision: result.revision } });
  expect(branch.status).toBe(403);
  // Two approvals at once at the same revision: one lands, the other is stale.
  const approvals = await Promise.all(
    [0, 1].map(() => app.request<Result>('POST', `${url}/approve`, { as: as.approver, body: { revision: result.revision, note: 'reviewed with finance' } })),
  );
  expect(approvals.map((approval) => approval.status).sort()).toEqual([200, 409]);
  const approved = approvals.find((approval) => approval.status === 200)!;
  expect([approved.body.status, approved.body.approvedBy, approved.body.revision]).toEqual(['approved', 'hq-approver', 2]);
  const again = await app.request<ErrorBody>('POST', `${url}/approve`, { as: as.approver, body: { revision: approved.body.revision } });
  expect([again.status, again.body.error.code]).toEqual([409, 'invalid_state']);
  expect(sink.ofType('stress-test.approved').map((event) => (event.data as { status: string }).status)).toEqual(['approved']);
  const audit = await app.request<{ items: { action: string; actor: string }[] }>('GET', `/api/v1/audit?entityKind=stress-test&entityId=${result.resultId}`);
  expect(audit.body.items.map((entry) => [entry.action, entry.actor]).sort()).toEqual([
    ['stress-test.approved', 'hq-approver'],
    ['stress-test.completed', 'hq-owner'],
  ]);
  const printed = await app.request<string>('GET', `${url}/print`, { as: as.sh });
  expect(printed.status).toBe(200);
  expect(printed.text).toContain('压力测试 Stress test BR-SH 2026-Q1 → 2026-Q2');
  expect(printed.text).toContain('年化损失率15% Annualized loss rate 15 %');
  expect(printed.text).toContain('已审批 Approved by hq-approver');
});

test('a branch sees only its own units’ results: 404 outside, its list narrowed', async () => {
  const list = await app.request<{ items: { resultId: string; orgUnit: string }[] }>('GET', '/api/v1/stress-tests', { as: as.sh });
  expect(list.status).toBe(200);
  expect(list.body.items.length).toBeGreaterThan(0);
  expect(list.body.items.every((item) => item.orgUnit === 'BR-SH')).toBe(true);
  const id = list.body.items[0]!.resultId;
  expect((await app.request('GET', '/api/v1/stress-tests', { as: as.bj })).body).toEqual({ items: [] });
  expect((await app.request('GET', `/api/v1/stress-tests/${id}`, { as: as.bj })).status).toBe(404);
  expect((await app.request('GET', `/api/v1/stress-tests/${id}/print`, { as: as.bj })).status).toBe(404);
  expect((await app.request('GET', `/api/v1/stress-tests/${id}`, { as: as.sh })).status).toBe(200);
});

test('a scenario set without a named scenario is refused at submit, naming it; extra scenarios run beside the seven', async () => {
  const content = standardContent('stress.scenario') as unknown as { rules: { name: string; event: { params: Record<string, unknown> } }[]; tests: unknown[] };
  const without = { ...content, rules: content.rules.filter((rule) => rule.name !== 'scenario-loss-rate-15'), tests: [] };
  const draft = await app.request<{ version: number }>('POST', '/api/v1/rulesets/stress.scenario/versions', {
    as: as.owner,
    body: { basedOnVersion: 1, ruleSet: without },
  });
  expect(draft.status).toBe(201);
  const submit = await app.request<ErrorBody>('POST', `/api/v1/rulesets/stress.scenario/versions/${draft.body.version}/submit`, { as: as.owner, body: {} });
  expect([submit.status, submit.body.error.code]).toEqual([422, 'rule_set_invalid']);
  expect(submit.body.error.details).toEqual([expect.objectContaining({ path: '/ruleSet/rules', scenario: 'loss-rate-15' })]);

  // Version 3: the seven, one extra liquidity scenario, and a comprehensive threshold of 155 % (the worked example's).
  const extra = structuredClone(content);
  const premium30 = structuredClone(extra.rules[0]!);
  premium30.name = 'scenario-premium-30';
  premium30.event.params = { ...premium30.event.params, id: 'premium-30', label: '保费收入下降30% Premium income -30 %', premiumIncomeChangePercent: -30 };
  extra.rules.push(premium30);
  (extra as unknown as { parameters: Record<string, { value: number }> }).parameters.comprehensiveSolvencyMinimumPercent!.value = 155;
  extra.tests = [];
  const v3 = await app.request<{ version: number }>('POST', '/api/v1/rulesets/stress.scenario/versions', {
    as: as.owner,
    body: { basedOnVersion: 2, ruleSet: extra },
  });
  expect(v3.status).toBe(201);
  const base = `/api/v1/rulesets/stress.scenario/versions/${v3.body.version}`;
  expect((await app.request('POST', `${base}/submit`, { as: as.owner, body: {} })).status).toBe(200);
  expect((await app.request('POST', `${base}/approve`, { as: as.approver, body: {} })).status).toBe(200);
  expect((await app.request('POST', `${base}/publish`, { as: as.approver, body: {} })).status).toBe(200);
  const result = await eventually(
    async () => (await app.request<Result>('POST', '/api/v1/stress-tests', { as: as.owner, body: { orgUnit: 'BR-SH', period: '2026-Q1' } })).body,
    (body) => body.scenarioSet?.version === 3,
  );
  expect(scenarioIds(result)).toEqual([...MANDATED.slice(0, 4), 'premium-30', ...MANDATED.slice(4)]);
  expect(result.liquidity.scenarios.map((scenario) => scenario.mandated)).toEqual([...MANDATED.slice(0, 4), null]);
  // Against 155 %: 10 % and 15 % pass, 20 % (151.23 %) breaches.
  expect(result.solvency.scenarios.map((scenario) => scenario.thresholds!.find((threshold) => threshold.id === 'comprehensive')!.outcome)).toEqual([
    'pass',
    'pass',
    'breach',
  ]);
  expect(result.breaches).toBe(1);
});

test('the stress-tests job runs every unit with financials for the quarter just ended, once', async () => {
  await app.request('POST', '/api/v1/stress-tests/financials', { as: as.owner, body: { ...FINANCIALS, orgUnit: 'HQ', period: '2025-Q4' } });
  await app.request('POST', '/api/v1/stress-tests/financials', { as: as.owner, body: { ...FINANCIALS, orgUnit: 'BR-SH', period: '2025' } });
  const run = await runJob(app, 'stress-tests', { month: '2025-12' });
  expect(run.counts).toMatchObject({ periods: 2, stored: 2 });
  const list = await app.request<{ items: { period: string; orgUnit: string; requestedBy: string }[] }>('GET', '/api/v1/stress-tests');
  expect(
    list.body.items
      .filter((item) => item.requestedBy === 'job:stress-tests')
      .map((item) => `${item.orgUnit} ${item.period}`)
      .sort(),
  ).toEqual(['BR-SH 2025', 'HQ 2025-Q4']);
});

test('the result list pages by keyset: one at a time gives every result once, newest first', async () => {
  const all = (await app.request<{ items: { resultId: string; createdAt: string }[] }>('GET', '/api/v1/stress-tests?limit=200')).body.items;
  expect(all.length).toBeGreaterThanOrEqual(4);
  const paged: string[] = [];
  let before: string | undefined;
  do {
    const page = await app.request<{ items: { resultId: string }[]; nextBefore?: string }>(
      'GET',
      `/api/v1/stress-tests?limit=1${before ? `&before=${encodeURIComponent(before)}` : ''}`,
    );
    expect(page.status).toBe(200);
    paged.push(...page.body.items.map((item) => item.resultId));
    before = page.body.nextBefore;
  } while (before);
  expect(paged).toEqual(all.map((item) => item.resultId));
  expect([...all].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((item) => item.resultId)).toEqual(all.map((item) => item.resultId));
});
