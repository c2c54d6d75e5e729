import { startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app';
import { createOrgUnits, type ErrorBody } from '../authority/helpers';
import { standardContent } from '../rulesets/helpers';

/**
 * Maker-checker between natural persons (server/identity/natural-person.ts), over HTTP: an admin
 * who makes an approver account or key cannot approve their own work through it, nor through a
 * role they gave themselves, and an approval counts only from someone who was an approver before
 * the version was submitted. The same check guards rule sets, grants and overlays.
 */
const KEY = 'warning.obligor';
const RULESET = `/api/v1/rulesets/${KEY}`;
const GRANTS = (unit: string) => `/api/v1/authority/grants/${unit}/${KEY}/versions`;
const OVERLAYS = (unit: string) => `/api/v1/authority/overlays/${unit}/${KEY}/versions`;

let app: TestApp;
const as: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp();
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  const users: [string, string[], string][] = [
    ['hq-admin', ['admin'], 'HQ'],
    ['owner', ['policy-owner'], 'HQ'],
    ['approver', ['approver'], 'HQ'],
    ['flipper', ['approver'], 'HQ'],
    ['sh-admin', ['admin'], 'BR-SH'],
    ['selfie', ['admin'], 'HQ'],
    ['boss', ['admin'], 'HQ'],
  ];
  for (const [name, roles, unit] of users) as[name] = await app.createUserAndLogin(name, roles, unit);
}, 60_000);
afterAll(() => app.close());

/** A user created by `creator` (a token) and logged in. */
async function userBy(creator: string, username: string, roles: string[], orgUnit = 'HQ'): Promise<string> {
  const created = await app.request('POST', '/api/v1/users', { body: { username, password: TEST_PASSWORD, roles, orgUnit }, as: creator });
  expect(created.status).toBe(201);
  const login = await app.request<{ token: string }>('POST', '/api/v1/auth/login', { body: { username, password: TEST_PASSWORD }, as: null });
  expect(login.status).toBe(200);
  return login.body.token;
}

/** Sets a user's roles as `by`; the user's sessions end, so this returns a new one. */
async function setRoles(username: string, roles: string[], by: string): Promise<string> {
  const user = await app.request<{ version: number }>('GET', `/api/v1/users/${username}`);
  const changed = await app.request('PATCH', `/api/v1/users/${username}`, { body: { version: user.body.version, roles }, as: by });
  expect(changed.status).toBe(200);
  const login = await app.request<{ token: string }>('POST', '/api/v1/auth/login', { body: { username, password: TEST_PASSWORD }, as: null });
  expect(login.status).toBe(200);
  return login.body.token;
}

/** A new rule-set version drafted and submitted by `author`; returns its number. */
async function submittedRuleSet(author: string): Promise<number> {
  const latest = (await app.request<{ summary: { latestVersion: number } }>('GET', RULESET, { as: author })).body.summary.latestVersion;
  const draft = await app.request<{ version: number }>('POST', `${RULESET}/versions`, {
    body: { basedOnVersion: latest, ruleSet: standardContent(KEY) },
    as: author,
  });
  expect(draft.status).toBe(201);
  expect((await app.request('POST', `${RULESET}/versions/${draft.body.version}/submit`, { body: {}, as: author })).status).toBe(200);
  return draft.body.version;
}

async function submittedDelegation(base: string, body: Record<string, unknown>, author: string): Promise<number> {
  const draft = await app.request<{ version: number } & ErrorBody>('POST', base, { body, as: author });
  expect(draft.status).toBe(201);
  expect((await app.request('POST', `${base}/${draft.body.version}/submit`, { body: {}, as: author })).status).toBe(200);
  return draft.body.version;
}

const approve = (path: string, token: string) =>
  app.request<ErrorBody & { state: string }>('POST', `${path}/approve`, { body: { reason: 'checked' }, as: token });

