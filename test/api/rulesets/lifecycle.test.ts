import { startTestApp, type TestApp } from '../../support/test-app';
import { eventually } from '../../support/polling';
import { standardContent, type ErrorBody, type VersionView } from './helpers';

const KEY = 'warning.obligor';
const BASE = `/api/v1/rulesets/${KEY}`;
let app: TestApp;
let owner: string;
let approver: string;
let secondApprover: string;
let ownerApprover: string;

beforeAll(async () => {
  app = await startTestApp({ LOG_LEVEL: 'error' });
  owner = await app.createUserAndLogin('olivia', ['policy-owner']);
  approver = await app.createUserAndLogin('arthur', ['approver']);
  secondApprover = await app.createUserAndLogin('beatrice', ['approver']);
  ownerApprover = await app.createUserAndLogin('dual', ['policy-owner', 'approver']);
});
afterAll(() => app.close());

const evaluateRedAt = async (dpd: number) =>
  app.request<{ ruleSet: { version: number; hash: string }; events: { params: { level: string } }[] }>('POST', `${BASE}/evaluate`, {
    body: { facts: { dpd, customerTier: 'near-prime' } },
  });

test('draft, stale edits, 422 on failing tests, maker-checker, publish, diff and history', async () => {
  const content = standardContent(KEY);
  content.description = 'Red at 55 days';
  (content.parameters.redDpd as { value: number }).value = 55;

  const created = await app.request<VersionView>('POST', `${BASE}/versions`, {
    body: { basedOnVersion: 1, reason: 'tighten red', ruleSet: content },
    as: owner,
  });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ version: 2, state: 'draft', revision: 1, author: 'olivia', basedOnVersion: 1 });

  // A second draft from the same base is stale: version 2 exists now.
  const staleCreate = await app.request<ErrorBody>('POST', `${BASE}/versions`, { body: { basedOnVersion: 1, ruleSet: content }, as: owner });
  expect(staleCreate.status).toBe(409);
  expect(staleCreate.body.error.code).toBe('stale_version');

  // The embedded test "59 dpd is orange, not red" fails with a red threshold of 55.
  const failing = await app.request<ErrorBody>('POST', `${BASE}/versions/2/submit`, { body: { reason: 'please review' }, as: owner });
  expect(failing.status).toBe(422);
  expect(failing.body.error.code).toBe('rule_set_invalid');
  expect(failing.body.error.details).toEqual(
    expect.arrayContaining([expect.objectContaining({ path: '/ruleSet/tests/2', message: expect.stringContaining('59 dpd is orange') })]),
  );

  // Fix the test expectation in the same draft; the first edit wins, the second is stale.
  const tests = content.tests as { name: string; facts: Record<string, unknown> }[];
  tests[2]!.facts.dpd = 54;
  tests[2]!.name = 'near-prime tier 54 dpd is orange, not red';
  const edited = await app.request<VersionView>('PUT', `${BASE}/versions/2`, { body: { revision: 1, reason: 'fix test', ruleSet: content }, as: owner });
  expect(edited.status).toBe(200);
  expect(edited.body.revision).toBe(2);
  const stale = await app.request<ErrorBody>('PUT', `${BASE}/versions/2`, { body: { revision: 1, ruleSet: content }, as: owner });
  expect(stale.status).toBe(409);
  expect(stale.body.error).toMatchObject({ code: 'stale_version', details: [expect.objectContaining({ path: '/body/revision' })] });

  expect((await app.request('POST', `${BASE}/versions/2/submit`, { body: { reason: 'ready' }, as: owner })).status).toBe(200);
  // Submitted content is frozen.
  const lateEdit = await app.request<ErrorBody>('PUT', `${BASE}/versions/2`, { body: { revision: 2, ruleSet: content }, as: owner });
  expect(lateEdit.status).toBe(409);
  expect(lateEdit.body.error.code).toBe('invalid_state');

  // Admin does not stand in for an approver, and a policy owner has no approve route.
  const byAdmin = await app.request<ErrorBody>('POST', `${BASE}/versions/2/approve`, { body: {} });
  expect(byAdmin.status).toBe(403);
  expect(byAdmin.body.error.code).toBe('maker_checker');
  expect((await app.request('POST', `${BASE}/versions/2/approve`, { body: {}, as: owner })).status).toBe(403);
  // Publishing before approval is refused.
  expect((await app.request<ErrorBody>('POST', `${BASE}/versions/2/publish`, { body: {}, as: approver })).status).toBe(409);

  const approved = await app.request<VersionView>('POST', `${BASE}/versions/2/approve`, { body: { reason: 'four eyes' }, as: approver });
  expect(approved.status).toBe(200);
  expect(approved.body).toMatchObject({ state: 'approved', approvedBy: 'arthur' });

  expect((await evaluateRedAt(57)).body.events[0]!.params.level).toBe('orange');
  const published = await app.request<VersionView>('POST', `${BASE}/versions/2/publish`, { body: { reason: 'go live' }, as: approver });
  expect(published.status).toBe(200);
  expect(published.body.state).toBe('published');

  // The publishing process drops its cached publications, so it uses version 2 at once.
  const after = await evaluateRedAt(57);
  expect(after.body.ruleSet).toMatchObject({ version: 2, hash: published.body.hash });
  expect(after.body.events[0]!.params.level).toBe('red');

  const v1 = await app.request<VersionView>('GET', `${BASE}/versions/1`);
  expect(v1.body.state).toBe('retired');

  const diff = await app.request<{
    rules: { added: string[]; removed: string[]; changed: unknown[] };
    parameters: { changed: { name: string; before: { value: number }; after: { value: number } }[] };
    descriptionChanged: boolean;
  }>('GET', `${BASE}/diff?from=1&to=2`);
  expect(diff.status).toBe(200);
  expect(diff.body.rules).toEqual({ added: [], removed: [], changed: [] });
  expect(diff.body.parameters.changed).toEqual([
    expect.objectContaining({ name: 'redDpd', before: expect.objectContaining({ value: 60 }), after: expect.objectContaining({ value: 55 }) }),
  ]);
  expect(diff.body.descriptionChanged).toBe(true);

  const detail = await app.request<{ history: { action: string; actor: string; version: number; reason?: string }[] }>('GET', BASE);
  expect(detail.body.history.map((entry) => [entry.action, entry.actor, entry.version])).toEqual([
    ['seed', 'system', 1],
    ['create', 'olivia', 2],
    ['update', 'olivia', 2],
    ['submit', 'olivia', 2],
    ['approve', 'arthur', 2],
    ['publish', 'arthur', 2],
  ]);
  expect(detail.body.history.find((entry) => entry.action === 'approve')!.reason).toBe('four eyes');
});

