import type { RollRateMatrix, VintageCurves } from '../generated/schema-types';
import { monthIndexFromText, monthText } from '../ground/calendar';
import { toRollRateView, toVintageView } from './metric.views';
import type { SnapshotView } from './snapshot.model';
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
  const computedAt = new Date().toISOString();
  const storedKeys = new Map<SnapshotView, Set<string>>();
  const keep = async (view: SnapshotView, key: string, figures: RollRateMatrix | VintageCurves) => {
    if (!storedKeys.has(view)) storedKeys.set(view, new Set(overwrite ? [] : await snapshots.keysOf(view, month)));
    if (!storedKeys.get(view)!.has(key)) await snapshots.save(view, month, key, figures);
  };
  /** One owner's two views: the whole book's keyed by nothing but the curves' parameters, a unit's by its share first. */
  const keepBoth = async (owner: { rollRates: SnapshotView; vintages: SnapshotView; key: string }, { rollRates, vintages }: UnitCohorts) => {
    await keep(owner.rollRates, owner.key, { ...toRollRateView(month, monthText(monthIndex - 1), rollRates), computedAt, snapshot: true });
    const curvesKey = owner.key === '' ? unitVintageKey(monthIndex) : `${owner.key}|${unitVintageKey(monthIndex)}`;
    await keep(owner.vintages, curvesKey, { ...toVintageView(from, to, threshold, month, vintages), computedAt, snapshot: true });
  };
  await keepBoth({ rollRates: 'roll-rates', vintages: 'vintages', key: '' }, whole);
  for (const [index, share] of shares.entries()) {
    await keepBoth({ rollRates: 'unit-roll-rates', vintages: 'unit-vintages', key: shareKey(share) }, cohorts[index]!);
  }
}
