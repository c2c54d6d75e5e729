import { alertsOf, runJob, type AlertView } from '../../support/monitoring-helpers';
import { monitoringPortfolio } from '../../support/monitoring-portfolio';
import type { CommandStartedEvent } from 'mongodb';
import { startTestApp, type TestApp } from '../../support/test-app';
import { createOrgUnits } from '../authority/helpers';
import { standardContent } from '../rulesets/helpers';

/**
 * The impact preview is a dry run of obligor monitoring: the same facts as the
 * daily run for the same day, each unit's effective rule set (branch overlays applied). A
 * candidate that raises nothing moves every obligor the published set warns to "none", so the
 * preview's changes list exactly the obligors the daily run warns, with the facts it used.
 */
type Change = { obligorId: string; orgUnit: string; from: string; to: string; facts: Record<string, unknown> };
type Impact = { obligors: number; evaluated: number; changes: Change[]; monitoring: Record<string, number> };
type AlertDetail = { alert: AlertView; history: { facts: Record<string, unknown> | null }[] };

let app: TestApp;
const commands: CommandStartedEvent[] = [];
const as: Record<string, string> = {};
let quietVersion = 0;
const RANK = ['none', 'yellow', 'orange', 'red'];

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' }, { onCommand: (event) => commands.push(event) });
  await app.platform.startJobs();
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  for (const [name, roles, unit] of [
    ['hq-owner', ['policy-owner'], 'HQ'],
    ['hq-approver', ['approver'], 'HQ'],
    ['sh-owner', ['policy-owner'], 'BR-SH'],
    ['sh-approver', ['approver'], 'BR-SH'],
  ] as const) {
    as[name] = await app.createUserAndLogin(name, [...roles], unit);
  }
  const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', { body: monitoringPortfolio() });
  expect(imported.body.rejectedCount).toBe(0);
  // A draft whose one rule never fires: every obligor it is previewed on ends at "none".
  const quiet = standardContent('warning.obligor');
  quiet.rules = [
    {
      name: 'never',
      basis: 'test',
      conditions: { all: [{ fact: 'obligorId', operator: 'equal', value: '-none-' }] },
      event: { type: 'warning', params: { level: 'yellow', signal: 'never', basis: 'test' } },
    },
  ] as never;
  quiet.tests = [];
  const draft = await app.request<{ version: number }>('POST', '/api/v1/rulesets/warning.obligor/versions', {
    as: as['hq-owner'],
    body: { basedOnVersion: 1, ruleSet: quiet },
  });
  expect(draft.status).toBe(201);
  quietVersion = draft.body.version;
}, 60_000);
afterAll(() => app.close());

const preview = async (asOf: string): Promise<Impact> => {
  const response = await app.request<Impact>('POST', `/api/v1/rulesets/warning.obligor/versions/${quietVersion}/impact`, {
    as: as['hq-owner'],
    body: { asOf },
  });
  expect([response.status, response.status === 200 ? '' : response.text]).toEqual([200, '']);
  return response.body;
};

/** Each warned obligor's worst open level, from the daily run's alerts. */
function worstOpen(alerts: readonly AlertView[]): Record<string, string> {
  const worst: Record<string, string> = {};
  for (const alert of alerts)
    if (alert.status === 'open' && RANK.indexOf(alert.level) > RANK.indexOf(worst[alert.obligorId!] ?? 'none')) worst[alert.obligorId!] = alert.level;
  return worst;
}

async function publishThrough(base: string, body: Record<string, unknown>, author: string, approver: string): Promise<void> {
  const draft = await app.request<{ version: number }>('POST', base, { body, as: as[author] });
  expect(draft.status).toBe(201);
  expect((await app.request('POST', `${base}/${draft.body.version}/submit`, { body: {}, as: as[author] })).status).toBe(200);
  expect((await app.request('POST', `${base}/${draft.body.version}/approve`, { body: { reason: 'checked' }, as: as[approver] })).status).toBe(200);
  expect((await app.request('POST', `${base}/${draft.body.version}/publish`, { body: {}, as: as[approver] })).status).toBe(200);
}

