import { startTestApp, type TestApp } from '../../support/test-app';
import { createOrgUnits, type ErrorBody } from './helpers';

/**
 * Delegated authority over HTTP with real users of several units:
 *   HQ ── BR-SH ── BR-SH-PD (sub-branch)
 *     └─ BR-BJ
 * The tests run in order and tell one story: HQ grants Shanghai bounds on warning.obligor,
 * Shanghai sets values within them, HQ narrows the grant, the sub-branch inherits and narrows.
 */
const KEY = 'warning.obligor';
const GRANTS = (unit: string) => `/api/v1/authority/grants/${unit}/${KEY}/versions`;
const OVERLAYS = (unit: string) => `/api/v1/authority/overlays/${unit}/${KEY}/versions`;

interface Version {
  orgUnit: string;
  version: number;
  state: string;
  inForce: boolean;
  revision: number;
  approvedBy?: string;
  values?: Record<string, unknown>;
  grant?: Record<string, unknown>;
}
interface Effective {
  ruleSet: { key: string; version: number };
  path: string[];
  overlays: { orgUnit: string; version: number }[];
  parameters: Record<
    string,
    {
      value: unknown;
      origin: { kind: string; orgUnit?: string; version?: number };
      ruleSetValue: unknown;
      granted: boolean;
      bounds: { min?: number; max?: number; allowedValues?: unknown[] };
      grantedBy?: { orgUnit: string; inherited: boolean };
    }
  >;
  conflicts: { orgUnit: string; parameter: string; value: unknown; reason: string }[];
}
interface Evaluation {
  decisionId: string;
  events: { type: string; params?: { level?: string } }[];
}

let app: TestApp;
const as: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp();
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
    ['BR-SH-PD', 'BR-SH'],
  ]);
  const users: [string, string[], string][] = [
    ['hq-owner', ['policy-owner'], 'HQ'],
    ['hq-approver', ['approver'], 'HQ'],
    ['sh-owner', ['policy-owner'], 'BR-SH'],
    ['sh-approver', ['approver'], 'BR-SH'],
    ['sh-operator', ['branch-operator'], 'BR-SH'],
    ['bj-owner', ['policy-owner'], 'BR-BJ'],
    ['bj-approver', ['approver'], 'BR-BJ'],
    ['bj-operator', ['branch-operator'], 'BR-BJ'],
    ['pd-owner', ['policy-owner'], 'BR-SH-PD'],
    ['pd-approver', ['approver'], 'BR-SH-PD'],
  ];
  for (const [name, roles, unit] of users) as[name] = await app.createUserAndLogin(name, roles, unit);
}, 60_000);
afterAll(() => app.close());

/** Draft → submit → approve → publish, each step expected to succeed. */
async function publishThrough(base: string, body: Record<string, unknown>, author: string, approver: string): Promise<Version> {
  const draft = await app.request<Version>('POST', base, { body, as: as[author] });
  expect(draft.status).toBe(201);
  const version = draft.body.version;
  expect((await app.request('POST', `${base}/${version}/submit`, { body: {}, as: as[author] })).status).toBe(200);
  expect((await app.request('POST', `${base}/${version}/approve`, { body: { reason: 'checked' }, as: as[approver] })).status).toBe(200);
  const published = await app.request<Version>('POST', `${base}/${version}/publish`, { body: {}, as: as[approver] });
  expect(published.status).toBe(200);
  return published.body;
}

const obligor = {
  dpd: 31,
  customerTier: 'near-prime',
  channel: 'bank-branch',
  product: 'consumer',
  monthsOnBook: 12,
  overdueAmount: 3000,
  scoreDrop: 0,
  grade: 'B',
};
const evaluate = (facts: Record<string, unknown>, orgUnit?: string, token?: string) =>
  app.request<Evaluation & ErrorBody>('POST', `/api/v1/rulesets/${KEY}/evaluate`, { body: { facts, ...(orgUnit ? { orgUnit } : {}) }, as: token });