test('an author holding the approver role still cannot approve their own change', async () => {
  const content = standardContent(KEY);
  (content.parameters.watchGrades as { value: string[] }).value = ['D', 'E', 'F'];
  const created = await app.request<VersionView>('POST', `${BASE}/versions`, { body: { basedOnVersion: 2, ruleSet: content }, as: ownerApprover });
  expect(created.status).toBe(201);
  expect((await app.request('POST', `${BASE}/versions/3/submit`, { body: {}, as: ownerApprover })).status).toBe(200);
  const self = await app.request<ErrorBody>('POST', `${BASE}/versions/3/approve`, { body: {}, as: ownerApprover });
  expect(self.status).toBe(403);
  expect(self.body.error).toMatchObject({ code: 'maker_checker', message: expect.stringContaining('dual') });

  // Rejection keeps version 3 as reviewed and reopens its content as draft 4 for the author.
  const rejected = await app.request<VersionView>('POST', `${BASE}/versions/3/reject`, { body: { reason: 'F is not a grade we use' }, as: approver });
  expect(rejected.status).toBe(200);
  expect(rejected.body).toMatchObject({ version: 4, state: 'draft', author: 'dual', basedOnVersion: 3 });
  expect((await app.request<VersionView>('GET', `${BASE}/versions/3`)).body.state).toBe('rejected');
  expect(rejected.body.ruleSet.parameters.watchGrades!.value).toEqual(['D', 'E', 'F']);
});