test('the preview evaluates the facts the daily run evaluated for the same day', async () => {
  await runJob(app, 'obligor-monitoring', { asOf: '2025-08-20' });
  const alerts = (await alertsOf(app, '&target=obligor')).filter((alert) => alert.status === 'open');
  const impact = await preview('2025-08-20');
  // What the published set warns in the dry run is what the daily run warned.
  expect(Object.fromEntries(impact.changes.map((change) => [change.obligorId, change.from]))).toEqual(worstOpen(alerts));
  expect(impact.changes.every((change) => change.to === 'none')).toBe(true);
  for (const change of impact.changes) {
    const alert = alerts.find((candidate) => candidate.obligorId === change.obligorId)!;
    const detail = await app.request<AlertDetail>('GET', `/api/v1/alerts/${encodeURIComponent(alert.alertId)}`);
    expect(change.orgUnit).toBe(alert.orgUnit);
    expect(change.facts).toEqual(detail.body.history.at(-1)!.facts);
  }
  // The score and grade drop of OB-D (B to D) is seen as the daily run sees it.
  expect(impact.changes.find((change) => change.obligorId === 'OB-D')!.facts).toMatchObject({ gradeDowngrade: 2, scoreDrop: 80 });
  // Dry run: published now, the candidate would close every open alert, and nothing was written.
  expect(impact.monitoring).toMatchObject({ alertsClosed: alerts.length, alertsRaised: 0 });
  expect((await alertsOf(app, '&target=obligor')).filter((alert) => alert.status === 'open')).toHaveLength(alerts.length);
}, 120_000);

test('a branch overlay changes the preview as it changes the daily run', async () => {
  // OB-A (near-prime, BR-SH) is 20 days past due on 08-21: yellow under HQ's orange threshold of 30, orange under Shanghai's 20.
  expect(Object.fromEntries((await preview('2025-08-21')).changes.map((change) => [change.obligorId, change.from]))['OB-A']).toBe('yellow');
  await publishThrough(
    '/api/v1/authority/grants/BR-SH/warning.obligor/versions',
    { basedOnVersion: 0, grant: { inheritToSubBranches: true, parameters: { orangeDpd: { min: 20, max: 40 } } } },
    'hq-owner',
    'hq-approver',
  );
  await publishThrough(
    '/api/v1/authority/overlays/BR-SH/warning.obligor/versions',
    { basedOnVersion: 0, values: { orangeDpd: 20 } },
    'sh-owner',
    'sh-approver',
  );
  const impact = await preview('2025-08-21');
  await runJob(app, 'obligor-monitoring', { asOf: '2025-08-21' });
  const alerts = await alertsOf(app, '&target=obligor');
  expect(worstOpen(alerts)['OB-A']).toBe('orange');
  expect(Object.fromEntries(impact.changes.map((change) => [change.obligorId, change.from]))).toEqual(worstOpen(alerts));
}, 120_000);

test('the preview reads no whole alert: it plans against the open-alert index the daily run keeps', async () => {
  // Every open alert read whole is the costliest read of a preview on a large book (27 s for 38,000 open alerts locally).
  const since = commands.length;
  const reads = (collection: string) =>
    commands
      .slice(since)
      .filter((event) => (event.commandName === 'find' || event.commandName === 'aggregate') && event.command[event.commandName] === collection);
  await runJob(app, 'obligor-monitoring', { asOf: '2025-08-22' });
  const afterRun = commands.length;
  await preview('2025-08-22');
  expect(reads('monitoring_alerts').filter((event) => commands.indexOf(event) >= afterRun)).toHaveLength(0);
  expect(reads('monitoring_open_alert_index').filter((event) => commands.indexOf(event) >= afterRun).length).toBeGreaterThan(0);
});

test("previews of one day's stored facts reuse the published pass until a publication changes what it resolves", async () => {
  type Line = { progress?: { phase: string; done: number; total: number }; result?: Impact };
  const streamed = async (): Promise<{ publishedReports: number; fromOf: Record<string, string> }> => {
    const response = await app.request<string>('POST', `/api/v1/rulesets/warning.obligor/versions/${quietVersion}/impact`, {
      as: as['hq-owner'],
      body: { asOf: '2025-08-22' },
      headers: { accept: 'application/x-ndjson' },
    });
    expect(response.status).toBe(200);
    const lines = response.text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Line);
    const result = lines.at(-1)!.result!;
    return {
      publishedReports: lines.filter((line) => line.progress?.phase === 'published').length,
      fromOf: Object.fromEntries(result.changes.map((change) => [change.obligorId, change.from])),
    };
  };
  // The day's run stored its facts and the test before previewed them: this preview reuses that published pass (one
  // report: done at once).
  const first = await streamed();
  expect(first.publishedReports).toBe(1);
  expect(first.fromOf['OB-A']).toBe('orange');

  // Shanghai's overlay back to 40 days: what the published pass resolves for BR-SH changed, so it is decided again.
  await publishThrough(
    '/api/v1/authority/overlays/BR-SH/warning.obligor/versions',
    { basedOnVersion: 1, values: { orangeDpd: 40 } },
    'sh-owner',
    'sh-approver',
  );
  const changed = await streamed();
  expect(changed.publishedReports).toBeGreaterThan(1);
  expect(changed.fromOf['OB-A']).toBe('yellow');
  // And reused again while nothing changes.
  expect(await streamed()).toEqual({ publishedReports: 1, fromOf: changed.fromOf });
}, 120_000);