test('an HQ admin cannot approve their own rule-set version through an approver account or key they created, directly or through another admin', async () => {
  const sock = await userBy(as['hq-admin']!, 'sock', ['approver']);
  const robot = await app.request<{ secret: string }>('POST', '/api/v1/api-keys', {
    body: { name: 'robot', orgUnit: 'HQ', roles: ['approver'] },
    as: as['hq-admin'],
  });
  expect(robot.status).toBe(201);
  const deputy = await userBy(as['hq-admin']!, 'deputy', ['admin']);
  const sock2 = await userBy(deputy, 'sock2', ['approver']);
  const robot2 = await app.request<{ secret: string }>('POST', '/api/v1/api-keys', {
    body: { name: 'robot2', orgUnit: 'HQ', roles: ['approver'] },
    as: deputy,
  });

  const version = await submittedRuleSet(as['hq-admin']!);
  const path = `${RULESET}/versions/${version}`;
  for (const [who, token] of [
    ['sock', sock],
    ['robot', robot.body.secret],
    ['sock2', sock2],
    ['robot2', robot2.body.secret],
  ] as const) {
    const refused = await approve(path, token);
    expect({ who, status: refused.status, code: refused.body.error?.code }).toEqual({ who, status: 403, code: 'maker_checker_controlled' });
  }
  // An approver of their own, made by someone else, may.
  expect((await approve(path, as.approver!)).status).toBe(200);
  expect((await app.request('POST', `${path}/publish`, { body: {}, as: as['hq-admin'] })).status).toBe(200);

  // The other way round: a key's draft cannot be approved by the admin who made it.
  const drafter = await app.request<{ secret: string }>('POST', '/api/v1/api-keys', {
    body: { name: 'drafter', orgUnit: 'HQ', roles: ['policy-owner'] },
    as: as.boss,
  });
  as.boss = await setRoles('boss', ['admin', 'approver'], as['hq-admin']!);
  const keyVersion = await submittedRuleSet(drafter.body.secret);
  const refused = await approve(`${RULESET}/versions/${keyVersion}`, as.boss!);
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe('maker_checker_controlled');
});

test('a grant and a branch overlay: the author cannot approve through an account they created', async () => {
  const sock3 = await userBy(as['hq-admin']!, 'sock3', ['approver']);
  const grant = { inheritToSubBranches: false, parameters: { orangeDpd: { min: 20, max: 40 } } };
  const grantVersion = await submittedDelegation(GRANTS('BR-BJ'), { basedOnVersion: 0, grant }, as['hq-admin']!);
  const grantRefused = await approve(`${GRANTS('BR-BJ')}/${grantVersion}`, sock3);
  expect(grantRefused.status).toBe(403);
  expect(grantRefused.body.error.code).toBe('maker_checker_controlled');

  // HQ grants Shanghai properly; then Shanghai's admin tries to publish an overlay alone.
  const shGrant = await submittedDelegation(GRANTS('BR-SH'), { basedOnVersion: 0, grant }, as.owner!);
  expect((await approve(`${GRANTS('BR-SH')}/${shGrant}`, as.approver!)).status).toBe(200);
  expect((await app.request('POST', `${GRANTS('BR-SH')}/${shGrant}/publish`, { body: {}, as: as.approver })).status).toBe(200);
  const shSock = await userBy(as['sh-admin']!, 'sh-sock', ['approver'], 'BR-SH');
  const overlay = await submittedDelegation(OVERLAYS('BR-SH'), { basedOnVersion: 0, values: { orangeDpd: 35 } }, as['sh-admin']!);
  const overlayRefused = await approve(`${OVERLAYS('BR-SH')}/${overlay}`, shSock);
  expect(overlayRefused.status).toBe(403);
  expect(overlayRefused.body.error.code).toBe('maker_checker_controlled');
  expect((await approve(`${OVERLAYS('BR-SH')}/${overlay}`, as.approver!)).status).toBe(200);
});

test('an approver role given by oneself, or by an account one created, does not approve within a day', async () => {
  const selfie = await setRoles('selfie', ['admin', 'approver'], as.selfie!);
  const bigboss = await userBy(as['hq-admin']!, 'bigboss', ['admin']);
  const underling = await userBy(bigboss, 'underling', ['admin']);
  const bigbossNow = await setRoles('bigboss', ['admin', 'approver'], underling);

  const version = await submittedRuleSet(as.owner!);
  const path = `${RULESET}/versions/${version}`;
  for (const [who, token] of [
    ['selfie', selfie],
    ['bigboss', bigbossNow],
  ] as const) {
    const refused = await approve(path, token);
    expect({ who, status: refused.status, code: refused.body.error?.code }).toEqual({ who, status: 403, code: 'approver_role_self_granted' });
  }
  expect((await approve(path, as.approver!)).status).toBe(200);
});

test('only someone who was an approver before submission approves; publication re-checks the recorded approver (409)', async () => {
  const version = await submittedRuleSet(as.owner!);
  const path = `${RULESET}/versions/${version}`;
  const late = await userBy(as['hq-admin']!, 'late', ['approver']);
  const refused = await approve(path, late);
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe('approver_after_submission');

  expect((await approve(path, as.flipper!)).status).toBe(200);
  // The approver loses the role and gets it back: the approval was given by someone who is an approver only since now.
  await setRoles('flipper', ['auditor'], as['hq-admin']!);
  await setRoles('flipper', ['approver'], as['hq-admin']!);
  const publish = await app.request<ErrorBody>('POST', `${path}/publish`, { body: {}, as: as['hq-admin'] });
  expect(publish.status).toBe(409);
  expect(publish.body.error.code).toBe('approver_after_submission');
});
