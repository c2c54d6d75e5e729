import { startTestApp, type TestApp } from '../../support/test-app';
import { standardContent, type VersionView } from './helpers';

// Real concurrency against the real database: FerretDB on SQLite lets every one of several
// simultaneous filtered updates match, so these tests fail without the transition claims.
const KEY = 'warning.obligor';
const BASE = `/api/v1/rulesets/${KEY}`;
let app: TestApp;
let owner: string;
let approvers: string[];

beforeAll(async () => {
  app = await startTestApp({ LOG_LEVEL: 'error' });
  owner = await app.createUserAndLogin('olivia', ['policy-owner']);
  approvers = [await app.createUserAndLogin('arthur', ['approver']), await app.createUserAndLogin('beatrice', ['approver'])];
});
afterAll(() => app.close());

const statuses = (responses: { status: number }[]) => responses.map((response) => response.status).sort();

test('of eight simultaneous edits at one revision exactly one lands; the others get 409', async () => {
  const content = standardContent(KEY);
  const created = await app.request<VersionView>('POST', `${BASE}/versions`, { body: { basedOnVersion: 1, ruleSet: content }, as: owner });
  expect(created.status).toBe(201);
  for (let round = 0; round < 3; round += 1) {
    const current = await app.request<VersionView>('GET', `${BASE}/versions/2`, { as: owner });
    const edits = await Promise.all(
      Array.from({ length: 8 }, (_unused, index) =>
        app.request('PUT', `${BASE}/versions/2`, {
          body: { revision: current.body.revision, reason: `edit ${index}`, ruleSet: { ...content, description: `edit ${round}.${index}` } },
          as: owner,
        }),
      ),
    );
    expect(statuses(edits)).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    const after = await app.request<VersionView>('GET', `${BASE}/versions/2`, { as: owner });
    expect(after.body.revision).toBe(current.body.revision + 1);
  }
});

test('an edit racing a submission: one of them wins, and submitted content is never changed afterwards', async () => {
  const content = standardContent(KEY);
  const created = await app.request<VersionView>('POST', `${BASE}/versions`, { body: { basedOnVersion: 2, ruleSet: content }, as: owner });
  expect(created.status).toBe(201);
  const version = created.body.version;
  const [edit, submit] = await Promise.all([
    app.request('PUT', `${BASE}/versions/${version}`, { body: { revision: 1, ruleSet: { ...content, description: 'late change' } }, as: owner }),
    app.request('POST', `${BASE}/versions/${version}/submit`, { body: { reason: 'ready' }, as: owner }),
  ]);
  expect(statuses([edit, submit])).toEqual([200, 409]);
  const after = await app.request<VersionView & { ruleSet: { description?: string } }>('GET', `${BASE}/versions/${version}`, { as: owner });
  if (submit.status === 200) {
    expect(after.body.state).toBe('in-review');
    expect(after.body.ruleSet.description).not.toBe('late change');
  } else {
    expect(after.body.state).toBe('draft');
    expect(after.body.revision).toBe(2);
  }
});

test('two approvers deciding at once: one approval, one conflict', async () => {
  const content = standardContent(KEY);
  const created = await app.request<VersionView>('POST', `${BASE}/versions`, { body: { basedOnVersion: 3, ruleSet: content }, as: owner });
  expect(created.status).toBe(201);
  const version = created.body.version;
  expect((await app.request('POST', `${BASE}/versions/${version}/submit`, { body: { reason: 'ready' }, as: owner })).status).toBe(200);
  const decisions = await Promise.all([
    app.request('POST', `${BASE}/versions/${version}/approve`, { body: { reason: 'fine' }, as: approvers[0] }),
    app.request('POST', `${BASE}/versions/${version}/reject`, { body: { reason: 'not fine' }, as: approvers[1] }),
  ]);
  expect(statuses(decisions)).toEqual([200, 409]);
  const after = await app.request<VersionView>('GET', `${BASE}/versions/${version}`, { as: owner });
  expect(after.body.history!.filter((entry) => entry.action === 'approve' || entry.action === 'reject')).toHaveLength(1);
});
