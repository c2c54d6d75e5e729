import type { CommandStartedEvent } from 'mongodb';
import { runJob } from '../../support/monitoring-helpers';
import { monitoringPortfolio } from '../../support/monitoring-portfolio';
import { startTestApp, type TestApp } from '../../support/test-app';
import { createOrgUnits } from '../authority/helpers';
import { standardContent } from '../rulesets/helpers';

/**
 * The impact preview reads the facts the daily run stored for the day (the facts snapshot) instead of every book page and
 * every rating, while the book is the one the run read; once an import changed it, the preview builds the facts from the
 * pages again, and sees the change.
 */
type Change = { obligorId: string; facts: Record<string, unknown> };
type Impact = { obligors: number; changes: Change[] };

let app: TestApp;
const commands: CommandStartedEvent[] = [];
let owner = '';
let quietVersion = 0;

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' }, { onCommand: (event) => commands.push(event) });
  await app.platform.startJobs();
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  owner = await app.createUserAndLogin('hq-owner', ['policy-owner'], 'HQ');
  const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', { body: monitoringPortfolio() });
  expect(imported.body.rejectedCount).toBe(0);
  // A draft whose one rule never fires: every obligor the published set warns is a change, with its facts.
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
    as: owner,
    body: { basedOnVersion: 1, ruleSet: quiet },
  });
  expect(draft.status).toBe(201);
  quietVersion = draft.body.version;
}, 60_000);
afterAll(() => app.close());

/** The preview as of the day, with the reads it made of the book pages and of the ratings. */
async function preview(asOf: string): Promise<{ impact: Impact; pageReads: number; ratingReads: number }> {
  const since = commands.length;
  const response = await app.request<Impact>('POST', `/api/v1/rulesets/warning.obligor/versions/${quietVersion}/impact`, { as: owner, body: { asOf } });
  expect([response.status, response.status === 200 ? '' : response.text]).toEqual([200, '']);
  const reads = (prefix: string) =>
    commands.slice(since).filter((event) => ['find', 'aggregate'].includes(event.commandName) && String(event.command[event.commandName]).startsWith(prefix))
      .length;
  return { impact: response.body, pageReads: reads('portfolio_book_pages_g'), ratingReads: reads('portfolio_ratings') };
}

test('the preview reads the facts the run stored while the book is unchanged, and the pages once an import changed it', async () => {
  const built = await preview('2025-08-20');
  expect(built.pageReads).toBeGreaterThan(0);
  await runJob(app, 'obligor-monitoring', { asOf: '2025-08-20' });

  const stored = await preview('2025-08-20');
  expect({ pageReads: stored.pageReads, ratingReads: stored.ratingReads }).toEqual({ pageReads: 0, ratingReads: 0 });
  // The same subjects and facts, whether built from the pages or read from what the run stored (what it would do to the
  // open alerts differs: the run opened some since).
  expect(stored.impact.obligors).toBe(built.impact.obligors);
  expect(stored.impact.changes).toEqual(built.impact.changes);
  // Another day than the run's is built from the pages.
  expect((await preview('2025-08-19')).pageReads).toBeGreaterThan(0);

  // A new rating of OB-D changes the book: the preview builds the facts again and sees it.
  const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', {
    body: { ratings: [{ obligorId: 'OB-D', ratedAt: '2025-08-18', score: 500, grade: 'D' }] },
  });
  expect(imported.body.rejectedCount).toBe(0);
  const changed = await preview('2025-08-20');
  expect(changed.pageReads).toBeGreaterThan(0);
  expect(changed.impact.changes.find((change) => change.obligorId === 'OB-D')!.facts).toMatchObject({ score: 500, scoreDrop: 200 });

  // The next run stores the facts of the changed book, which the preview reads again.
  await runJob(app, 'obligor-monitoring', { asOf: '2025-08-20' });
  const again = await preview('2025-08-20');
  expect(again.pageReads).toBe(0);
  expect(again.impact).toEqual(changed.impact);
}, 120_000);

test('the snapshots of the three newest days are kept, with the parts of their latest write only', async () => {
  for (const asOf of ['2025-08-21', '2025-08-22', '2025-08-23', '2025-08-23']) await runJob(app, 'obligor-monitoring', { asOf });
  const stored = await app.connection.db!.collection<{ _id: string; kind: string; asOf: string }>('monitoring_facts_snapshots').find({}).toArray();
  const heads = stored.filter((document) => document.kind === 'head').map((document) => document.asOf);
  expect(heads.sort()).toEqual(['2025-08-21', '2025-08-22', '2025-08-23']);
  // One part a day (six obligors), the re-run's replacing the first run's of 08-23.
  expect(
    stored
      .filter((document) => document.kind === 'part')
      .map((document) => document.asOf)
      .sort(),
  ).toEqual(heads);
  expect((await preview('2025-08-23')).pageReads).toBe(0);
}, 120_000);
