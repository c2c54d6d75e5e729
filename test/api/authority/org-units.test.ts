import { startTestApp, type TestApp } from '../../support/test-app';
import { createOrgUnits, type ErrorBody, type OrgUnitView } from './helpers';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
    ['BR-SH-PD', 'BR-SH'],
  ]);
});
afterAll(() => app.close());

const units = async (as?: string) => (await app.request<{ items: OrgUnitView[] }>('GET', '/api/v1/org-units', { as })).body.items;

test('HQ always exists and the tree lists parents before children with each path', async () => {
  const items = await units();
  expect(items.map((unit) => unit.id)).toEqual(['HQ', 'BR-BJ', 'BR-SH', 'BR-SH-PD']);
  expect(items.find((unit) => unit.id === 'BR-SH-PD')).toMatchObject({ parent: 'BR-SH', path: ['HQ', 'BR-SH', 'BR-SH-PD'], active: true, version: 1 });
  expect(items[0]).toMatchObject({ id: 'HQ', parent: null, path: ['HQ'] });
});

test('creation refuses taken ids, unknown parents and bad ids with the field named', async () => {
  const taken = await app.request<ErrorBody>('POST', '/api/v1/org-units', { body: { id: 'BR-SH', name: 'again', parent: 'HQ' } });
  expect(taken.status).toBe(409);
  expect(taken.body.error.code).toBe('org_unit_taken');
  const orphan = await app.request<ErrorBody>('POST', '/api/v1/org-units', { body: { id: 'BR-XX', name: 'orphan', parent: 'NOWHERE' } });
  expect(orphan.status).toBe(422);
  expect(orphan.body.error).toMatchObject({ code: 'unknown_org_unit', details: [{ path: '/body/parent' }] });
  const bad = await app.request<ErrorBody>('POST', '/api/v1/org-units', { body: { id: 'bad id!', name: 'x', parent: 'HQ' } });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.map((detail) => detail.path)).toContain('/body/id');
});

test('rename, move, refuse a cycle, a stale version and deactivating a unit in use', async () => {
  await createOrgUnits(app, [
    ['BR-GD', 'HQ'],
    ['BR-GD-SZ', 'BR-GD'],
  ]);
  const renamed = await app.request<OrgUnitView>('PATCH', '/api/v1/org-units/BR-GD', { body: { version: 1, name: '广东分公司 Guangdong' } });
  expect(renamed.status).toBe(200);
  expect(renamed.body).toMatchObject({ name: '广东分公司 Guangdong', version: 2 });

  const cycle = await app.request<ErrorBody>('PATCH', '/api/v1/org-units/BR-GD', { body: { version: 2, parent: 'BR-GD-SZ' } });
  expect(cycle.status).toBe(422);
  expect(cycle.body.error).toMatchObject({ code: 'org_unit_cycle', details: [{ path: '/body/parent' }] });
  const self = await app.request<ErrorBody>('PATCH', '/api/v1/org-units/BR-GD', { body: { version: 2, parent: 'BR-GD' } });
  expect(self.body.error.code).toBe('org_unit_cycle');
  const hq = await app.request<ErrorBody>('PATCH', '/api/v1/org-units/HQ', { body: { version: 1, parent: 'BR-GD' } });
  expect(hq.status).toBe(422);

  const stale = await app.request<ErrorBody>('PATCH', '/api/v1/org-units/BR-GD', { body: { version: 1, name: 'lost update' } });
  expect(stale.status).toBe(409);
  expect(stale.body.error.code).toBe('stale_version');

  const moved = await app.request<OrgUnitView>('PATCH', '/api/v1/org-units/BR-GD-SZ', { body: { version: 1, parent: 'BR-SH', reason: 'reorganisation' } });
  expect(moved.status).toBe(200);
  expect(moved.body.path).toEqual(['HQ', 'BR-SH', 'BR-GD-SZ']);

  // A unit with a user cannot be deactivated; once the user leaves, it can, and no one new may join it.
  await app.createUserAndLogin('gd-operator', ['branch-operator'], 'BR-GD');
  const inUse = await app.request<ErrorBody>('PATCH', '/api/v1/org-units/BR-GD', { body: { version: 2, active: false } });
  expect(inUse.status).toBe(422);
  expect(inUse.body.error).toMatchObject({ code: 'org_unit_in_use', details: [{ path: '/body/active', message: expect.stringContaining('1 active user') }] });
  expect((await app.request('PATCH', '/api/v1/users/gd-operator', { body: { version: 1, active: false } })).status).toBe(200);
  const deactivated = await app.request<OrgUnitView>('PATCH', '/api/v1/org-units/BR-GD', { body: { version: 2, active: false } });
  expect(deactivated.status).toBe(200);
  expect(deactivated.body.active).toBe(false);
  const joining = await app.request<ErrorBody>('POST', '/api/v1/users', {
    body: { username: 'late', password: 'correct horse battery staple', roles: ['auditor'], orgUnit: 'BR-GD' },
  });
  expect(joining.status).toBe(422);
  expect(joining.body.error).toMatchObject({ code: 'org_unit_inactive', details: [{ path: '/body/orgUnit' }] });

  const history = await app.request<{
    items: { action: string; entity: { id: string }; before?: { parent?: string }; after?: { parent?: string }; reason?: string }[];
  }>('GET', '/api/v1/audit?entityKind=org-unit&entityId=BR-GD-SZ');
  expect(history.body.items.map((entry) => entry.action)).toEqual(['move', 'create']);
  expect(history.body.items[0]).toMatchObject({ before: { parent: 'BR-GD' }, after: { parent: 'BR-SH' }, reason: 'reorganisation' });
});

