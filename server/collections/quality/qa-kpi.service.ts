import { visibleUnits, type OrgScope } from '../../authority/org-scope';
import { FINDING_SEVERITY_VALUES, type QaKpi, type QaKpiQuery } from '../../generated/schema-types';
import { ValidationError } from '../../http/errors';
import type { Principal } from '../../identity/principal';
import { complianceScore, type ComplianceCounts, type ScoreWeights } from './compliance-score';
import type { QaStore } from './qa.store';

/** At most this many months in one query: the read is (keys x units x months) counter documents. */
export const MAX_KPI_MONTHS = 24;

/**
 * The compliance KPI per team, agent or agency over whole months, from the QA counters (one
 * document per key, unit and month, kept by the sampling job, the reviews and the gate's blocks):
 * one read of `by` and the months on the declared index, so its cost follows the number of
 * collectors and months asked, never the log. Ranked by the compliance score, best first; an
 * actor with nothing sampled has no score and no rank. Amount recovered is not an input.
 */
export class QaKpiService {
  constructor(
    private readonly store: QaStore,
    private readonly scope: OrgScope,
    private readonly weights: ScoreWeights,
  ) {}

  async kpi(principal: Principal, query: QaKpiQuery): Promise<QaKpi> {
    const months = monthsBetween(query.from, query.to);
    const units = await visibleUnits(this.scope, principal, query.orgUnit);
    const totals = new Map<string, ComplianceCounts & { clean: number; units: Set<string> }>();
    for (const counter of await this.store.counters(query.by, months, units)) {
      let total = totals.get(counter.key);
      if (!total) {
        total = { activities: 0, sampled: 0, reviewed: 0, clean: 0, gateBlocks: 0, findings: { low: 0, medium: 0, high: 0, critical: 0 }, units: new Set() };
        totals.set(counter.key, total);
      }
      total.units.add(counter.orgUnit);
      total.activities += counter.activities ?? 0;
      total.sampled += counter.sampled ?? 0;
      total.reviewed += counter.reviewed ?? 0;
      total.clean += counter.clean ?? 0;
      total.gateBlocks += counter.gateBlocks ?? 0;
      for (const severity of FINDING_SEVERITY_VALUES) total.findings[severity] += counter.findings?.[severity] ?? 0;
    }
    const items = [...totals.entries()].map(([key, total]) => {
      const { score, penalties, coverage } = complianceScore(total, this.weights);
      const { units: unitSet, ...counts } = total;
      return { key, orgUnit: [...unitSet].sort().join(','), rank: null as number | null, score, coverage, penalties, ...counts };
    });
    items.sort((first, second) => (second.score ?? -1) - (first.score ?? -1) || first.key.localeCompare(second.key));
    items.forEach((item, index) => (item.rank = item.score === null ? null : index + 1));
    return { by: query.by, from: query.from, to: query.to, weights: this.weights, items };
  }
}

/** The months from..to inclusive; 400 when to is before from or the span is over MAX_KPI_MONTHS. */
export function monthsBetween(from: string, to: string): string[] {
  if (to < from) throw new ValidationError('The query is invalid', [{ path: '/query/to', message: `must not be before from (${from})` }]);
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  for (let current = from; current <= to; current = `${year}-${String(month).padStart(2, '0')}`) {
    months.push(current);
    if (months.length > MAX_KPI_MONTHS) throw new ValidationError('The query is invalid', [{ path: '/query/to', message: `at most ${MAX_KPI_MONTHS} months` }]);
    month++;
    if (month > 12) {
      year++;
      month = 1;
    }
  }
  return months;
}
