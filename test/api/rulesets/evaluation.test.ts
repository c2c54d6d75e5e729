import { STANDARD_PACK_KEYS } from '../../support/standard-pack';
import { startTestApp, type TestApp } from '../../support/test-app';

interface EvaluationBody {
  decisionId: string;
  ruleSet: { key: string; version: number; hash: string };
  events: { type: string; params?: Record<string, unknown>; rule?: string }[];
  explanation?: { rules: { name: string; result: boolean; basis: string; conditions: Record<string, unknown> }[] };
}
interface ErrorBody {
  error: { code: string; message: string; details: { path?: string; message: string }[] };
}

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

test('the standard pack is seeded as published version 1 of every rule set in rules/', async () => {
  const response = await app.request<{ items: { key: string; activeVersion: number; versions: { version: number; state: string; author: string }[] }[] }>(
    'GET',
    '/api/v1/rulesets',
  );
  expect(response.status).toBe(200);
  expect(STANDARD_PACK_KEYS).toEqual(expect.arrayContaining(['claim.trigger', 'collection.action', 'collection.assignment', 'warning.obligor']));
  expect(response.body.items.map((item) => item.key).sort()).toEqual(STANDARD_PACK_KEYS);
  for (const item of response.body.items) {
    expect(item.activeVersion).toBe(1);
    expect(item.versions).toEqual([expect.objectContaining({ version: 1, state: 'published', author: 'system' })]);
  }
  const detail = await app.request<{ history: { action: string; actor: string; reason: string }[] }>('GET', '/api/v1/rulesets/claim.trigger');
  expect(detail.body.history).toEqual([expect.objectContaining({ action: 'seed', actor: 'system' })]);
});

test('seeding again (a second start) changes nothing', async () => {
  await app.platform.bootstrap(() => undefined);
  const response = await app.request<{ summary: { latestVersion: number }; history: unknown[] }>('GET', '/api/v1/rulesets/warning.obligor');
  expect(response.body.summary.latestVersion).toBe(1);
  expect(response.body.history).toHaveLength(1);
});