test('a version with an unknown operator, fact or parameter is refused with paths', async () => {
  const content = standardContent(KEY);
  const conditions = content.rules[0]!.conditions as { all: Record<string, unknown>[] };
  conditions.all[1] = { fact: 'dpd', operator: 'roughlyEqual', value: { param: 'noSuchParameter' } };
  conditions.all.push({ fact: 'shoeSize', operator: 'equal', value: 42 });
  const draft = await app.request<VersionView>('PUT', `${BASE}/versions/4`, { body: { revision: 1, ruleSet: content }, as: owner });
  expect(draft.status).toBe(200);
  const refused = await app.request<ErrorBody>('POST', `${BASE}/versions/4/submit`, { body: {}, as: owner });
  expect(refused.status).toBe(422);
  expect(refused.body.error.details).toEqual(
    expect.arrayContaining([
      { path: '/ruleSet/rules/0/conditions/all/1/operator', message: 'unknown operator "roughlyEqual"' },
      { path: '/ruleSet/rules/0/conditions/all/1/value', message: 'undefined parameter "noSuchParameter"' },
      { path: '/ruleSet/rules/0/conditions/all/2/fact', message: 'unknown fact "shoeSize" for warning.obligor' },
    ]),
  );
  // The body schema itself is checked at the edge.
  const malformed = await app.request<ErrorBody>('PUT', `${BASE}/versions/4`, { body: { revision: 2, ruleSet: { ...content, rules: 'none' } }, as: owner });
  expect(malformed.status).toBe(400);
});

test('rollback proposes an earlier version again, through approval, and restores its decisions', async () => {
  const neverPublished = await app.request<ErrorBody>('POST', `${BASE}/rollback`, { body: { toVersion: 3, reason: 'oops' }, as: approver });
  // One code for "that version is not published", whether evaluating or rolling back (was not_published here).
  expect([neverPublished.status, neverPublished.body.error.code]).toEqual([422, 'version_not_published']);

  const v1 = await app.request<VersionView>('GET', `${BASE}/versions/1`);
  const proposed = await app.request<VersionView>('POST', `${BASE}/rollback`, {
    body: { toVersion: 1, reason: '55 days raised too many red warnings' },
    as: approver,
  });
  expect(proposed.status).toBe(201);
  expect(proposed.body).toMatchObject({ version: 5, state: 'in-review', rollbackOf: 1, author: 'arthur', hash: v1.body.hash });
  // The one who proposed the rollback cannot approve it.
  expect((await app.request('POST', `${BASE}/versions/5/approve`, { body: {}, as: approver })).status).toBe(403);
  expect((await app.request('POST', `${BASE}/versions/5/approve`, { body: {}, as: secondApprover })).status).toBe(200);
  expect((await app.request('POST', `${BASE}/versions/5/publish`, { body: {}, as: secondApprover })).status).toBe(200);
  const after = await eventually(
    () => evaluateRedAt(57),
    (response) => response.body.ruleSet.version === 5,
  );
  expect(after.body.ruleSet.hash).toBe(v1.body.hash);
  expect(after.body.events[0]!.params.level).toBe('orange');
  const history = (await app.request<{ history: { action: string; version: number }[] }>('GET', BASE)).body.history;
  expect(history.filter((entry) => entry.version === 5).map((entry) => entry.action)).toEqual(['rollback', 'approve', 'publish']);
});

