import { importSyntheticBook } from '../../support/synthetic-import';
import { createOrgUnits } from '../authority/helpers';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Month-end snapshots per org unit: once a month is complete, every unit's share of it (its
 * subtree, without internet business) is stored with the whole book's, and a branch's read of it
 * is those stored figures, the same as computed from its own loans, without reading the book.
 */
let app: TestApp;
const MONTH = '2025-11';
const UNITS: [string, string][] = [
  ['BR-SH', 'HQ'],
  ['BR-BJ', 'HQ'],
  ['BR-GD', 'HQ'],
  ['BR-SC', 'HQ'],
  ['BR-SH-PD', 'BR-SH'],
];
const GROUPINGS = ['', 'orgUnit', 'customerTier,channel', 'orgUnit,customerTier,channel', 'vintage'];
const tokens: Record<string, string> = {};

interface Facts {
  segments: { segment: Record<string, string>; metrics: Record<string, number | null> }[];
  total: { metrics: Record<string, number | null> };
  snapshot: boolean;
}

beforeAll(async () => {
  app = await startTestApp();
  await createOrgUnits(app, UNITS);
  await importSyntheticBook(app, { loans: 400, months: 18, seed: 17, endMonth: '2025-12' });
  for (const [unit] of UNITS) tokens[unit] = await app.createUserAndLogin(`op-${unit.toLowerCase()}`, ['branch-operator'], unit);
}, 120_000);
afterAll(() => app.close());

const declare = async (completeThrough: string) =>
  expect((await app.request('PUT', '/api/v1/portfolio/completeness', { body: { completeThrough } })).status).toBe(200);
const read = async (unit: string | undefined, groupBy: string) => {
  const response = await app.request<Facts>('GET', `/api/v1/metrics/portfolio?month=${MONTH}&groupBy=${groupBy}`, unit ? { as: tokens[unit] } : {});
  expect(response.status).toBe(200);
  return response.body;
};

/** The figures by segment; sums are added in page order rather than record order, so numbers agree to the last bits of a double. */
function expectSameFigures(actual: Facts, expected: Facts) {
  const bySegment = (facts: Facts) => ({
    total: facts.total.metrics,
    ...Object.fromEntries(facts.segments.map((row) => [JSON.stringify(row.segment), row.metrics])),
  });
  const got = bySegment(actual) as Record<string, Record<string, number | null>>;
  const want = bySegment(expected) as Record<string, Record<string, number | null>>;
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  for (const [segment, metrics] of Object.entries(want)) {
    expect(Object.keys(got[segment]!).sort()).toEqual(Object.keys(metrics).sort());
    for (const [name, value] of Object.entries(metrics)) {
      if (value === null) expect([segment, name, got[segment]![name]]).toEqual([segment, name, null]);
      else expect([segment, name, Math.abs(got[segment]![name]! - value) <= 1e-9 * Math.max(1, Math.abs(value))]).toEqual([segment, name, true]);
    }
  }
}

test("a complete month's figures for every unit are stored, equal the ones computed from its own loans, and are read without the book", async () => {
  // Before the month is complete, each unit's figures are computed afresh from its own loans (the reference).
  await declare('2025-09-30');
  const computed: Record<string, Facts> = {};
  for (const [unit] of UNITS)
    for (const groupBy of GROUPINGS) {
      const facts = await read(unit, groupBy);
      expect(facts.snapshot).toBe(false);
      computed[`${unit}|${groupBy}`] = facts;
    }

  await declare('2025-12-31');
  // The first read of the complete month (HQ's here) stores the whole book's and every unit's figures in one pass.
  expect((await read(undefined, 'customerTier')).snapshot).toBe(true);
  const { reads } = app.platform.services.metrics;
  const before = { ...reads };
  for (const [unit] of UNITS)
    for (const groupBy of GROUPINGS) {
      const stored = await read(unit, groupBy);
      expect([unit, groupBy, stored.snapshot]).toEqual([unit, groupBy, true]);
      expect(stored.segments.every((row) => Object.keys(row.segment).join(',') === groupBy)).toBe(true);
      expectSameFigures(stored, computed[`${unit}|${groupBy}`]!);
    }
  // Neither the pages nor the records were read for any of them.
  expect(reads).toEqual(before);
}, 180_000);

test("recomputing a month rewrites every unit's stored figures with the whole book's", async () => {
  const recomputed = await app.request('POST', '/api/v1/metrics/portfolio/recompute', { body: { month: MONTH } });
  expect(recomputed.status).toBe(200);
  const { reads } = app.platform.services.metrics;
  const before = { ...reads };
  const stored = await read('BR-SH', 'orgUnit');
  expect(stored.snapshot).toBe(true);
  expect(reads).toEqual(before);
  expect(stored.segments.map((row) => row.segment.orgUnit).sort()).toEqual(expect.arrayContaining(['BR-SH']));
});
