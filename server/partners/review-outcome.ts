import type { DecisionEvent } from '../engine/evaluate';
import { PARTNER_REVIEW_OUTCOME_VALUES, type PartnerReviewOutcome } from '../generated/schema-types';

/** The schema lists the outcomes from the mildest to the most severe (schemas/partners/partner-review-outcome.json). */
const SEVERITY: readonly PartnerReviewOutcome[] = PARTNER_REVIEW_OUTCOME_VALUES;

/**
 * partner.review's events read as one outcome: the most severe that fired (terminate > suspend >
 * rectify > continue), with the reasons of every event of that outcome. No event at all: continue
 * (a version without the continue rule still decides). Pure.
 */
export function reviewOutcome(events: readonly Pick<DecisionEvent, 'type' | 'params'>[]): { outcome: PartnerReviewOutcome; reasons: string[] } {
  const reviews = events.filter((event) => event.type === 'review');
  let outcome: PartnerReviewOutcome = 'continue';
  for (const event of reviews) {
    const fired = event.params?.outcome as PartnerReviewOutcome;
    if (SEVERITY.indexOf(fired) > SEVERITY.indexOf(outcome)) outcome = fired;
  }
  const reasons = reviews.filter((event) => event.params?.outcome === outcome).map((event) => String(event.params?.reason ?? ''));
  return { outcome, reasons: [...new Set(reasons.filter((reason) => reason !== ''))] };
}

/** The quarter a month lies in: 2026-02 or 2026-03 -> 2026-Q1, from 2026-01-01 to 2026-03-31, its last month 2026-03. */
export function quarterOf(month: string): { period: string; from: string; to: string; months: string[]; lastMonth: string } {
  const year = Number(month.slice(0, 4));
  const last = Math.ceil(Number(month.slice(5, 7)) / 3) * 3;
  const first = last - 2;
  const pad = (value: number) => String(value).padStart(2, '0');
  const lastDay = new Date(Date.UTC(year, last, 0)).getUTCDate();
  return {
    period: `${year}-Q${last / 3}`,
    from: `${year}-${pad(first)}-01`,
    to: `${year}-${pad(last)}-${pad(lastDay)}`,
    months: [first, first + 1, last].map((value) => `${year}-${pad(value)}`),
    lastMonth: `${year}-${pad(last)}`,
  };
}

/** The last quarter ended before `now`: its last month. */
export function lastQuarterEnd(now: Date): string {
  const month = now.getUTCMonth(); // 0-based: Jan..Mar -> December of last year
  const endMonth = Math.floor(month / 3) * 3; // 0, 3, 6, 9: the quarter end before, 1-based
  return endMonth === 0 ? `${now.getUTCFullYear() - 1}-12` : `${now.getUTCFullYear()}-${String(endMonth).padStart(2, '0')}`;
}
