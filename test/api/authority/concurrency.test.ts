import { startTestApp, type TestApp } from '../../support/test-app';
import { createOrgUnits } from './helpers';

// Real concurrency against the real database: simultaneous writers of one grant, overlay or unit
// at one revision — exactly one lands, the others get 409 and nothing is half-written.
let app: TestApp;
let hqOwner: string;
let hqApprover: string;
let branchOwner: string;

beforeAll(async () => {
  app = await startTestApp({ LOG_LEVEL: 'error' });
  await createOrgUnits(app, [['BR-SH', 'HQ']]);
  hqOwner = await app.createUserAndLogin('hq-owner', ['policy-owner']);
  hqApprover = await app.createUserAndLogin('hq-approver', ['approver']);
  branchOwner = await app.createUserAndLogin('sh-owner', ['policy-owner'], 'BR-SH');
}, 60_000);
afterAll(() => app.close());

const statuses = (responses: { status: number }[]) => responses.map((response) => response.status).sort();
const GRANT = '/api/v1/authority/grants/BR-SH/warning.obligor/versions';
const OVERLAY = '/api/v1/authority/overlays/BR-SH/warning.obligor/versions';

test('of eight simultaneous grant edits at one revision exactly one lands', async () => {
  expect(
    (
      await app.request('POST', GRANT, {
        body: { basedOnVersion: 0, grant: { inheritToSubBranches: false, parameters: { orangeDpd: { min: 20, max: 40 } } } },
        as: hqOwner,
      })
    ).status,
  ).toBe(201);
  const edits = await Promise.all(
    Array.from({ length: 8 }, (_, index) =>
      app.request('PUT', `${GRANT}/1`, {
        body: { revision: 1, grant: { inheritToSubBranches: false, parameters: { orangeDpd: { min: 20, max: 30 + index } } } },
        as: hqOwner,
      }),
    ),
  );
  expect(statuses(edits)).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
  const stored = await app.request<{ revision: number }>('GET', `${GRANT}/1`);
  expect(stored.body.revision).toBe(2);
  const history = await app.request<{ items: unknown[] }>('GET', '/api/v1/audit?entityKind=grant&action=update');
  expect(history.body.items).toHaveLength(1);
});

test('simultaneous publications of an approved overlay publish it once', async () => {
  for (const step of ['submit', 'approve', 'publish'])
    expect((await app.request('POST', `${GRANT}/1/${step}`, { body: {}, as: step === 'submit' ? hqOwner : hqApprover })).status).toBe(200);
  expect((await app.request('POST', OVERLAY, { body: { basedOnVersion: 0, values: { orangeDpd: 25 } }, as: branchOwner })).status).toBe(201);
  expect((await app.request('POST', `${OVERLAY}/1/submit`, { body: {}, as: branchOwner })).status).toBe(200);
  expect((await app.request('POST', `${OVERLAY}/1/approve`, { body: {}, as: hqApprover })).status).toBe(200);
  const publications = await Promise.all(Array.from({ length: 6 }, () => app.request('POST', `${OVERLAY}/1/publish`, { body: {}, as: hqApprover })));
  expect(statuses(publications).filter((status) => status === 200)).toHaveLength(1);
  expect(statuses(publications).filter((status) => status === 409)).toHaveLength(5);
  const audit = await app.request<{ items: unknown[] }>('GET', '/api/v1/audit?entityKind=overlay&action=publish');
  expect(audit.body.items).toHaveLength(1);
});

test('of simultaneous renames of an org unit at one version exactly one lands', async () => {
  const renames = await Promise.all(
    Array.from({ length: 6 }, (_, index) => app.request('PATCH', '/api/v1/org-units/BR-SH', { body: { version: 1, name: `Shanghai ${index}` } })),
  );
  expect(statuses(renames)).toEqual([200, 409, 409, 409, 409, 409]);
  expect((await app.request<{ version: number }>('GET', '/api/v1/org-units/BR-SH')).body.version).toBe(2);
});
