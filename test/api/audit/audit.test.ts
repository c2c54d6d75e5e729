import { recordSettingsChange } from '../../../server/audit/settings-audit';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app';
import { createOrgUnits } from '../authority/helpers';
import { standardContent } from '../rulesets/helpers';
import type { AuditEntry } from '../../../server/generated/schema-types';

type Entry = AuditEntry;
type List = { items: Entry[]; nextBefore?: string };

let app: TestApp;
let owner: string;
beforeAll(async () => {
  app = await startTestApp();
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  owner = await app.createUserAndLogin('olga', ['policy-owner']);
});
afterAll(() => app.close());

const audit = (query: string, as?: string) => app.request<List>('GET', `/api/v1/audit${query}`, { as });

test('rule-set drafts and lifecycle actions are recorded with who, what before and after, and why', async () => {
  const content = standardContent('claim.trigger');
  (content.parameters.defaultClaimPointDays as { value: number }).value = 100;
  (content.tests as { facts: Record<string, unknown> }[])[0]!.facts.name = '张三';
  expect(
    (
      await app.request('POST', '/api/v1/rulesets/claim.trigger/versions', {
        body: { basedOnVersion: 1, reason: 'later claim point', ruleSet: content },
        as: owner,
      })
    ).status,
  ).toBe(201);
  expect((await app.request('POST', '/api/v1/rulesets/claim.trigger/versions/2/submit', { body: { reason: 'ready' }, as: owner })).status).toBe(422);

  const entries = (await audit('?entityKind=rule-set&entityId=claim.trigger')).body.items;
  expect(entries.map((entry) => [entry.action, entry.actor])).toEqual([
    ['create', 'olga'],
    ['seed', 'system'],
  ]);
  const created = entries[0]!;
  expect(created).toMatchObject({ orgUnit: 'HQ', reason: 'later claim point', after: { version: 2, state: 'draft' } });
  expect((created.after!.content as { parameters: { defaultClaimPointDays: { value: number } } }).parameters.defaultClaimPointDays.value).toBe(100);
  // Obligor personal data written into a test case is masked in the log.
  expect(JSON.stringify(created)).not.toContain('张三');
});

test('users and keys are recorded without password hashes or secrets', async () => {
  await app.request('POST', '/api/v1/users', { body: { username: 'ursula', password: TEST_PASSWORD, roles: ['auditor'], orgUnit: 'BR-SH' } });
  await app.request('PATCH', '/api/v1/users/ursula', { body: { version: 1, roles: ['auditor', 'branch-operator'], password: 'another long passphrase' } });
  const key = await app.request<{ apiKey: { keyId: string }; secret: string }>('POST', '/api/v1/api-keys', {
    body: { name: 'feed', orgUnit: 'BR-SH', roles: ['integration'] },
  });
  await app.request('DELETE', `/api/v1/api-keys/${key.body.apiKey.keyId}`);

  const user = (await audit('?entityKind=user&entityId=ursula')).body.items;
  expect(user.map((entry) => entry.action)).toEqual(['update', 'create']);
  expect(user[0]).toMatchObject({ orgUnit: 'BR-SH', before: { roles: ['auditor'] }, after: { roles: ['auditor', 'branch-operator'], passwordChanged: true } });
  const keys = (await audit(`?entityKind=api-key&entityId=${key.body.apiKey.keyId}`)).body.items;
  expect(keys.map((entry) => entry.action)).toEqual(['revoke', 'create']);
  const text = JSON.stringify([user, keys]);
  expect(text).not.toMatch(/passwordHash|secretHash|scrypt/);
  expect(keys[1]!.after).toMatchObject({ name: 'feed', orgUnit: 'BR-SH', roles: ['integration'] });
  expect(text).not.toContain(key.body.secret);
});

