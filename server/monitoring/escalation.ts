import { dayFromDate } from '../ground/calendar';

/** A measure ordered for an alert, as far as the next deadline review needs to know it. */
export interface MeasureRecord {
  action: string;
  dueOn: string | null;
  createdOn: string;
  escalationStep: number;
  /** The signal's value when the measure was ordered. */
  valueAtMeasure: number | null;
}

export const REDUCTION_ACTION = 'reduce-credit-limit';

/**
 * The disposition facts of a deadline review: once the deadline of the latest measures ordered
 * since the alert reached its level has passed, the rules are asked again with what happened
 * since (Art. 8(2): no improvement within the deadline, keep reducing). Whether anything follows
 * is the rules' decision, not this function's; undefined means there is nothing to review (no
 * deadline at this level yet, or it has not passed).
 */
export function deadlineReviewFacts(
  measures: readonly MeasureRecord[],
  currentValue: number | null,
  asOf: string,
  levelSince: string,
): Record<string, unknown> | undefined {
  const latest = latestDeadline(measures, levelSince);
  if (!latest) return undefined;
  const today = dayFromDate(asOf);
  // A measure due on D is still in time on D; on D + 1 its deadline has passed by one day.
  const daysSinceDeadline = today - dayFromDate(latest.dueOn!);
  if (daysSinceDeadline < 1) return undefined;
  const improved = currentValue !== null && latest.valueAtMeasure !== null ? currentValue < latest.valueAtMeasure : false;
  return {
    trigger: 'deadline',
    previousReductions: measures.filter((measure) => measure.action === REDUCTION_ACTION).length,
    deadlinePassed: true,
    daysSinceDeadline,
    daysSinceMeasure: today - dayFromDate(latest.createdOn),
    improved,
    escalationStep: latest.escalationStep + 1,
  };
}

/** The deadline that matters now: among the measures ordered last (at this level), the latest deadline. */
export function latestDeadline(measures: readonly MeasureRecord[], levelSince: string): MeasureRecord | undefined {
  const current = measures.filter((measure) => measure.createdOn >= levelSince);
  const order = (measure: MeasureRecord) => `${measure.createdOn}|${String(measure.escalationStep).padStart(4, '0')}`;
  const last = current.map(order).sort().at(-1);
  return current
    .filter((measure) => order(measure) === last && measure.dueOn !== null)
    .sort((a, b) => a.dueOn!.localeCompare(b.dueOn!))
    .at(-1);
}

/** Disposition facts for a new or changed warning: what was done so far for it, and no review. */
export function warningDispositionFacts(measures: readonly MeasureRecord[]): Record<string, unknown> {
  return { trigger: 'warning', previousReductions: measures.filter((measure) => measure.action === REDUCTION_ACTION).length, escalationStep: 0 };
}