test('a version published effective from a later time takes over only then', async () => {
  const created = await app.request<VersionView>('POST', `${BASE}/rollback`, {
    body: { toVersion: 2, reason: 'back to 55 days from tomorrow' },
    as: ownerApprover,
  });
  expect(created.status).toBe(201);
  const version = created.body.version;
  expect((await app.request('POST', `${BASE}/versions/${version}/approve`, { body: {}, as: approver })).status).toBe(200);
  const backDated = await app.request<ErrorBody>('POST', `${BASE}/versions/${version}/publish`, {
    body: { effectiveFrom: new Date(Date.now() - 3_600_000).toISOString() },
    as: approver,
  });
  expect(backDated.status).toBe(400);
  expect(backDated.body.error.details).toEqual([{ path: '/body/effectiveFrom', message: 'is in the past' }]);
  // Far enough ahead that the evaluation below still comes before it on a loaded machine.
  const effectiveFrom = new Date(Date.now() + 10_000).toISOString();
  const published = await app.request<VersionView & { effectiveFrom: string }>('POST', `${BASE}/versions/${version}/publish`, {
    body: { effectiveFrom },
    as: approver,
  });
  expect(published.status).toBe(200);
  expect(published.body.effectiveFrom).toBe(effectiveFrom);
  expect((await evaluateRedAt(57)).body.ruleSet.version).toBe(5);
  const later = await eventually(
    () => evaluateRedAt(57),
    (response) => response.body.ruleSet.version === version,
    20_000,
  );
  expect(later.body.ruleSet.version).toBe(version);
  expect(later.body.events[0]!.params.level).toBe('red');
});

test('roles: readers cannot write, policy owners cannot publish', async () => {
  const auditor = await app.createUserAndLogin('audrey', ['auditor']);
  expect((await app.request('GET', BASE, { as: auditor })).status).toBe(200);
  expect((await app.request('POST', `${BASE}/versions`, { body: { basedOnVersion: 6, ruleSet: standardContent(KEY) }, as: auditor })).status).toBe(403);
  expect((await app.request('POST', `${BASE}/versions/4/publish`, { body: {}, as: owner })).status).toBe(403);
  expect((await app.request('GET', BASE, { as: null })).status).toBe(401);
});

test('whoever edits a draft becomes one of its makers and cannot approve it either', async () => {
  const latest = (await app.request<{ summary: { latestVersion: number } }>('GET', BASE)).body.summary.latestVersion;
  const content = standardContent(KEY);
  content.description = 'joint work';
  const created = await app.request<VersionView>('POST', `${BASE}/versions`, { body: { basedOnVersion: latest, ruleSet: content }, as: owner });
  expect(created.status).toBe(201);
  const version = created.body.version;
  const edited = await app.request<VersionView>('PUT', `${BASE}/versions/${version}`, {
    body: { revision: 1, reason: 'wording', ruleSet: { ...content, description: 'joint work, edited' } },
    as: ownerApprover,
  });
  expect(edited.status).toBe(200);
  expect((await app.request('POST', `${BASE}/versions/${version}/submit`, { body: {}, as: owner })).status).toBe(200);
  const byEditor = await app.request<ErrorBody>('POST', `${BASE}/versions/${version}/approve`, { body: {}, as: ownerApprover });
  expect(byEditor.status).toBe(403);
  expect(byEditor.body.error.code).toBe('maker_checker');
  expect((await app.request('POST', `${BASE}/versions/${version}/approve`, { body: {}, as: approver })).status).toBe(200);
});