const level = (result: Pick<Evaluation, 'events'>) => result.events.find((event) => event.type === 'warning')?.params?.level ?? 'none';
const effective = (unit: string, token?: string) =>
  app.request<Effective & ErrorBody>('GET', `/api/v1/rulesets/${KEY}/effective?orgUnit=${unit}`, { as: token });

const shanghaiGrant = {
  inheritToSubBranches: true,
  parameters: { orangeDpd: { min: 20, max: 40 }, yellowDpd: { min: 5, max: 15 }, watchGrades: { allowedValues: ['C', 'D', 'E'] } },
};

test('HQ grants Shanghai bounds through maker-checker; invalid bounds, self-grants, stale edits and self-approval are refused', async () => {
  const invalid = await app.request<ErrorBody>('POST', GRANTS('BR-SH'), {
    body: {
      basedOnVersion: 0,
      grant: { inheritToSubBranches: false, parameters: { orangeDpd: { min: 5, max: 40 }, watchGrades: { min: 1 }, noSuchThing: { max: 1 } } },
    },
    as: as['hq-owner'],
  });
  expect(invalid.status).toBe(422);
  expect(invalid.body.error.code).toBe('grant_invalid');
  expect(invalid.body.error.details.map((detail) => detail.path).sort()).toEqual([
    '/body/grant/parameters/noSuchThing',
    '/body/grant/parameters/orangeDpd/min',
    '/body/grant/parameters/watchGrades/min',
  ]);
  const badShape = await app.request<ErrorBody>('POST', GRANTS('BR-SH'), {
    body: { basedOnVersion: 0, grant: { parameters: { orangeDpd: {} } } },
    as: as['hq-owner'],
  });
  expect(badShape.status).toBe(400);
  expect(badShape.body.error.details.map((detail) => detail.path)).toEqual(
    expect.arrayContaining(['/body/grant/inheritToSubBranches', '/body/grant/parameters/orangeDpd']),
  );

  // A branch never grants itself authority, and another branch's grants do not exist for it.
  const selfGrant = await app.request<ErrorBody>('POST', GRANTS('BR-SH'), { body: { basedOnVersion: 0, grant: shanghaiGrant }, as: as['sh-owner'] });
  expect(selfGrant.status).toBe(403);
  expect((await app.request('POST', GRANTS('BR-SH'), { body: { basedOnVersion: 0, grant: shanghaiGrant }, as: as['bj-owner'] })).status).toBe(404);

  const draft = await app.request<Version>('POST', GRANTS('BR-SH'), {
    body: { basedOnVersion: 0, reason: 'let Shanghai tune dpd bands', grant: { ...shanghaiGrant, inheritToSubBranches: false } },
    as: as['hq-owner'],
  });
  expect(draft.status).toBe(201);
  expect(draft.body).toMatchObject({ orgUnit: 'BR-SH', version: 1, state: 'draft', revision: 1, inForce: false });
  expect((await app.request<ErrorBody>('POST', GRANTS('BR-SH'), { body: { basedOnVersion: 0, grant: shanghaiGrant }, as: as['hq-owner'] })).status).toBe(409);

  // Two editors read revision 1; the first save wins, the second is a 409 and changes nothing.
  const first = await app.request<Version>('PUT', `${GRANTS('BR-SH')}/1`, { body: { revision: 1, grant: shanghaiGrant }, as: as['hq-owner'] });
  expect(first.status).toBe(200);
  expect(first.body.revision).toBe(2);
  const second = await app.request<ErrorBody>('PUT', `${GRANTS('BR-SH')}/1`, {
    body: { revision: 1, grant: { ...shanghaiGrant, parameters: {} } },
    as: as['hq-owner'],
  });
  expect(second.status).toBe(409);
  expect(second.body.error).toMatchObject({ code: 'stale_version', details: [{ path: '/body/revision' }] });

  expect((await app.request('POST', `${GRANTS('BR-SH')}/1/submit`, { body: {}, as: as['hq-owner'] })).status).toBe(200);
  const ownApproval = await app.request<ErrorBody>('POST', `${GRANTS('BR-SH')}/1/approve`, { body: {}, as: as['hq-owner'] });
  expect(ownApproval.status).toBe(403);
  // The branch's own approver cannot approve its authority either.
  const branchApproval = await app.request<ErrorBody>('POST', `${GRANTS('BR-SH')}/1/approve`, { body: {}, as: as['sh-approver'] });
  expect(branchApproval.status).toBe(403);
  expect(branchApproval.body.error.code).toBe('out_of_scope');
  expect((await app.request('POST', `${GRANTS('BR-SH')}/1/publish`, { body: {}, as: as['hq-approver'] })).status).toBe(409);
  expect((await app.request<Version>('POST', `${GRANTS('BR-SH')}/1/approve`, { body: {}, as: as['hq-approver'] })).body).toMatchObject({
    state: 'approved',
    approvedBy: 'hq-approver',
  });
  const published = await app.request<Version>('POST', `${GRANTS('BR-SH')}/1/publish`, { body: { reason: 'go' }, as: as['hq-approver'] });
  expect(published.body).toMatchObject({ state: 'published', inForce: true });

  const history = await app.request<{ items: { action: string; actor: string }[] }>('GET', '/api/v1/audit?entityKind=grant&entityId=BR-SH/warning.obligor');
  expect(history.body.items.map((entry) => [entry.action, entry.actor]).reverse()).toEqual([
    ['create', 'hq-owner'],
    ['update', 'hq-owner'],
    ['submit', 'hq-owner'],
    ['approve', 'hq-approver'],
    ['publish', 'hq-approver'],
  ]);
});

