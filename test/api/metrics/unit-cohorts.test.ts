import { importSyntheticBook } from '../../support/synthetic-import';
import { createOrgUnits } from '../authority/helpers';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * A branch's cohort views on the portfolio page (the roll-rate matrix into a month and the vintage curves of the twelve
 * cohorts up to it, the studio's parameters) come from the month-end snapshots per org unit once the month is complete:
 * the same figures as computed from the branch's own loans, read without the book.
 */
let app: TestApp;
const MONTH = '2025-11';
const VINTAGES = `/api/v1/metrics/vintages?from=2024-12&to=${MONTH}&asOf=${MONTH}`;
const ROLL_RATES = `/api/v1/metrics/roll-rates?month=${MONTH}`;
const UNITS: [string, string][] = [
  ['BR-SH', 'HQ'],
  ['BR-BJ', 'HQ'],
  ['BR-SH-PD', 'BR-SH'],
];
const tokens: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp();
  await createOrgUnits(app, UNITS);
  await importSyntheticBook(app, { loans: 400, months: 18, seed: 17, endMonth: '2025-12' });
  for (const [unit] of UNITS) tokens[unit] = await app.createUserAndLogin(`op-${unit.toLowerCase()}`, ['branch-operator'], unit);
}, 120_000);
afterAll(() => app.close());

const declare = async (completeThrough: string) =>
  expect((await app.request('PUT', '/api/v1/portfolio/completeness', { body: { completeThrough } })).status).toBe(200);
const read = async (unit: string | undefined, path: string) => {
  const response = await app.request<Record<string, unknown> & { snapshot: boolean }>('GET', path, unit ? { as: tokens[unit] } : {});
  expect(response.status).toBe(200);
  return response.body;
};
/** The figures without when they were computed; sums are added in page order, so numbers agree to the last bits of a double. */
const figures = (view: Record<string, unknown>) =>
  JSON.parse(JSON.stringify({ ...view, computedAt: undefined, snapshot: undefined }), (_key, value: unknown) =>
    typeof value === 'number' ? Math.round(value * 1e9) / 1e9 : value,
  ) as unknown;

test("a complete month's roll rates and vintage curves for every unit are stored with its snapshots and read without the book", async () => {
  await declare('2025-09-30');
  const computed: Record<string, unknown> = {};
  for (const [unit] of UNITS)
    for (const path of [VINTAGES, ROLL_RATES]) {
      const view = await read(unit, path);
      expect(view.snapshot).toBe(false);
      computed[`${unit}|${path}`] = figures(view);
    }

  await declare('2025-12-31');
  // The first read of the complete month (HQ's portfolio here) stores every unit's views in one pass.
  expect((await read(undefined, `/api/v1/metrics/portfolio?month=${MONTH}`)).snapshot).toBe(true);
  const { reads } = app.platform.services.metrics;
  const before = { ...reads };
  for (const [unit] of UNITS)
    for (const path of [VINTAGES, ROLL_RATES]) {
      const stored = await read(unit, path);
      expect([unit, path, stored.snapshot]).toEqual([unit, path, true]);
      expect([unit, path, figures(stored)]).toEqual([unit, path, computed[`${unit}|${path}`]]);
    }
  // Neither the pages nor the records were read for any of them.
  expect(reads).toEqual(before);
}, 180_000);
