import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type PlatformApp } from '../../../server/app';
import { createLogger } from '../../../server/logger';
import { PROJECT_ROOT, startTestApp, TEST_ADMIN_KEY, type TestApp } from '../../support/test-app';
import { eventually } from '../../support/polling';
import { createOrgUnits } from './helpers';

/**
 * A second app on the same database stands for another server process: its own copies of the
 * org tree, the publications and the grants and overlays in force. What one publishes, the
 * other uses within seconds, without a restart.
 */
let app: TestApp;
let other: { platform: PlatformApp; server: http.Server; url: string };

beforeAll(async () => {
  app = await startTestApp();
  const platform = await createApp({ config: app.config, connection: app.connection, logger: createLogger('silent'), projectRoot: PROJECT_ROOT });
  const server = http.createServer(platform.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  other = { platform, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}, 60_000);
afterAll(async () => {
  await new Promise<void>((resolve) => {
    other.server.close(() => resolve());
    other.server.closeAllConnections();
  });
  await other.platform.close();
  await app.close();
});

const facts = { dpd: 31, customerTier: 'near-prime', channel: 'bank-branch', monthsOnBook: 12 };
async function levelAtOther(orgUnit: string): Promise<string> {
  const response = await fetch(`${other.url}/api/v1/rulesets/warning.obligor/evaluate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ facts, orgUnit }),
  });
  const body = (await response.json()) as { events?: { params: { level: string } }[]; error?: { code: string } };
  return body.error?.code ?? body.events?.[0]?.params.level ?? 'none';
}

test('a new unit, a grant and an overlay published through one process apply in another within seconds', async () => {
  // The other process knows no BR-SH yet: its tree is cached.
  expect(await levelAtOther('BR-SH')).toBe('unknown_org_unit');
  await createOrgUnits(app, [['BR-SH', 'HQ']]);
  expect(
    await eventually(
      () => levelAtOther('BR-SH'),
      (level) => level === 'orange',
      5000,
    ),
  ).toBe('orange');

  const publish = async (base: string, body: Record<string, unknown>) => {
    const draft = await app.request<{ version: number }>('POST', base, { body, as: owner });
    for (const [step, who] of [
      ['submit', owner],
      ['approve', approver],
      ['publish', approver],
    ] as const) {
      expect((await app.request('POST', `${base}/${draft.body.version}/${step}`, { body: {}, as: who })).status).toBe(200);
    }
  };
  const owner = await app.createUserAndLogin('hq-owner', ['policy-owner']);
  const approver = await app.createUserAndLogin('hq-approver', ['approver']);
  await publish('/api/v1/authority/grants/BR-SH/warning.obligor/versions', {
    basedOnVersion: 0,
    grant: { inheritToSubBranches: false, parameters: { orangeDpd: { min: 20, max: 40 } } },
  });
  await publish('/api/v1/authority/overlays/BR-SH/warning.obligor/versions', { basedOnVersion: 0, values: { orangeDpd: 35 } });
  const started = Date.now();
  expect(
    await eventually(
      () => levelAtOther('BR-SH'),
      (level) => level === 'yellow',
      5000,
    ),
  ).toBe('yellow');
  expect(Date.now() - started).toBeLessThan(5000);

  // Narrowing the grant reaches the other process too: it falls back to HQ's value.
  await publish('/api/v1/authority/grants/BR-SH/warning.obligor/versions', {
    basedOnVersion: 1,
    grant: { inheritToSubBranches: false, parameters: { orangeDpd: { min: 20, max: 30 } } },
  });
  expect(
    await eventually(
      () => levelAtOther('BR-SH'),
      (level) => level === 'orange',
      5000,
    ),
  ).toBe('orange');
});