test('a branch sets values within its bounds; out-of-bounds drafts name the parameter, the value and the bounds', async () => {
  const tooHigh = await app.request<ErrorBody>('POST', OVERLAYS('BR-SH'), {
    body: { basedOnVersion: 0, values: { orangeDpd: 45, redDpd: 70, watchGrades: ['D', 'X'], yellowDpd: '9' } },
    as: as['sh-owner'],
  });
  expect(tooHigh.status).toBe(422);
  expect(tooHigh.body.error.code).toBe('out_of_bounds');
  expect(tooHigh.body.error.message).toContain('orangeDpd = 45 is outside the bounds in force for BR-SH (20 to 40)');
  expect(tooHigh.body.error.details).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ path: '/body/values/orangeDpd', parameter: 'orangeDpd', value: 45, reason: 'out_of_bounds', bounds: { min: 20, max: 40 } }),
      expect.objectContaining({ path: '/body/values/redDpd', reason: 'not_granted' }),
      expect.objectContaining({ path: '/body/values/watchGrades', reason: 'out_of_bounds', message: expect.stringContaining('"X"') }),
      expect.objectContaining({ path: '/body/values/yellowDpd', reason: 'wrong_type' }),
    ]),
  );

  expect(level((await evaluate(obligor, 'BR-SH')).body)).toBe('orange');
  const draft = await app.request<Version>('POST', OVERLAYS('BR-SH'), {
    body: { basedOnVersion: 0, values: { orangeDpd: 35, yellowDpd: 10 } },
    as: as['sh-owner'],
  });
  expect(draft.status).toBe(201);
  expect((await app.request('POST', `${OVERLAYS('BR-SH')}/1/submit`, { body: {}, as: as['sh-owner'] })).status).toBe(200);
  expect((await app.request<ErrorBody>('POST', `${OVERLAYS('BR-SH')}/1/approve`, { body: {}, as: as['sh-owner'] })).status).toBe(403);
  // Beijing's approver cannot even see Shanghai's overlay; the sub-branch's approver sits below it.
  expect((await app.request('POST', `${OVERLAYS('BR-SH')}/1/approve`, { body: {}, as: as['bj-approver'] })).status).toBe(404);
  expect((await app.request('POST', `${OVERLAYS('BR-SH')}/1/approve`, { body: {}, as: as['pd-approver'] })).status).toBe(404);
  expect((await app.request('POST', `${OVERLAYS('BR-SH')}/1/approve`, { body: {}, as: as['sh-approver'] })).status).toBe(200);
  expect((await app.request<Version>('POST', `${OVERLAYS('BR-SH')}/1/publish`, { body: {}, as: as['sh-approver'] })).body).toMatchObject({
    state: 'published',
    inForce: true,
  });

  // 31 days past due: orange at HQ's threshold of 30, yellow under Shanghai's 35.
  const shanghai = await evaluate(obligor, 'BR-SH');
  expect(level(shanghai.body)).toBe('yellow');
  expect(level((await evaluate(obligor)).body)).toBe('orange');
  const decision = await app.request<{ orgUnit: string; overlays: { orgUnit: string; version: number }[] }>(
    'GET',
    `/api/v1/decisions/${shanghai.body.decisionId}`,
  );
  expect(decision.body).toMatchObject({ orgUnit: 'BR-SH', overlays: [{ orgUnit: 'BR-SH', version: 1 }] });

  // A Shanghai key evaluating without naming a unit gets Shanghai's rule set.
  expect(level((await evaluate(obligor, undefined, as['sh-operator'])).body)).toBe('yellow');
  // Internet business is HQ's whatever branch the loan names: no overlay, and the decision is HQ's.
  const internet = await evaluate({ ...obligor, channel: 'online-app' }, 'BR-SH');
  expect(level(internet.body)).toBe('orange');
  expect((await app.request<{ orgUnit: string; overlays?: unknown }>('GET', `/api/v1/decisions/${internet.body.decisionId}`)).body).toEqual(
    expect.objectContaining({ orgUnit: 'HQ' }),
  );
});

