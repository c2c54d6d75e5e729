import type { DecisionStore } from '../../decisions/decision.store';
import type { DecisionEvent, Facts } from '../../engine/evaluate';
import type { RuleSetEvaluator } from '../../engine/evaluator';
import { missingFacts } from '../../engine/missing-facts';
import type { PreparedRuleSet } from '../../engine/prepare';
import type { EventOutbox } from '../../events/event-outbox';
import type { JobOutcome } from '../../jobs/job-definition';
import { RunRules, type UnitRuleSets } from '../../monitoring/effective-rule-sets';
import type { TaskStore } from '../../monitoring/task.store';
import { taskCreatedEvent } from '../../monitoring/platform-event-data';
import { maskPersonalFields } from '../../privacy/masking';
import type { ClaimCaseRecord } from '../claim-case.model';
import type { ClaimCaseStore } from '../claim-case.store';
import { claimHandlingFacts } from '../handling/claim-handling-facts';
import { readClaimHandling, type ClaimHandlingReading } from '../handling/claim-handling-reader';
import { claimDeadlineEvent, claimDeadlineTask, flagOf, isFlagged } from './claim-deadline-notices';
import { NO_DUE_DATE, type ClaimDeadlineRecord, type ClaimDeadlineState, type ClaimDeadlineStore } from './claim-deadline.store';

export const CLAIM_HANDLING = 'claim.handling';

export interface ClaimDeadlinesDependencies {
  cases: ClaimCaseStore;
  deadlines: ClaimDeadlineStore;
  ruleSets: UnitRuleSets;
  evaluator: RuleSetEvaluator;
  decisions: DecisionStore;
  tasks: TaskStore;
  outbox: EventOutbox;
  /** The workflow's steps whose consequences failed half-way, carried out again by the daily run. */
  pendingEffects?: { completePendingEffects(): Promise<{ completed: number; failed: number }> };
}

interface Reading {
  record: ClaimCaseRecord;
  facts: Facts;
  events: DecisionEvent[];
  prepared: PreparedRuleSet;
  reading: ClaimHandlingReading;
  decisionId: string;
}

const WORST: ClaimDeadlineState[] = ['missed', 'approaching', 'running', 'unknown'];

/**
 * The claim time limits (Art. 16; Insurance Law Art. 23) as the `claim.handling` rules decide them: each case in
 * the workflow evaluated with its unit's rule set (overlays included) through the job's rule runners (which report
 * facts the rules read and never got), the decision logged, the deadlines stored on the read model, and for every
 * stage approaching or past its due date one task per case and stage and each claim.deadline-* event once.
 */
export class ClaimDeadlinesService {
  constructor(private readonly dependencies: ClaimDeadlinesDependencies) {}

  async run(asOf: string, context: { actor: string }): Promise<JobOutcome> {
    const phases: Record<string, number> = {};
    let started = performance.now();
    // First the consequences of steps that failed half-way (a book claim record missing after an approval or payment).
    const effects = (await this.dependencies.pendingEffects?.completePendingEffects()) ?? { completed: 0, failed: 0 };
    phases.pendingEffects = performance.now() - started;
    started = performance.now();
    // Every case in play, so the queue lists those awaiting the insured's report too (no clock runs for them yet).
    const cases = await this.dependencies.cases.active();
    const rules = new RunRules(this.dependencies.ruleSets, this.dependencies.evaluator);
    const readings: Reading[] = [];
    for (const record of cases) readings.push(await this.read(rules, record, asOf));
    phases.evaluation = performance.now() - started;

    started = performance.now();
    const now = new Date();
    const counts = { casesEvaluated: readings.length, approaching: 0, missed: 0, tasksCreated: 0, eventsPublished: 0, unknownOrgUnits: 0 };
    for (const reading of readings) {
      this.log(reading, `job:${context.actor}`, now);
      await this.dependencies.deadlines.save(toRecord(reading, asOf, now));
      for (const deadline of reading.reading.deadlines.filter(isFlagged)) {
        counts[deadline.state]++;
        const { record, decisionId, prepared } = reading;
        const task = claimDeadlineTask(record, deadline, { asOf, now, decisionId, ruleSet: { key: prepared.key, version: prepared.version } });
        const created = await this.dependencies.tasks.insertNew([task], () => ({
          action: 'created',
          actor: `job:${context.actor}`,
          at: now,
          asOf,
          note: null,
          decisionId,
          facts: null,
        }));
        // insertNew and claimFlag are each won by one caller: a task.created and a deadline event leave once, on two workers too.
        const events = created.has(task._id) ? [taskCreatedEvent(task, now)] : [];
        const flag = flagOf(deadline);
        const flagged = await this.dependencies.deadlines.claimFlag(record._id, flag);
        if (flagged) events.unshift(claimDeadlineEvent(record, deadline, { asOf, now, decisionId }));
        try {
          if (events.length > 0) counts.eventsPublished += await this.dependencies.outbox.publish(events);
        } catch (error) {
          // The event was not recorded: give the flag back so the next run publishes it.
          if (flagged) await this.dependencies.deadlines.releaseFlag(record._id, flag);
          throw error;
        }
        counts.tasksCreated += created.size;
      }
    }
    await this.dependencies.decisions.flush();
    phases.writes = performance.now() - started;
    counts.unknownOrgUnits = rules.unknownUnits.size;
    return {
      counts: { ...counts, stepEffectsCompleted: effects.completed, stepEffectsFailed: effects.failed },
      phases: Object.fromEntries(Object.entries(phases).map(([name, ms]) => [name, Math.round(ms)])),
    };
  }