test('filters by actor, action, org unit and time, and pages newest first', async () => {
  const start = new Date().toISOString();
  for (const id of ['BR-SH-1', 'BR-SH-2', 'BR-SH-3']) await app.request('POST', '/api/v1/org-units', { body: { id, name: id, parent: 'BR-SH' } });
  const page1 = await audit(`?entityKind=org-unit&from=${encodeURIComponent(start)}&limit=2`);
  expect(page1.body.items.map((entry) => entry.entity.id)).toEqual(['BR-SH-3', 'BR-SH-2']);
  const page2 = await audit(`?entityKind=org-unit&from=${encodeURIComponent(start)}&limit=2&before=${page1.body.nextBefore}`);
  expect(page2.body.items.map((entry) => entry.entity.id)).toEqual(['BR-SH-1']);
  expect(page2.body.nextBefore).toBeUndefined();
  // A full page that is also the last one has no cursor (the schema: "absent on the last page"), not one to an empty page.
  const whole = await audit(`?entityKind=org-unit&from=${encodeURIComponent(start)}&limit=3`);
  expect(whole.body.items).toHaveLength(3);
  expect(whole.body.nextBefore).toBeUndefined();

  expect((await audit('?actor=olga')).body.items.every((entry) => entry.actor === 'olga')).toBe(true);
  expect((await audit('?action=revoke')).body.items.map((entry) => entry.entity.kind)).toEqual(['api-key']);
  expect((await audit(`?to=${encodeURIComponent(start)}&entityKind=org-unit`)).body.items.map((entry) => entry.entity.id).sort()).toEqual(['BR-BJ', 'BR-SH']);
  const underShanghai = (await audit('?orgUnit=BR-SH')).body.items;
  expect(underShanghai.length).toBeGreaterThan(0);
  expect(underShanghai.every((entry) => entry.orgUnit.startsWith('BR-SH'))).toBe(true);
  const bad = await app.request<{ error: { details: { path: string }[] } }>('GET', '/api/v1/audit?entityKind=spaceship&limit=0');
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.map((detail) => detail.path).sort()).toEqual(['/query/entityKind', '/query/limit']);
});

test('a branch reader sees their own subtree only; integrations do not read the log', async () => {
  const beijing = await app.createUserAndLogin('bj-auditor', ['auditor'], 'BR-BJ');
  const mine = (await audit('', beijing)).body.items;
  expect(mine.length).toBeGreaterThan(0);
  expect(mine.every((entry) => entry.orgUnit === 'BR-BJ')).toBe(true);
  expect((await audit('?orgUnit=BR-SH', beijing)).status).toBe(403);
  const key = await app.request<{ secret: string }>('POST', '/api/v1/api-keys', { body: { name: 'int', orgUnit: 'HQ', roles: ['integration'] } });
  expect((await audit('', key.body.secret)).status).toBe(403);
});

test('no route updates or deletes the log', async () => {
  const before = (await audit('?limit=500')).body.items;
  const target = before[0]!;
  for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
    for (const path of ['/api/v1/audit', `/api/v1/audit/${target.entryId}`]) {
      const response = await app.request(method, path, { body: { actor: 'forger' } });
      expect([404, 405]).toContain(response.status);
    }
  }
  // Nothing in the OpenAPI document writes to it either.
  const openApi = await app.request<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/v1/openapi.json');
  const auditPaths = Object.entries(openApi.body.paths).filter(([path]) => path.startsWith('/api/v1/audit'));
  expect(auditPaths.flatMap(([, methods]) => Object.keys(methods))).toEqual(['get']);
  const after = (await audit('?limit=500')).body.items;
  expect(after.slice(after.length - before.length)).toEqual(before);
});

test('settings are recorded at start, and again only when a start finds them changed', async () => {
  const initial = (await audit('?entityKind=setting')).body.items;
  expect(initial).toEqual([
    expect.objectContaining({ action: 'initial', actor: 'system', after: expect.objectContaining({ internetChannels: ['online-*'] }) }),
  ]);
  const audited = app.platform.services.audit;
  expect(await recordSettingsChange(audited, app.config)).toBe(false);
  expect(await recordSettingsChange(audited, { ...app.config, internetChannels: ['online-*', 'app'] })).toBe(true);
  const changed = (await audit('?entityKind=setting')).body.items[0]!;
  expect(changed).toMatchObject({ action: 'change', before: { internetChannels: ['online-*'] }, after: { internetChannels: ['online-*', 'app'] } });
});
