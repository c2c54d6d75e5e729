import { startTestApp, type TestApp } from '../../support/test-app';
import { standardContent, type VersionView } from './helpers';

/**
 * What the review screens read from the rule-set views: a publication that
 * takes effect later shows as scheduled, not published, in the version and in the list; the list
 * carries each rule set's description; a version names everyone who wrote part of it.
 */
const KEY = 'warning.obligor';
const BASE = `/api/v1/rulesets/${KEY}`;
let app: TestApp;
let owner: string;
let editor: string;
let approver: string;

interface Summary {
  key: string;
  description?: string;
  activeVersion: number | null;
  versions: { version: number; state: string; effectiveFrom?: string; makers?: string[] }[];
}

beforeAll(async () => {
  app = await startTestApp({ LOG_LEVEL: 'error' });
  owner = await app.createUserAndLogin('olivia', ['policy-owner']);
  editor = await app.createUserAndLogin('edgar', ['policy-owner']);
  approver = await app.createUserAndLogin('arthur', ['approver']);
});
afterAll(() => app.close());

const listed = async (key: string) =>
  (await app.request<{ items: Summary[] }>('GET', '/api/v1/rulesets', { as: approver })).body.items.find((item) => item.key === key)!;

test("the list carries every rule set's description, from its latest version", async () => {
  const list = await app.request<{ items: Summary[] }>('GET', '/api/v1/rulesets', { as: approver });
  expect(list.status).toBe(200);
  expect(list.body.items.length).toBeGreaterThan(0);
  for (const item of list.body.items) expect(item.description).toBe(standardContent(item.key).description);
});

test('a version published to take effect later is scheduled until then, in the version and in the list', async () => {
  const content = standardContent(KEY);
  content.description = 'Red at 55 days from later on';
  const created = await app.request<VersionView>('POST', `${BASE}/versions`, { body: { basedOnVersion: 1, ruleSet: content }, as: owner });
  expect(created.status).toBe(201);
  const edited = await app.request<VersionView>('PUT', `${BASE}/versions/2`, {
    body: { revision: 1, ruleSet: { ...content, description: 'edited by a second owner' } },
    as: editor,
  });
  expect(edited.status).toBe(200);
  // Everyone who wrote part of the version is named, so the studio can leave Approve out for them.
  expect((edited.body as VersionView & { makers?: string[] }).makers).toEqual(['olivia', 'edgar']);
  expect((await listed(KEY)).description).toBe('edited by a second owner');

  expect((await app.request('POST', `${BASE}/versions/2/submit`, { body: { reason: 'ready' }, as: owner })).status).toBe(200);
  expect((await app.request('POST', `${BASE}/versions/2/approve`, { body: {}, as: approver })).status).toBe(200);
  const effectiveFrom = new Date(Date.now() + 3_600_000).toISOString();
  const published = await app.request<VersionView & { effectiveFrom: string }>('POST', `${BASE}/versions/2/publish`, { body: { effectiveFrom }, as: approver });
  expect(published.status).toBe(200);
  expect(published.body.state).toBe('scheduled');
  expect(published.body.effectiveFrom).toBe(effectiveFrom);
  expect((await app.request<VersionView>('GET', `${BASE}/versions/2`, { as: approver })).body.state).toBe('scheduled');

  const summary = await listed(KEY);
  expect(summary.activeVersion).toBe(1);
  expect(summary.versions.find((version) => version.version === 2)).toMatchObject({ state: 'scheduled', effectiveFrom });
  expect(summary.versions.find((version) => version.version === 1)).toMatchObject({ state: 'published' });
});
