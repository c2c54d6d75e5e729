import { startTestApp, type TestApp } from '../../support/test-app';
import { createIntegrationKey, type ErrorBody } from './helpers';

/**
 * A fact a rule needs but the caller did not send still makes its conditions
 * false (the contract), and now every answer says so in `missingFacts`; strict calls (by request
 * or by API key) are refused with 422 naming the facts, and nothing is logged for them.
 */
interface Evaluation {
  decisionId: string;
  events: { type: string; params?: Record<string, unknown>; rule?: string }[];
  missingFacts: string[];
  explanation?: { rules: { name: string; result: boolean; missingFacts: string[]; conditions: unknown }[]; missingFacts: string[] };
}
interface BatchResult {
  results: {
    index: number;
    decisionId?: string;
    events?: unknown[];
    missingFacts?: string[];
    error?: { code: string; details: { path: string; fact?: string; rules?: string[] }[] };
  }[];
}

const EVALUATE = '/api/v1/rulesets/claim.trigger/evaluate';
/** The integrator's call from the issue: a requested claim with dpd 0, no overdueAmount. */
const INTEGRATOR = { dpd: 0, claimStatus: 'requested' };
const COMPLETE = { dpd: 0, claimStatus: 'requested', overdueAmount: 0, claimPointDays: 90, repaymentResumed: false, contractClaimConditionMet: false };

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

/** The answer fits its declared response schema (the OpenAPI document cannot drift from it). */
function expectSchema(schema: string, body: unknown): void {
  expect(app.platform.schemas.check(schema, body)).toEqual([]);
}

async function decisionCount(): Promise<number> {
  const response = await app.request<{ items: unknown[] }>('GET', '/api/v1/decisions?ruleSet=claim.trigger&limit=500');
  return response.body.items.length;
}

test("the integrator's call gets no event, as before, and is told overdueAmount was missing (through the fast path)", async () => {
  const served = app.platform.fastPath.served;
  const response = await app.request<Evaluation>('POST', EVALUATE, { body: { facts: INTEGRATOR } });
  expect(app.platform.fastPath.served).toBe(served + 1);
  expect(response.status).toBe(200);
  expect(response.body.events).toEqual([]);
  expect(response.body.missingFacts).toContain('overdueAmount');
  expect(response.body.missingFacts).toEqual(['claimPointDays', 'overdueAmount', 'repaymentResumed']);
  expectSchema('rulesets/evaluation-result', response.body);

  // The same call with every fact decides every rule: nothing is missing, and the withdrawal advice fires.
  const complete = await app.request<Evaluation>('POST', EVALUATE, { body: { facts: COMPLETE } });
  expect(complete.body.missingFacts).toEqual([]);
  expect(complete.body.events.map((event) => event.params?.action)).toEqual(['advise-withdrawal']);
});

test('the decision log entry lists the missing facts', async () => {
  const response = await app.request<Evaluation>('POST', EVALUATE, { body: { facts: INTEGRATOR } });
  const logged = await app.request<{ missingFacts?: string[] }>('GET', `/api/v1/decisions/${response.body.decisionId}`);
  expect(logged.status).toBe(200);
  expect(logged.body.missingFacts).toEqual(['claimPointDays', 'overdueAmount', 'repaymentResumed']);
  expectSchema('decisions/decision', logged.body);
  const listed = await app.request<{ items: { decisionId: string; missingFacts?: string[] }[] }>('GET', '/api/v1/decisions?ruleSet=claim.trigger&limit=5');
  expect(listed.body.items.find((item) => item.decisionId === response.body.decisionId)!.missingFacts).toEqual([
    'claimPointDays',
    'overdueAmount',
    'repaymentResumed',
  ]);
  expectSchema('decisions/decision-list', listed.body);
  // Which calls came without overdueAmount: the log answers it.
  const complete = await app.request<Evaluation>('POST', EVALUATE, { body: { facts: COMPLETE } });
  const without = await app.request<{ items: { decisionId: string; missingFacts?: string[] }[] }>(
    'GET',
    '/api/v1/decisions?ruleSet=claim.trigger&missingFact=overdueAmount&limit=500',
  );
  expect(without.status).toBe(200);
  const ids = without.body.items.map((item) => item.decisionId);
  expect(ids).toContain(response.body.decisionId);
  expect(ids).not.toContain(complete.body.decisionId);
  expect(without.body.items.every((item) => item.missingFacts?.includes('overdueAmount'))).toBe(true);
});

test('the explanation has a real schema and names, per rule, the facts that left it undecided', async () => {
  const response = await app.request<Evaluation>('POST', EVALUATE, { body: { facts: INTEGRATOR, explain: true } });
  expect(response.status).toBe(200);
  expectSchema('rulesets/evaluation-explanation', response.body.explanation);
  expectSchema('rulesets/evaluation-result', response.body);
  const rules = response.body.explanation!.rules;
  expect(rules.find((rule) => rule.name === 'advise-withdrawal')!.missingFacts).toEqual(['overdueAmount']);
  expect(rules.find((rule) => rule.name === 'suspend-claim')!.missingFacts).toEqual(['claimPointDays', 'overdueAmount', 'repaymentResumed']);
  // The claim is already requested: the open-claim rules are decided false by the facts sent.
  expect(rules.find((rule) => rule.name === 'open-claim-at-claim-point')!.missingFacts).toEqual([]);
  expect(response.body.explanation!.missingFacts).toEqual(response.body.missingFacts);
  // A schema that checks: a leaf with an unknown property is refused.
  expect(app.platform.schemas.check('rulesets/evaluation-condition', { fact: 'dpd', operator: 'equal', expected: 1, result: true, surprise: 1 })).not.toEqual(
    [],
  );
});

