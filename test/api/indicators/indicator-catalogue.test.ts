import { startTestApp, type TestApp } from '../../support/test-app';
import { createOrgUnits } from '../authority/helpers';

/** The indicator catalogue (Art. 6) over the API: the shipped version, edits as revisions (409 when stale), maker-checker publishing, audit. */
interface IndicatorView {
  indicatorId: string;
  category: string;
  revision: number;
  content: { label: string; definition: string; formula: string; frequency: string; owner: string; process: string; criteria: string[] };
  sources: { schema: string; field: string }[];
}
type ErrorBody = { error: { code: string; details: { path?: string }[] } };

let app: TestApp;
const as: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp();
  await createOrgUnits(app, [['BR-SH', 'HQ']]);
  as.editor = await app.createUserAndLogin('catalogue-editor', ['policy-owner', 'approver'], 'HQ');
  as.proposer = await app.createUserAndLogin('catalogue-proposer', ['policy-owner', 'approver'], 'HQ');
  as.approver = await app.createUserAndLogin('catalogue-approver', ['approver'], 'HQ');
  as.branch = await app.createUserAndLogin('branch-owner', ['policy-owner', 'branch-operator'], 'BR-SH');
}, 60_000);

afterAll(() => app.close());

test('the shipped catalogue is published version 1: every indicator with its definition, frequency, owner, process and Art. 6 criteria', async () => {
  const list = await app.request<{ version: number; items: IndicatorView[]; versions: { version: number; state: string }[] }>('GET', '/api/v1/indicators', {
    as: as.branch,
  });
  expect(list.status).toBe(200);
  expect(list.body.version).toBe(1);
  expect(list.body.versions).toEqual([expect.objectContaining({ version: 1, state: 'published' })]);
  const overdueRate = list.body.items.find((item) => item.indicatorId === 'overdueRate')!;
  expect(overdueRate).toMatchObject({
    category: 'portfolio-metric',
    revision: 1,
    content: { frequency: 'monthly', criteria: expect.arrayContaining(['risk-sensitive']) },
  });
  expect(overdueRate.content.formula).toContain('remainingPrincipal');
  const warnings = await app.request<{ items: IndicatorView[] }>('GET', '/api/v1/indicators?category=warning-indicator');
  expect(warnings.body.items.map((item) => item.indicatorId)).toEqual(expect.arrayContaining(['dpd', 'scoreDrop']));
  expect(warnings.body.items.every((item) => item.category === 'warning-indicator')).toBe(true);
});

test('an edit is a revision with history; an edit on a stale revision is 409; a branch may not edit', async () => {
  const detail = await app.request<{ indicator: IndicatorView }>('GET', '/api/v1/indicators/dpd');
  const content = { ...detail.body.indicator.content, owner: '资产管理部 Asset management' };
  const edited = await app.request<{ indicator: IndicatorView; published: IndicatorView; history: { revision: number; action: string; actor: string }[] }>(
    'PUT',
    '/api/v1/indicators/dpd',
    { as: as.editor, body: { revision: 1, content, note: 'owner moved' } },
  );
  expect(edited.status).toBe(200);
  expect(edited.body.indicator).toMatchObject({ revision: 2, content: { owner: '资产管理部 Asset management' } });
  expect(edited.body.published.content.owner).not.toBe('资产管理部 Asset management');
  expect(edited.body.history.map((entry) => [entry.revision, entry.action, entry.actor])).toEqual([
    [1, 'seeded', 'system'],
    [2, 'edited', 'catalogue-editor'],
  ]);
  const stale = await app.request<ErrorBody>('PUT', '/api/v1/indicators/dpd', { as: as.editor, body: { revision: 1, content } });
  expect(stale.status).toBe(409);
  expect(stale.body.error.code).toBe('stale_version');
  expect(stale.body.error.details[0]!.path).toBe('/body/revision');
  expect((await app.request('PUT', '/api/v1/indicators/dpd', { as: as.branch, body: { revision: 2, content } })).status).toBe(403);
  const bad = await app.request<ErrorBody>('PUT', '/api/v1/indicators/dpd', {
    as: as.editor,
    body: { revision: 2, content: { ...content, criteria: ['cheap'] } },
  });
  expect(bad.status).toBe(400);
  expect((await app.request('GET', '/api/v1/indicators/noSuchFigure')).status).toBe(404);
});

test('a new version is published only by an approver who neither proposed it nor edited its entries', async () => {
  const proposed = await app.request<{ version: number; state: string; editors: string[] }>('POST', '/api/v1/indicators/versions', {
    as: as.proposer,
    body: { note: 'owners updated' },
  });
  expect(proposed.status).toBe(201);
  expect(proposed.body).toMatchObject({ version: 2, state: 'proposed', editors: ['catalogue-editor'] });
  expect((await app.request<ErrorBody>('POST', '/api/v1/indicators/versions', { as: as.editor, body: {} })).status).toBe(409);

  for (const who of [as.editor, as.proposer]) {
    const refused = await app.request<ErrorBody>('POST', '/api/v1/indicators/versions/2/approve', { as: who, body: {} });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('maker_checker');
  }
  const approved = await app.request<{ state: string; approvedBy: string }>('POST', '/api/v1/indicators/versions/2/approve', { as: as.approver, body: {} });
  expect(approved.body).toMatchObject({ state: 'published', approvedBy: 'catalogue-approver' });
  const list = await app.request<{ version: number; items: IndicatorView[]; versions: { version: number; state: string }[] }>('GET', '/api/v1/indicators');
  expect(list.body.version).toBe(2);
  expect(list.body.items.find((item) => item.indicatorId === 'dpd')!.content.owner).toBe('资产管理部 Asset management');
  expect(list.body.versions.map((version) => [version.version, version.state])).toEqual([
    [2, 'published'],
    [1, 'superseded'],
  ]);
  const audit = await app.request<{ items: { action: string; actor: string }[] }>('GET', '/api/v1/audit?entityKind=indicator&limit=50');
  expect(audit.body.items.map((entry) => entry.action).sort()).toEqual(['indicator-catalogue.proposed', 'indicator-catalogue.published', 'indicator.edited']);
});