test("HQ narrows the grant: the overlay value now out of bounds is reported, evaluation falls back to HQ's value, and publishing out of bounds is refused", async () => {
  // Shanghai prepares a second version within today's bounds and gets it approved.
  const next = await app.request<Version>('POST', OVERLAYS('BR-SH'), {
    body: { basedOnVersion: 1, values: { orangeDpd: 38, yellowDpd: 10 } },
    as: as['sh-owner'],
  });
  expect(next.status).toBe(201);
  expect((await app.request('POST', `${OVERLAYS('BR-SH')}/2/submit`, { body: {}, as: as['sh-owner'] })).status).toBe(200);
  expect((await app.request('POST', `${OVERLAYS('BR-SH')}/2/approve`, { body: {}, as: as['sh-approver'] })).status).toBe(200);

  const narrowed = { ...shanghaiGrant, parameters: { ...shanghaiGrant.parameters, orangeDpd: { min: 20, max: 32 } } };
  expect((await publishThrough(GRANTS('BR-SH'), { basedOnVersion: 1, reason: 'too lenient', grant: narrowed }, 'hq-owner', 'hq-approver')).version).toBe(2);

  const refused = await app.request<ErrorBody>('POST', `${OVERLAYS('BR-SH')}/2/publish`, { body: {}, as: as['sh-approver'] });
  expect(refused.status).toBe(422);
  expect(refused.body.error).toMatchObject({
    code: 'out_of_bounds',
    message: expect.stringContaining('orangeDpd = 38 is outside the bounds in force for BR-SH (20 to 32)'),
    details: [expect.objectContaining({ path: '/values/orangeDpd', parameter: 'orangeDpd', value: 38, bounds: { min: 20, max: 32 } })],
  });
  expect((await app.request<Version>('GET', `${OVERLAYS('BR-SH')}/2`, { as: as['sh-owner'] })).body.state).toBe('approved');

  const conflicts = await app.request<{
    items: { orgUnit: string; ruleSetKey: string; overlayVersion: number; parameter: string; value: unknown; reason: string; bounds: unknown }[];
  }>('GET', '/api/v1/authority/conflicts', { as: as['sh-owner'] });
  expect(conflicts.status).toBe(200);
  expect(conflicts.body.items).toEqual([
    expect.objectContaining({
      orgUnit: 'BR-SH',
      ruleSetKey: KEY,
      overlayVersion: 1,
      parameter: 'orangeDpd',
      value: 35,
      reason: 'out_of_bounds',
      bounds: { min: 20, max: 32 },
    }),
  ]);

  // The value 35 is never used: 31 dpd is orange again (HQ's 30), while the in-bounds yellowDpd of 10 still applies.
  const fallback = await evaluate(obligor, 'BR-SH');
  expect(level(fallback.body)).toBe('orange');
  expect(level((await evaluate({ ...obligor, dpd: 9 }, 'BR-SH')).body)).toBe('none');
  const view = await effective('BR-SH', as['sh-owner']);
  expect(view.body.parameters.orangeDpd).toMatchObject({
    value: 30,
    origin: { kind: 'rule-set' },
    ruleSetValue: 30,
    granted: true,
    bounds: { min: 20, max: 32 },
  });
  expect(view.body.parameters.yellowDpd).toMatchObject({ value: 10, origin: { kind: 'overlay', orgUnit: 'BR-SH', version: 1 } });
  expect(view.body.conflicts).toEqual([expect.objectContaining({ orgUnit: 'BR-SH', parameter: 'orangeDpd', value: 35 })]);
});

