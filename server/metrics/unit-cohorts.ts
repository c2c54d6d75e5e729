import type { RollRateMatrix, VintageCurves } from '../generated/schema-types';
import { monthIndexFromText, monthText } from '../ground/calendar';
import { toRollRateView, toVintageView } from './metric.views';
import type { SnapshotStore } from './snapshot.store';
import { shareKey, unitVintageKey, unitVintageParameters, type UnitCohorts, type UnitShare } from './unit-month';

/**
 * Stores each unit's cohort views of a complete month, computed in the month-end snapshots' pass over the pages: its
 * roll-rate matrix into the month ('unit-roll-rates', keyed by the share) and its portfolio page's vintage curves observed
 * at the month ('unit-vintages', keyed by the share and the curves' parameters); and the whole book's, as HQ reads them
 * ('roll-rates' and 'vintages'), so that HQ's first reader does not pay a pass over the pages either. Views already
 * stored stay as first computed unless `overwrite` (the recompute), like the portfolio figures.
 */
export async function storeUnitCohorts(
  snapshots: SnapshotStore,
  month: string,
  shares: readonly UnitShare[],
  cohorts: readonly UnitCohorts[],
  whole: UnitCohorts,
  overwrite: boolean,
): Promise<void> {
  const monthIndex = monthIndexFromText(month);
  const { from, to, threshold } = unitVintageParameters(monthIndex);
  const storedRollRates = new Set(overwrite ? [] : await snapshots.keysOf('unit-roll-rates', month));
  const storedVintages = new Set(overwrite ? [] : await snapshots.keysOf('unit-vintages', month));
  const computedAt = new Date().toISOString();
  if (overwrite || !(await snapshots.keysOf('roll-rates', month)).includes('')) {
    const matrix: RollRateMatrix = { ...toRollRateView(month, monthText(monthIndex - 1), whole.rollRates), computedAt, snapshot: true };
    await snapshots.save('roll-rates', month, '', matrix);
  }
  if (overwrite || !(await snapshots.keysOf('vintages', month)).includes(unitVintageKey(monthIndex))) {
    const curves: VintageCurves = { ...toVintageView(from, to, threshold, month, whole.vintages), computedAt, snapshot: true };
    await snapshots.save('vintages', month, unitVintageKey(monthIndex), curves);
  }
  for (const [index, share] of shares.entries()) {
    const { rollRates, vintages } = cohorts[index]!;
    const key = shareKey(share);
    if (!storedRollRates.has(key)) {
      const matrix: RollRateMatrix = { ...toRollRateView(month, monthText(monthIndex - 1), rollRates), computedAt, snapshot: true };
      await snapshots.save('unit-roll-rates', month, key, matrix);
    }
    const vintageKey = `${key}|${unitVintageKey(monthIndex)}`;
    if (!storedVintages.has(vintageKey)) {
      const curves: VintageCurves = { ...toVintageView(from, to, threshold, month, vintages), computedAt, snapshot: true };
      await snapshots.save('unit-vintages', month, vintageKey, curves);
    }
  }
}