test('a new rule set starts from version 0, keeps its family, and its tests can be run before submitting', async () => {
  const content = { ...standardContent('claim.trigger'), key: 'claim.trigger.sme', description: 'SME loans: claim point from the contract only' };
  const mismatch = await app.request<ErrorBody>('POST', '/api/v1/rulesets/claim.trigger.sme/versions', {
    body: { basedOnVersion: 0, ruleSet: { ...content, key: 'other.key' } },
    as: owner,
  });
  expect(mismatch.status).toBe(400);
  expect(mismatch.body.error.details).toEqual([{ path: '/body/ruleSet/key', message: 'must be "claim.trigger.sme"' }]);
  const created = await app.request<VersionView>('POST', '/api/v1/rulesets/claim.trigger.sme/versions', {
    body: { basedOnVersion: 0, ruleSet: content },
    as: owner,
  });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ key: 'claim.trigger.sme', version: 1, state: 'draft' });

  const tests = await app.request<{ passed: boolean; results: { name: string; passed: boolean }[] }>(
    'POST',
    '/api/v1/rulesets/claim.trigger.sme/versions/1/test',
    { as: owner },
  );
  expect(tests.status).toBe(200);
  expect(tests.body.passed).toBe(true);
  expect(tests.body.results).toHaveLength(content.tests.length);

  const broken = structuredClone(content);
  (broken.parameters.defaultClaimPointDays as { value: number }).value = 120;
  expect((await app.request('PUT', '/api/v1/rulesets/claim.trigger.sme/versions/1', { body: { revision: 1, ruleSet: broken }, as: owner })).status).toBe(200);
  const failing = await app.request<{ passed: boolean; results: { name: string; passed: boolean; problems: string[] }[] }>(
    'POST',
    '/api/v1/rulesets/claim.trigger.sme/versions/1/test',
    { as: owner },
  );
  expect(failing.body.passed).toBe(false);
  expect(failing.body.results.find((result) => !result.passed)!.name).toMatch(/default of 90 days/);

  const otherFamily = await app.request<ErrorBody>('PUT', '/api/v1/rulesets/claim.trigger.sme/versions/1', {
    body: { revision: 2, ruleSet: { ...standardContent('vendor.admission'), key: 'claim.trigger.sme' } },
    as: owner,
  });
  expect(otherFamily.status).toBe(400);
  expect(otherFamily.body.error.details).toEqual([{ path: '/body/ruleSet/family', message: 'must stay claim.trigger' }]);
  expect((await app.request<{ items: { key: string }[] }>('GET', '/api/v1/rulesets')).body.items.map((item) => item.key)).toContain('claim.trigger.sme');
  // Nothing is published yet, so there is nothing to evaluate.
  const evaluate = await app.request<ErrorBody>('POST', '/api/v1/rulesets/claim.trigger.sme/evaluate', { body: { facts: { dpd: 1 } } });
  expect(evaluate.status).toBe(404);
  expect(evaluate.body.error.code).toBe('no_published_version');
});

test('reviewers comment on a version without deciding; comments join its history', async () => {
  // A key the other tests here leave alone, so version 1 is still the latest.
  const base = '/api/v1/rulesets/vendor.admission';
  const created = await app.request<VersionView>('POST', `${base}/versions`, {
    body: { basedOnVersion: 1, reason: 'for discussion', ruleSet: standardContent('vendor.admission') },
    as: owner,
  });
  expect(created.status).toBe(201);
  const number = created.body.version;
  await app.request('POST', `${base}/versions/${number}/submit`, { as: owner });

  const commented = await app.request<VersionView>('POST', `${base}/versions/${number}/comments`, {
    body: { text: 'Why is orange at 30 days for prime?' },
    as: approver,
  });
  expect(commented.status).toBe(201);
  expect(commented.body.state).toBe('in-review');
  expect(commented.body.history!.at(-1)).toMatchObject({ action: 'comment', actor: 'arthur', reason: 'Why is orange at 30 days for prime?' });

  const empty = await app.request<ErrorBody>('POST', `${base}/versions/${number}/comments`, { body: { text: '' }, as: approver });
  expect(empty.status).toBe(400);
  expect(empty.body.error.details[0]!.path).toBe('/body/text');
  expect((await app.request('POST', `${base}/versions/999/comments`, { body: { text: 'x' }, as: approver })).status).toBe(404);
  const integration = await app.request<{ secret: string }>('POST', '/api/v1/api-keys', { body: { name: 'core', orgUnit: 'HQ', roles: ['integration'] } });
  expect((await app.request('POST', `${base}/versions/${number}/comments`, { body: { text: 'x' }, as: integration.body.secret })).status).toBe(403);
});