test('a sub-branch inherits narrower bounds, may narrow them further but never widen, and the effective rule set resolves three levels', async () => {
  // The sub-branch holds Shanghai's authority by inheritance: within 20-32 for orangeDpd.
  const inherited = await app.request<ErrorBody>('POST', OVERLAYS('BR-SH-PD'), { body: { basedOnVersion: 0, values: { orangeDpd: 34 } }, as: as['pd-owner'] });
  expect(inherited.status).toBe(422);
  expect(inherited.body.error.message).toContain('(20 to 32)');

  // Its own grant may only narrow Shanghai's bounds (here written by Shanghai, which sits above it).
  const wider = await app.request<ErrorBody>('POST', GRANTS('BR-SH-PD'), {
    body: { basedOnVersion: 0, grant: { inheritToSubBranches: false, parameters: { orangeDpd: { min: 10, max: 35 } } } },
    as: as['sh-owner'],
  });
  expect(wider.status).toBe(422);
  expect(wider.body.error.details).toEqual([
    expect.objectContaining({ path: '/body/grant/parameters/orangeDpd', message: expect.stringContaining("wider than BR-SH's bounds") }),
  ]);
  const ownGrant = { inheritToSubBranches: false, parameters: { orangeDpd: { min: 22, max: 28 }, watchGrades: { allowedValues: ['C', 'D'] } } };
  await publishThrough(GRANTS('BR-SH-PD'), { basedOnVersion: 0, grant: ownGrant }, 'sh-owner', 'sh-approver');

  const outside = await app.request<ErrorBody>('POST', OVERLAYS('BR-SH-PD'), { body: { basedOnVersion: 0, values: { orangeDpd: 30 } }, as: as['pd-owner'] });
  expect(outside.status).toBe(422);
  expect(outside.body.error.details[0]).toMatchObject({ bounds: { min: 22, max: 28 } });
  await publishThrough(OVERLAYS('BR-SH-PD'), { basedOnVersion: 0, values: { orangeDpd: 26, watchGrades: ['C', 'D'] } }, 'pd-owner', 'sh-approver');
  // Shanghai sets its own value within the narrowed grant; the sub-branch keeps its own.
  await publishThrough(OVERLAYS('BR-SH'), { basedOnVersion: 2, values: { orangeDpd: 31, yellowDpd: 10 } }, 'sh-owner', 'sh-approver');

  const view = await effective('BR-SH-PD', as['pd-owner']);
  expect(view.status).toBe(200);
  expect(view.body.path).toEqual(['HQ', 'BR-SH', 'BR-SH-PD']);
  expect(view.body.overlays).toEqual([
    { orgUnit: 'BR-SH', version: 3 },
    { orgUnit: 'BR-SH-PD', version: 1 },
  ]);
  expect(view.body.parameters.redDpd).toMatchObject({ value: 60, origin: { kind: 'rule-set' }, granted: false });
  expect(view.body.parameters.yellowDpd).toMatchObject({
    value: 10,
    origin: { kind: 'overlay', orgUnit: 'BR-SH', version: 3 },
    granted: true,
    grantedBy: { orgUnit: 'BR-SH', inherited: true },
    bounds: { min: 5, max: 15 },
  });
  expect(view.body.parameters.orangeDpd).toMatchObject({
    value: 26,
    origin: { kind: 'overlay', orgUnit: 'BR-SH-PD', version: 1 },
    ruleSetValue: 30,
    bounds: { min: 22, max: 28 },
  });
  expect(view.body.parameters.watchGrades).toMatchObject({
    value: ['C', 'D'],
    origin: { kind: 'overlay', orgUnit: 'BR-SH-PD' },
    bounds: { allowedValues: ['C', 'D'] },
  });
  expect(view.body.conflicts).toEqual([]);

  // 27 dpd: orange in the sub-branch (26), yellow in Shanghai (31), yellow at HQ (30); a C grade is watched only below Shanghai.
  const subBranch = await evaluate({ ...obligor, dpd: 27 }, 'BR-SH-PD');
  expect(level(subBranch.body)).toBe('orange');
  expect(level((await evaluate({ ...obligor, dpd: 27 }, 'BR-SH')).body)).toBe('yellow');
  expect(level((await evaluate({ ...obligor, dpd: 0, grade: 'C' }, 'BR-SH-PD')).body)).toBe('yellow');
  expect(level((await evaluate({ ...obligor, dpd: 0, grade: 'C' })).body)).toBe('none');
  const decision = await app.request<{ overlays: unknown }>('GET', `/api/v1/decisions/${subBranch.body.decisionId}`, { as: as['pd-owner'] });
  expect(decision.body.overlays).toEqual([
    { orgUnit: 'BR-SH', version: 3 },
    { orgUnit: 'BR-SH-PD', version: 1 },
  ]);
  // A replay applies the unit's overlays too, so the same version decides the same.
  const replay = await app.request<{ difference: { same: boolean }; replay: { events: Evaluation['events'] } }>(
    'POST',
    `/api/v1/decisions/${subBranch.body.decisionId}/replay`,
    { body: {}, as: as['pd-owner'] },
  );
  expect(replay.status).toBe(200);
  expect(replay.body.difference.same).toBe(true);
  expect(level(replay.body.replay)).toBe('orange');
});