test('strict: true refuses the call with 422 missing_facts naming overdueAmount, and logs nothing', async () => {
  const before = await decisionCount();
  const response = await app.request<ErrorBody>('POST', EVALUATE, { body: { facts: INTEGRATOR, strict: true } });
  expect(response.status).toBe(422);
  expect(response.body.error.code).toBe('missing_facts');
  expect(response.body.error.message).toContain('overdueAmount');
  expect(response.body.error.details).toEqual([
    expect.objectContaining({ path: '/body/facts/claimPointDays', fact: 'claimPointDays', rules: ['suspend-claim'] }),
    expect.objectContaining({ path: '/body/facts/overdueAmount', fact: 'overdueAmount', rules: ['advise-withdrawal', 'suspend-claim'] }),
    expect.objectContaining({ path: '/body/facts/repaymentResumed', fact: 'repaymentResumed', rules: ['suspend-claim'] }),
  ]);
  // A strict call with every fact needed is answered as usual.
  const complete = await app.request<Evaluation>('POST', EVALUATE, { body: { facts: COMPLETE, strict: true } });
  expect(complete.status).toBe(200);
  expect(await decisionCount()).toBe(before + 1);
});

test('a key with restrictions.strictFacts makes every call strict, whatever the request says', async () => {
  const strictKey = await createIntegrationKey(app, 'strict-claims', { ruleSetKeys: ['claim.trigger'], strictFacts: true });
  const keys = await app.request<{ items: { name: string; restrictions?: Record<string, unknown> }[] }>('GET', '/api/v1/api-keys');
  expect(keys.body.items.find((key) => key.name === 'strict-claims')!.restrictions).toEqual({ ruleSetKeys: ['claim.trigger'], strictFacts: true });
  const refused = await app.request<ErrorBody>('POST', EVALUATE, { body: { facts: INTEGRATOR, strict: false }, as: strictKey });
  expect(refused.status).toBe(422);
  expect(refused.body.error.code).toBe('missing_facts');
  expect(refused.body.error.details.map((detail) => detail.path)).toContain('/body/facts/overdueAmount');
  expect((await app.request('POST', EVALUATE, { body: { facts: COMPLETE }, as: strictKey })).status).toBe(200);
  // Without the setting a key is lenient, as before.
  const lenientKey = await createIntegrationKey(app, 'lenient-claims', { ruleSetKeys: ['claim.trigger'] });
  const lenient = await app.request<Evaluation>('POST', EVALUATE, { body: { facts: INTEGRATOR }, as: lenientKey });
  expect([lenient.status, lenient.body.missingFacts]).toEqual([200, ['claimPointDays', 'overdueAmount', 'repaymentResumed']]);
});

test('batch: each result lists its missing facts; strict refuses only the items that miss facts', async () => {
  const items = [{ facts: INTEGRATOR }, { facts: COMPLETE }];
  const lenient = await app.request<BatchResult>('POST', `${EVALUATE}/batch`, { body: { items } });
  expect(lenient.status).toBe(200);
  expect(lenient.body.results.map((result) => result.missingFacts)).toEqual([['claimPointDays', 'overdueAmount', 'repaymentResumed'], []]);
  expectSchema('rulesets/evaluation-batch-result', lenient.body);
  const strict = await app.request<BatchResult>('POST', `${EVALUATE}/batch`, { body: { items, strict: true } });
  expect(strict.status).toBe(200);
  expect(strict.body.results[0]!.decisionId).toBeUndefined();
  expect(strict.body.results[0]!.error).toMatchObject({
    code: 'missing_facts',
    details: expect.arrayContaining([expect.objectContaining({ path: '/body/items/0/facts/overdueAmount' })]),
  });
  expect(strict.body.results[1]).toMatchObject({ index: 1, decisionId: expect.any(String), missingFacts: [] });
  expectSchema('rulesets/evaluation-batch-result', strict.body);
});

test('try-it in the studio lists the missing facts beside the explanation', async () => {
  const owner = await app.createUserAndLogin('missing-owner', ['policy-owner']);
  const response = await app.request<{ missingFacts: string[]; explanation: Evaluation['explanation'] }>(
    'POST',
    '/api/v1/rulesets/claim.trigger/versions/1/try',
    { as: owner, body: { facts: INTEGRATOR } },
  );
  expect(response.status).toBe(200);
  expect(response.body.missingFacts).toEqual(['claimPointDays', 'overdueAmount', 'repaymentResumed']);
  expect(response.body.explanation!.rules.find((rule) => rule.name === 'advise-withdrawal')!.missingFacts).toEqual(['overdueAmount']);
  expectSchema('studio/try-result', response.body);
});
