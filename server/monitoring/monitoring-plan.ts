import type { DecisionEvent, Facts } from '../engine/evaluate';
import type { PreparedRuleSet } from '../engine/prepare';
import type { ChallengerDecision } from '../generated/schema-types';
import { dateFromDay, dayFromDate } from '../ground/calendar';
import type { AlertMeasure, AlertRecord, AlertTarget } from './alert.model';
import { alertTransitions, type AlertTransition } from './alert-transitions';
import { measuresFromEvents, taskDrafts, type DispositionOrigin, type Measure } from './dispositions';
import { deadlineReviewFacts, warningDispositionFacts } from './escalation';
import { signalsFromEvents, signalValue, type Signal } from './signals';

/**
 * The deciding half of a monitoring pass, pure: plain data in (the subject and its facts, what the
 * rules answered, the subject's open alerts and the measures they ordered, the day), planned
 * changes out. No store, no clock, no random ids (they come in with the rule outcomes), so the
 * same inputs give the same plan; the writer (monitoring-cycle.ts) stores it, and the impact
 * preview reads it without writing.
 *
 * A pass decides in two steps around the disposition rules: `dispositionQuestions` says what the
 * rules must be asked (new and changed alerts, measures whose deadline passed), the caller runs
 * the rules, and `plannedChanges` turns their answers into the changes to write.
 */

export interface MonitoredSubject {
  target: AlertTarget;
  subjectKey: string;
  obligorId: string | null;
  segment: Record<string, string> | null;
  /** The unit answerable (HQ for internet business). */
  orgUnit: string;
  customerTier: string | null;
  channel: string | null;
  product: string | null;
  /** Internet business (HQ's, Art. 9), from the one INTERNET_CHANNELS setting; the disposition rules read it as a fact. */
  internetBusiness: boolean;
  /** The warning facts the subject was evaluated on. */
  facts: Facts;
}

/** One evaluation of a rule set, as the decision log records it. */
export interface RuleOutcome {
  decisionId: string;
  prepared: PreparedRuleSet;
  events: DecisionEvent[];
  /** Set for an obligor in a champion/challenger test (server/monitoring/challenger-seam.ts). */
  challenge?: ChallengerDecision;
}

/** A disposition evaluation: the facts it ran on as well. */
export interface DispositionOutcome extends RuleOutcome {
  facts: Facts;
}

/** What the planner reads of an open alert to assess a subject: the whole record, or the open-alert index's few values. */
export type PlannedAlert = Pick<AlertRecord, '_id' | 'signal' | 'level' | 'revision' | 'reviewFrom'>;

/** One subject that needs writing: its alerts move, or a measure's deadline passed and the rules must review it. */
export interface SubjectOutcome<A extends PlannedAlert = AlertRecord> {
  subject: MonitoredSubject;
  transitions: AlertTransition[];
  reviews: A[];
  /** The subject's open alerts as read when it was assessed: the first write attempt goes on these, a conflict re-reads. */
  open: readonly A[];
  warning: RuleOutcome;
}

export type ChangeKind = 'raise' | 'escalate' | 'de-escalate' | 'close' | 'review';

/** A change the disposition rules must be asked about first (none for a close). */
export interface DispositionQuestion {
  outcome: SubjectOutcome;
  kind: ChangeKind;
  alertId: string;
  signal: Signal | null;
  origin: DispositionOrigin | null;
  /** The disposition facts to evaluate; null for a close, which orders nothing. */
  facts: Facts | null;
  /** The measures the alert already ordered: a review orders only those it has not. */
  known: readonly AlertMeasure[];
}

/** One alert change to write, with the measures the disposition rules ordered for it. */
export interface PlannedChange {
  outcome: SubjectOutcome;
  kind: ChangeKind;
  alertId: string;
  signal: Signal | null;
  /** Measures ordered by the disposition rules for this change. */
  measures: Measure[];
  origin: DispositionOrigin | null;
  disposition: DispositionOutcome | null;
}

/** What one subject needs on `asOf`; undefined when nothing changes and nothing is due for review. */
export function assessSubject<A extends PlannedAlert>(
  subject: MonitoredSubject,
  warning: RuleOutcome,
  open: readonly A[],
  asOf: string,
): SubjectOutcome<A> | undefined {
  const signals = signalsFromEvents(warning.events, subject.facts);
  const transitions = alertTransitions(
    open.map((alert) => ({ alertId: alert._id, signal: alert.signal, level: alert.level, revision: alert.revision })),
    signals,
  );
  const moved = new Set(transitions.flatMap((transition) => ('alert' in transition ? [transition.alert.alertId] : [])));
  const reviews = open.filter((alert) => !moved.has(alert._id) && alert.reviewFrom !== null && alert.reviewFrom <= asOf);
  if (transitions.length === 0 && reviews.length === 0) return undefined;
  return { subject, transitions, reviews, open, warning };
}

/** How many alerts the outcomes would raise, escalate, de-escalate and close (the impact preview's monitoring figures). */
export function transitionCounts(outcomes: readonly SubjectOutcome<PlannedAlert>[]): {
  alertsRaised: number;
  alertsEscalated: number;
  alertsDeEscalated: number;
  alertsClosed: number;
} {
  const counts = { alertsRaised: 0, alertsEscalated: 0, alertsDeEscalated: 0, alertsClosed: 0 };
  for (const outcome of outcomes) {
    for (const transition of outcome.transitions) {
      if (transition.kind === 'raise') counts.alertsRaised++;
      else if (transition.kind === 'escalate') counts.alertsEscalated++;
      else if (transition.kind === 'de-escalate') counts.alertsDeEscalated++;
      else counts.alertsClosed++;
    }
  }
  return counts;
}