test("a branch operator cannot see another branch's overlays, grants, effective rule set, decisions or audit entries", async () => {
  const beijing = as['bj-operator'];
  expect((await app.request<{ items: Version[] }>('GET', '/api/v1/authority/overlays', { as: beijing })).body.items).toEqual([]);
  expect((await app.request<{ items: Version[] }>('GET', '/api/v1/authority/grants', { as: beijing })).body.items).toEqual([]);
  expect((await app.request('GET', '/api/v1/authority/overlays?orgUnit=BR-SH', { as: beijing })).status).toBe(403);
  expect((await app.request('GET', `${OVERLAYS('BR-SH')}/1`, { as: beijing })).status).toBe(404);
  expect((await app.request('GET', `${GRANTS('BR-SH')}/1`, { as: beijing })).status).toBe(404);
  expect((await effective('BR-SH', beijing)).status).toBe(404);
  expect((await app.request<{ items: unknown[] }>('GET', '/api/v1/authority/conflicts', { as: beijing })).body.items).toEqual([]);
  expect((await evaluate(obligor, 'BR-SH', beijing)).status).toBe(403);

  const shanghaiDecision = (await evaluate(obligor, 'BR-SH')).body.decisionId;
  expect((await app.request('GET', `/api/v1/decisions/${shanghaiDecision}`, { as: beijing })).status).toBe(404);
  expect((await app.request('POST', `/api/v1/decisions/${shanghaiDecision}/replay`, { body: {}, as: as['bj-owner'] })).status).toBe(404);
  const decisions = await app.request<{ items: { orgUnit?: string }[] }>('GET', '/api/v1/decisions?limit=1000', { as: beijing });
  expect(decisions.body.items.every((item) => item.orgUnit === 'BR-BJ')).toBe(true);
  const audit = await app.request<{ items: { orgUnit: string }[] }>('GET', '/api/v1/audit?limit=500', { as: beijing });
  expect(audit.body.items.every((entry) => entry.orgUnit === 'BR-BJ')).toBe(true);

  // Shanghai sees its own and its sub-branch's, not Beijing's; the sub-branch sees only its own.
  const shanghai = await app.request<{ items: Version[] }>('GET', '/api/v1/authority/overlays', { as: as['sh-operator'] });
  expect([...new Set(shanghai.body.items.map((item) => item.orgUnit))].sort()).toEqual(['BR-SH', 'BR-SH-PD']);
  const subBranch = await app.request<{ items: Version[] }>('GET', '/api/v1/authority/overlays', { as: as['pd-owner'] });
  expect([...new Set(subBranch.body.items.map((item) => item.orgUnit))]).toEqual(['BR-SH-PD']);
  expect((await effective('BR-SH', as['pd-owner'])).status).toBe(404);
  // HQ's rule set is readable by a branch (it applies to them) but not theirs to change.
  expect((await app.request('GET', `/api/v1/rulesets/${KEY}`, { as: beijing })).status).toBe(200);
  const ruleSet = await app.request<{ ruleSet: Record<string, unknown> }>('GET', `/api/v1/rulesets/${KEY}/versions/1`, { as: as['bj-owner'] });
  const edit = await app.request<ErrorBody>('POST', `/api/v1/rulesets/${KEY}/versions`, {
    body: { basedOnVersion: 1, ruleSet: ruleSet.body.ruleSet },
    as: as['bj-owner'],
  });
  expect(edit.status).toBe(403);
  expect(edit.body.error.code).toBe('out_of_scope');
});