  /**
   * A case's deadlines again after a workflow step, for the step's day (the queue follows the case without waiting
   * for the daily run). Stored and logged only; tasks and events stay with the daily run.
   */
  async refresh(caseId: string, on: string, actor: string): Promise<void> {
    const record = await this.dependencies.cases.find(caseId);
    if (!record) return;
    const reading = await this.read(new RunRules(this.dependencies.ruleSets, this.dependencies.evaluator), record, on);
    const now = new Date();
    this.log(reading, actor, now);
    await this.dependencies.deadlines.save(toRecord(reading, on, now));
  }

  private async read(rules: RunRules, record: ClaimCaseRecord, asOf: string): Promise<Reading> {
    const facts = claimHandlingFacts({ ...record, caseId: record._id, earlyIntervention: Boolean(record.earlyPayment) }, asOf);
    const { prepared, run } = await rules.forUnit(CLAIM_HANDLING, record.orgUnit);
    const events = await run(facts);
    // One decision per case, day and revision: a repeated run logs the same decision id again, which the log keeps once.
    const decisionId = `claim-deadlines:${record._id}:${asOf}:${record.revision}`;
    return { record, facts, events, prepared, reading: readClaimHandling(events, record, asOf), decisionId };
  }

  private log(reading: Reading, caller: string, now: Date): void {
    const { prepared, facts, events } = reading;
    this.dependencies.decisions.add({
      decisionId: reading.decisionId,
      ruleSet: { key: prepared.key, version: prepared.version, hash: prepared.hash },
      orgUnit: reading.record.orgUnit,
      caller,
      facts: maskPersonalFields(facts) as Facts,
      events,
      eventTypes: [...new Set(events.map((event) => event.type))],
      missingFacts: missingFacts(prepared, facts, events),
      at: now,
      durationMs: 0,
    });
  }
}

function toRecord(reading: Reading, asOf: string, now: Date): Omit<ClaimDeadlineRecord, 'flags'> {
  const { record, prepared } = reading;
  const { deadlines, escalations } = reading.reading;
  const due = deadlines.map((deadline) => deadline.dueOn).filter((day): day is string => day !== null);
  const nextDueOn = due.length > 0 ? due.sort()[0]! : null;
  return {
    _id: record._id,
    loanId: record.loanId,
    policyId: record.policyId,
    obligorId: record.obligorId,
    orgUnit: record.orgUnit,
    status: record.status,
    asOf,
    nextDueOn,
    dueKey: nextDueOn ?? NO_DUE_DATE,
    state: WORST.find((state) => deadlines.some((deadline) => deadline.state === state)) ?? 'none',
    deadlines,
    escalations,
    decisionId: reading.decisionId,
    ruleSet: { key: prepared.key, version: prepared.version, hash: prepared.hash },
    updatedAt: now,
  };
}