test('95 days past due with a claim point of 90 opens a claim, with the version and hash that decided', async () => {
  const response = await app.request<EvaluationBody>('POST', '/api/v1/rulesets/claim.trigger/evaluate', {
    body: { facts: { dpd: 95, claimPointDays: 90, claimStatus: 'none', overdueAmount: 12000 } },
  });
  expect(response.status).toBe(200);
  expect(response.body.ruleSet).toEqual({ key: 'claim.trigger', version: 1, hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
  expect(response.body.decisionId).toMatch(/^[0-9a-f-]{36}$/);
  expect(response.body.events).toEqual([
    { type: 'claim', params: { action: 'open-claim', basis: 'Art. 15', reason: 'claim-point-reached' }, rule: 'open-claim-at-claim-point' },
  ]);
  expect(response.body.explanation).toBeUndefined();
});

test("explain lists every rule with each condition's fact value, operator, expected value and result", async () => {
  const response = await app.request<EvaluationBody>('POST', '/api/v1/rulesets/collection.action/evaluate', {
    body: { facts: { channel: 'call', localTime: '22:01', debtorConsent: false }, explain: true },
  });
  expect(response.status).toBe(200);
  expect(response.body.events).toEqual([
    expect.objectContaining({ type: 'collection', params: expect.objectContaining({ decision: 'block', reason: 'quiet-hours' }) }),
  ]);
  const rules = response.body.explanation!.rules;
  expect(rules.map((rule) => rule.name)).toContain('allow');
  const quiet = rules.find((rule) => rule.name === 'block-quiet-hours')!;
  expect(quiet.result).toBe(true);
  expect(quiet.basis).toMatch(/industry practice/);
  expect(quiet.conditions).toEqual({
    result: true,
    all: [
      { fact: 'channel', operator: 'in', expected: ['call', 'ai-call', 'sms', 'visit'], params: ['quietHoursChannels'], factValue: 'call', result: true },
      {
        fact: 'localTime',
        operator: 'timeWithin',
        expected: ['22:00', '08:00'],
        params: ['quietHoursStart', 'quietHoursEnd'],
        factValue: '22:01',
        result: true,
      },
      { not: { fact: 'debtorConsent', operator: 'equal', expected: true, factValue: false, result: false }, result: true },
    ],
  });
  expect(rules.find((rule) => rule.name === 'allow')!.result).toBe(false);
});

test("facts that break the family's fact schema are a 400 naming the paths", async () => {
  const response = await app.request<ErrorBody>('POST', '/api/v1/rulesets/collection.action/evaluate', {
    body: { facts: { channel: 'pigeon', localTime: '25:00', attemptsToNumberToday: 'three' } },
  });
  expect(response.status).toBe(400);
  expect(response.body.error.code).toBe('invalid_facts');
  expect(response.body.error.details.map((detail) => detail.path).sort()).toEqual([
    '/body/facts/attemptsToNumberToday',
    '/body/facts/channel',
    '/body/facts/localTime',
  ]);
});

test('absent facts make their conditions false rather than failing', async () => {
  const response = await app.request<EvaluationBody>('POST', '/api/v1/rulesets/warning.obligor/evaluate', { body: { facts: {} } });
  expect(response.status).toBe(200);
  expect(response.body.events).toEqual([]);
});

test('an unknown rule set is a 404 and a draft version cannot be evaluated by number', async () => {
  expect((await app.request('POST', '/api/v1/rulesets/no.such/evaluate', { body: { facts: {} } })).status).toBe(404);
  const missing = await app.request<ErrorBody>('POST', '/api/v1/rulesets/claim.trigger/evaluate', { body: { facts: {}, version: 7 } });
  expect(missing.status).toBe(404);
});

test('batch evaluation returns results in order with per-item errors', async () => {
  const items = [
    { facts: { dpd: 95, claimPointDays: 90 } },
    { facts: { dpd: 'ninety' } },
    { facts: { dpd: 0, claimPointDays: 90, claimStatus: 'requested', overdueAmount: 0 } },
  ];
  const response = await app.request<{
    ruleSet: { version: number };
    results: { index: number; decisionId?: string; events?: { params?: Record<string, unknown> }[]; error?: { code: string; details: { path: string }[] } }[];
  }>('POST', '/api/v1/rulesets/claim.trigger/evaluate/batch', { body: { items } });
  expect(response.status).toBe(200);
  expect(response.body.results.map((result) => result.index)).toEqual([0, 1, 2]);
  expect(response.body.results[0]!.events![0]!.params!.action).toBe('open-claim');
  expect(response.body.results[1]!.error).toMatchObject({ code: 'invalid_facts', details: [{ path: '/body/items/1/facts/dpd' }] });
  expect(response.body.results[1]!.decisionId).toBeUndefined();
  expect(response.body.results[2]!.events![0]!.params!.action).toBe('advise-withdrawal');
});

test('a batch of 10,000 is accepted and 10,001 refused', async () => {
  const facts = { channel: 'call', localTime: '10:00', debtorConsent: false };
  const ok = await app.request<{ results: unknown[] }>('POST', '/api/v1/rulesets/collection.action/evaluate/batch', {
    body: { items: Array.from({ length: 10000 }, () => ({ facts })) },
  });
  expect(ok.status).toBe(200);
  expect(ok.body.results).toHaveLength(10000);
  const tooMany = await app.request('POST', '/api/v1/rulesets/collection.action/evaluate/batch', {
    body: { items: Array.from({ length: 10001 }, () => ({ facts })) },
  });
  expect(tooMany.status).toBe(400);
}, 60000);

test('concurrent evaluations do not lose events across priority tiers', async () => {
  const facts = { dpd: 70, overdueAmount: 80000, scoreDrop: 130, customerTier: 'near-prime', channel: 'bank-branch' };
  const responses = await Promise.all(
    Array.from({ length: 40 }, () => app.request<EvaluationBody>('POST', '/api/v1/rulesets/warning.obligor/evaluate', { body: { facts } })),
  );
  for (const response of responses) {
    expect(response.body.events.map((event) => event.rule)).toEqual(['red-dpd', 'orange-overdue-amount', 'orange-score-drop']);
  }
});

test("the rule catalog lists each family's facts and events and every operator", async () => {
  const response = await app.request<{
    families: { family: string; facts: string[]; events: { type: string }[] }[];
    operators: { name: string; value: string }[];
  }>('GET', '/api/v1/rule-catalog');
  expect(response.status).toBe(200);
  const collection = response.body.families.find((family) => family.family === 'collection.action')!;
  expect(collection.facts).toEqual(
    expect.arrayContaining([
      'channel',
      'localTime',
      'debtorConsent',
      'target',
      'debtorReachable',
      'payeeAccountType',
      'attemptsToNumberToday',
      'effectiveCallsToday',
      'contentFlags',
      'vendorStatus',
    ]),
  );
  expect(collection.events).toEqual([expect.objectContaining({ type: 'collection' })]);
  expect(response.body.operators).toContainEqual(expect.objectContaining({ name: 'timeWithin', value: 'time-pair' }));
});

test('the fact names of the API contract are all accepted', async () => {
  const contract: Record<string, string[]> = {
    'warning.obligor': [
      'dpd',
      'overdueAmount',
      'remainingPrincipal',
      'scoreDrop',
      'grade',
      'customerTier',
      'channel',
      'monthsOnBook',
      'orgUnit',
      'product',
      'loanAmount',
      'installmentCount',
      'installmentsPaid',
      'repaidAmount',
      'nextDueDate',
      'bucket',
      'claimed',
      'score',
    ],
    'warning.portfolio': [
      'loanAmount',
      'remainingPrincipal',
      'm0Principal',
      'm1Principal',
      'm2Principal',
      'm3Principal',
      'm0_1',
      'm0_2',
      'overdueRate',
      'annualizedLossRate',
      'premiumIncome',
      'premiumReceivable',
      'combinedLossRatio',
      'combinedExpenseRatio',
      'retainedLiability',
      'loanCount',
      'orgUnit',
      'product',
      'channel',
      'customerTier',
      'vintage',
    ],
    'claim.trigger': ['dpd', 'claimPointDays', 'claimStatus', 'overdueAmount', 'remainingPrincipal'],
    'vendor.admission': [
      'isLawFirm',
      'businessRegistered',
      'ownSecureSystem',
      'phoneTeamSize',
      'monthsInBusiness',
      'bankCollectionExperienceMonths',
      'illegalOrCriminalRecord',
      'legalRepresentativeIllegalOrCriminalRecord',
      'blacklisted',
      'legalRepresentativeBlacklisted',
      'otherAdverseRecord',
      'legalRepresentativeOtherAdverseRecord',
    ],
  };
  const catalog = await app.request<{ families: { family: string; facts: string[] }[] }>('GET', '/api/v1/rule-catalog');
  for (const [family, facts] of Object.entries(contract)) {
    expect(catalog.body.families.find((entry) => entry.family === family)!.facts).toEqual(expect.arrayContaining(facts));
  }
});