test('an evaluate-only key evaluates for its unit but cannot read or edit authority', async () => {
  const created = await app.request<{ secret: string }>('POST', '/api/v1/api-keys', {
    body: { name: 'sh owner evaluate-only', username: 'sh-owner', restrictions: { evaluateOnly: true } },
  });
  expect(created.status).toBe(201);
  const key = created.body.secret;
  expect(level((await evaluate(obligor, 'BR-SH', key)).body)).toBe('orange');
  const draft = await app.request<ErrorBody>('POST', OVERLAYS('BR-SH'), { body: { basedOnVersion: 3, values: { orangeDpd: 25 } }, as: key });
  expect(draft.status).toBe(403);
  expect(draft.body.error.code).toBe('evaluate_only');
  expect((await app.request<ErrorBody>('POST', `${OVERLAYS('BR-SH')}/3/submit`, { body: {}, as: key })).body.error.code).toBe('evaluate_only');
  expect((await effective('BR-SH', key)).status).toBe(403);
  // Every route but evaluation refuses it, lists and the audit log included.
  for (const path of ['/api/v1/authority/overlays', '/api/v1/authority/grants', '/api/v1/authority/conflicts', '/api/v1/audit', '/api/v1/org-units']) {
    const read = await app.request<ErrorBody>('GET', path, { as: key });
    expect([path, read.status, read.body.error?.code]).toEqual([path, 403, 'evaluate_only']);
  }
  expect((await app.request('GET', '/api/v1/auth/me', { as: key })).status).toBe(200);
  expect((await app.request<Version>('GET', `${OVERLAYS('BR-SH')}/3`, { as: as['sh-owner'] })).body.state).toBe('published');

  const integration = await app.request<{ secret: string }>('POST', '/api/v1/api-keys', {
    body: { name: 'shanghai core system', orgUnit: 'BR-SH', roles: ['integration'], restrictions: { evaluateOnly: true, ruleSetKeys: [KEY] } },
  });
  expect(level((await evaluate(obligor, 'BR-SH-PD', integration.body.secret)).body)).toBe('orange');
  expect((await evaluate(obligor, 'BR-BJ', integration.body.secret)).status).toBe(403);
  expect((await app.request('POST', GRANTS('BR-SH-PD'), { body: { basedOnVersion: 1, grant: shanghaiGrant }, as: integration.body.secret })).status).toBe(403);
});