test('users and keys must name an existing unit; a branch admin manages only their own subtree', async () => {
  const unknown = await app.request<ErrorBody>('POST', '/api/v1/users', {
    body: { username: 'ghost', password: 'correct horse battery staple', roles: ['auditor'], orgUnit: 'BR-NONE' },
  });
  expect(unknown.status).toBe(422);
  expect(unknown.body.error).toMatchObject({ code: 'unknown_org_unit', details: [{ path: '/body/orgUnit' }] });
  const unknownKey = await app.request<ErrorBody>('POST', '/api/v1/api-keys', { body: { name: 'x', orgUnit: 'BR-NONE', roles: ['integration'] } });
  expect(unknownKey.status).toBe(422);

  const shanghaiAdmin = await app.createUserAndLogin('sh-admin', ['admin'], 'BR-SH');
  await app.createUserAndLogin('bj-owner', ['policy-owner'], 'BR-BJ');
  await app.createUserAndLogin('pd-owner', ['policy-owner'], 'BR-SH-PD');

  expect((await units(shanghaiAdmin)).map((unit) => unit.id)).toEqual(['BR-SH', 'BR-GD-SZ', 'BR-SH-PD']);
  const listed = await app.request<{ items: { username: string }[] }>('GET', '/api/v1/users', { as: shanghaiAdmin });
  expect(listed.body.items.map((user) => user.username).sort()).toEqual(['pd-owner', 'sh-admin']);
  // Another branch's user and unit do not exist as far as this admin can tell.
  expect((await app.request('GET', '/api/v1/users/bj-owner', { as: shanghaiAdmin })).status).toBe(404);
  expect((await app.request('GET', '/api/v1/org-units/BR-BJ', { as: shanghaiAdmin })).status).toBe(404);
  expect((await app.request('PATCH', '/api/v1/users/bj-owner', { body: { version: 1, roles: ['admin'] }, as: shanghaiAdmin })).status).toBe(404);
  const outside = await app.request<ErrorBody>('POST', '/api/v1/users', {
    body: { username: 'sneaky', password: 'correct horse battery staple', roles: ['admin'], orgUnit: 'HQ' },
    as: shanghaiAdmin,
  });
  expect(outside.status).toBe(403);
  expect(outside.body.error.code).toBe('out_of_scope');
  const underOther = await app.request<ErrorBody>('POST', '/api/v1/org-units', { body: { id: 'BR-BJ-X', name: 'x', parent: 'BR-BJ' }, as: shanghaiAdmin });
  expect(underOther.status).toBe(403);
  const keyForOther = await app.request<ErrorBody>('POST', '/api/v1/api-keys', { body: { name: 'k', username: 'bj-owner' }, as: shanghaiAdmin });
  expect(keyForOther.status).toBe(400);

  const own = await app.request('POST', '/api/v1/org-units', { body: { id: 'BR-SH-MH', name: 'Minhang', parent: 'BR-SH' }, as: shanghaiAdmin });
  expect(own.status).toBe(201);
  const key = await app.request<{ apiKey: { keyId: string } }>('POST', '/api/v1/api-keys', {
    body: { name: 'pudong feed', orgUnit: 'BR-SH-PD', roles: ['integration'] },
    as: shanghaiAdmin,
  });
  expect(key.status).toBe(201);
  const hqKeys = await app.request<{ items: { keyId: string; orgUnit: string }[] }>('GET', '/api/v1/api-keys', { as: shanghaiAdmin });
  expect(hqKeys.body.items.every((item) => ['BR-SH', 'BR-SH-PD', 'BR-SH-MH', 'BR-GD-SZ'].includes(item.orgUnit))).toBe(true);
  expect(hqKeys.body.items.map((item) => item.keyId)).toContain(key.body.apiKey.keyId);
});
