import type { CommandStartedEvent } from 'mongodb';
import { monitoringPortfolio } from '../../support/monitoring-portfolio';
import { startTestApp, type TestApp } from '../../support/test-app';
import { createOrgUnits } from '../authority/helpers';
import { standardContent } from '../rulesets/helpers';

/**
 * The ratings are on the book pages: a preview of a day no daily run covered (so it builds the facts rather than reading
 * the facts snapshot) reads the pages and not one rating document, and a rating imported since is on the pages the next
 * preview reads (a grade downgrade changes its answer).
 */
type Change = { obligorId: string; facts: Record<string, unknown> };
type Impact = { obligors: number; changes: Change[] };

let app: TestApp;
const commands: CommandStartedEvent[] = [];
let owner = '';
let quietVersion = 0;

beforeAll(async () => {
  app = await startTestApp({}, { onCommand: (event) => commands.push(event) });
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  owner = await app.createUserAndLogin('hq-owner', ['policy-owner'], 'HQ');
  const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', { body: monitoringPortfolio() });
  expect(imported.body.rejectedCount).toBe(0);
  // A draft whose one rule never fires: every subject the published set warns is a change, with its facts.
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

/** The preview as of the day, with the reads it made of the book pages and of the rating records. */
async function preview(asOf: string): Promise<{ impact: Impact; pageReads: number; ratingReads: number }> {
  const since = commands.length;
  const response = await app.request<Impact>('POST', `/api/v1/rulesets/warning.obligor/versions/${quietVersion}/impact`, { as: owner, body: { asOf } });
  expect([response.status, response.status === 200 ? '' : response.text]).toEqual([200, '']);
  const reads = (prefix: string) =>
    commands
      .slice(since)
      .filter((event) => ['find', 'aggregate', 'count'].includes(event.commandName) && String(event.command[event.commandName]).startsWith(prefix)).length;
  return { impact: response.body, pageReads: reads('portfolio_book_pages_g'), ratingReads: reads('portfolio_ratings') };
}

const factsOf = (impact: Impact, obligorId: string) => impact.changes.find((change) => change.obligorId === obligorId)?.facts;

test('the facts of a day no run covered take the ratings from the book pages, and a rating imported since is seen', async () => {
  const before = await preview('2025-08-20');
  expect({ pageReads: before.pageReads > 0, ratingReads: before.ratingReads }).toEqual({ pageReads: true, ratingReads: 0 });
  // OB-D's August rating (score 700 -> 620, grade B -> D) is on the pages: the published set warns it.
  expect(factsOf(before.impact, 'OB-D')).toMatchObject({ score: 620, scoreDrop: 80, grade: 'D', gradeDowngrade: 2 });
  // OB-E pays on time and keeps its baseline grade: not warned.
  expect(factsOf(before.impact, 'OB-E')).toBeUndefined();

  // A two-notch downgrade of OB-E (B -> D on the scale A..E) arrives in a rating import.
  const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', {
    body: { ratings: [{ obligorId: 'OB-E', ratedAt: '2025-08-19', score: 690, grade: 'D' }] },
  });
  expect(imported.body.rejectedCount).toBe(0);
  const after = await preview('2025-08-20');
  expect(after.ratingReads).toBe(0);
  expect(factsOf(after.impact, 'OB-E')).toMatchObject({ score: 690, scoreDrop: 10, grade: 'D', gradeDowngrade: 2 });
  expect(after.impact.changes.length).toBe(before.impact.changes.length + 1);
  // A day before the new rating still sees OB-E on its baseline.
  expect(factsOf((await preview('2025-08-18')).impact, 'OB-E')).toBeUndefined();
}, 120_000);

test('pages of an older format (no ratings) are rebuilt from the records, ratings included, also when an import comes first', async () => {
  // Make the current pages look like format 1: the registry entries of the book keep their generation numbers.
  const registry = app.connection.db!.collection<{ _id: string; format: number }>('portfolio_book_generations');
  await registry.updateMany({}, { $set: { format: 1 } });
  const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', {
    body: { ratings: [{ obligorId: 'OB-E', ratedAt: '2025-08-21', score: 600, grade: 'E' }] },
  });
  expect(imported.body.rejectedCount).toBe(0);
  const after = await preview('2025-08-21');
  expect(after.ratingReads).toBe(0);
  // The whole book is there (OB-D's August rating from the records, OB-E's newest from the import).
  expect(factsOf(after.impact, 'OB-D')).toMatchObject({ score: 620, grade: 'D' });
  expect(factsOf(after.impact, 'OB-E')).toMatchObject({ score: 600, grade: 'E', gradeDowngrade: 3 });
}, 120_000);