/**
 * What the disposition rules must be asked, in the order the changes are written: every new or
 * changed alert (with what was done for it so far), and every alert whose latest deadline passed
 * (a review; none when no deadline passed yet). `measures` holds what the moving alerts ordered.
 */
export function dispositionQuestions(
  outcomes: readonly SubjectOutcome[],
  measures: ReadonlyMap<string, readonly AlertMeasure[]>,
  asOf: string,
): DispositionQuestion[] {
  const questions: DispositionQuestion[] = [];
  const measuresOf = (alertId: string) => measures.get(alertId) ?? [];
  for (const outcome of outcomes) {
    const { subject } = outcome;
    for (const transition of outcome.transitions) {
      const alertId = transition.kind === 'raise' ? raisedAlertId(subject, transition.signal.signal, asOf) : transition.alert.alertId;
      if (transition.kind === 'close') {
        questions.push({ outcome, kind: 'close', alertId, signal: null, origin: null, facts: null, known: [] });
        continue;
      }
      const revision = transition.kind === 'raise' ? 1 : transition.alert.revision + 1;
      const facts = dispositionFacts(subject, transition.signal, warningDispositionFacts(measuresOf(alertId)));
      questions.push({
        outcome,
        kind: transition.kind,
        alertId,
        signal: transition.signal,
        origin: { kind: 'warning', alertRevision: revision },
        facts,
        known: [],
      });
    }
    for (const alert of outcome.reviews) {
      const known = measuresOf(alert._id);
      const value = signalValue(alert.signal, subject.facts);
      const review = deadlineReviewFacts(known, value, asOf, alert.changedOn);
      if (!review) continue;
      const signal: Signal = { signal: alert.signal, level: alert.level, basis: alert.basis, threshold: alert.threshold, notify: alert.notify, value };
      const origin: DispositionOrigin = { kind: 'deadline', escalationStep: review.escalationStep as number };
      questions.push({ outcome, kind: 'review', alertId: alert._id, signal, origin, facts: dispositionFacts(subject, signal, review), known });
    }
  }
  return questions;
}

/**
 * The changes to write, from the questions and the disposition rules' answers (`answers[i]`
 * answers `questions[i]`; null for a close). A review the rules answer with nothing, or only with
 * measures already ordered, writes nothing; it comes up again the next day.
 */
export function plannedChanges(
  questions: readonly DispositionQuestion[],
  answers: readonly (DispositionOutcome | null)[],
  asOf: string,
  headOfficeRoles: readonly string[],
): PlannedChange[] {
  const planned: PlannedChange[] = [];
  questions.forEach((question, index) => {
    const { outcome, kind, alertId, signal, origin } = question;
    if (kind === 'close') {
      planned.push({ outcome, kind, alertId, signal: null, measures: [], origin: null, disposition: null });
      return;
    }
    const disposition = answers[index];
    if (!disposition) throw new Error(`no disposition answered the ${kind} of alert ${alertId}`);
    const measures = measuresFromEvents(disposition.events);
    if (kind !== 'review') {
      planned.push({ outcome, kind, alertId, signal, measures, origin, disposition });
      return;
    }
    const known = new Set(question.known.map((measure) => measure.taskId));
    const alert = { alertId, orgUnit: outcome.subject.orgUnit, value: null };
    const fresh = measures.filter((measure) => !known.has(taskDrafts(alert, [measure], origin!, asOf, headOfficeRoles)[0]!.taskId));
    if (fresh.length > 0) planned.push({ outcome, kind, alertId, signal, measures: fresh, origin, disposition });
  });
  return planned;
}

/** The facts the disposition rules decide on: the signal, what was done so far (`history`) and the subject's business. */
export function dispositionFacts(subject: MonitoredSubject, signal: Signal, history: Record<string, unknown>): Facts {
  const segment = subject.segment ?? {};
  return withoutNulls({
    level: signal.level,
    signal: signal.signal,
    target: subject.target,
    ...history,
    monthsOnBook: typeof subject.facts.monthsOnBook === 'number' ? subject.facts.monthsOnBook : undefined,
    obligorId: subject.obligorId,
    orgUnit: typeof subject.facts.orgUnit === 'string' ? subject.facts.orgUnit : segment.orgUnit,
    product: subject.product,
    channel: subject.channel,
    customerTier: subject.customerTier,
    internetBusiness: subject.internetBusiness,
  });
}

/** A raised alert's id names the subject, the signal and the day, so a second run raising it again finds it taken. */
export function raisedAlertId(subject: Pick<MonitoredSubject, 'target' | 'subjectKey'>, signal: string, asOf: string): string {
  return `${subject.target}:${subject.subjectKey}:${signal}:${asOf}`;
}

/** The day a deadline review is next due: the day after the latest deadline among the measures just ordered (null: none has one). */
export function reviewFrom(measures: readonly Measure[], asOf: string): string | null {
  const days = measures.filter((measure) => measure.deadlineDays !== null).map((measure) => dayFromDate(asOf) + measure.deadlineDays! + 1);
  return days.length === 0 ? null : dateFromDay(Math.max(...days));
}

function withoutNulls(facts: Record<string, unknown>): Facts {
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== null && value !== undefined));
}
