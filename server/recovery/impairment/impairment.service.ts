import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DecisionStore } from '../../decisions/decision.store';
import type { Facts } from '../../engine/evaluate';
import type { RuleSetEvaluator } from '../../engine/evaluator';
import { missingFacts } from '../../engine/missing-facts';
import { dateFromDay, monthEndDay, monthIndexFromText } from '../../ground/calendar';
import { RunRules, type UnitRuleSets } from '../../monitoring/effective-rule-sets';
import { add, outstanding, sum } from '../ledger-arithmetic';
import { ZERO, type LedgerEntry, type RecoveryCaseRecord, type RecoveryImpairment } from '../recovery-case.model';
import type { RecoveryCaseStore } from '../recovery-case.store';
import { impairmentFacts } from './impairment-facts';
import { carryingCents, readImpairment } from './impairment-reader';

export const IMPAIRMENT_FAMILY = 'recovery.impairment';
export const IMPAIRMENT_JOB_ACTOR = 'job:recovery-impairment';
/** A case changed by someone else between the read and the write is read again, at most this often. */
const ATTEMPTS = 3;

export interface ImpairmentRunCounts {
  [name: string]: number;
  cases: number;
  assessed: number;
  movements: number;
  alreadyDone: number;
  undecided: number;
  missingFacts: number;
  released: number;
}

/**
 * The month-end impairment of recovery receivables (Art. 23): per open case paid by the month's end,
 * recovery.impairment for the case's unit (HQ's version with the overlays on the unit's path,
 * resolved once per run), the decision logged with any facts the rules read and were not given, the
 * stage and expected share stored on the case, and an `impairment` ledger movement when the
 * allowance (or the stage) changes. The allowance is the outstanding receivable not expected back:
 * outstanding − carryingCents(outstanding, share), so the carrying amount is never rounded up.
 *
 * Idempotent per month with any number of workers: a case already stated for the month (or a later
 * one) is left, the movement's id is `<caseId>:impairment:<month>` (written once), and the case's
 * change goes through the revision gate (one writer wins, the other reads the case again and sees it done).
 * A closed case still carrying an allowance is released to 0 (nothing is outstanding).
 */
export class ImpairmentService {
  constructor(
    private readonly cases: RecoveryCaseStore,
    private readonly dependencies: { ruleSets: UnitRuleSets; evaluator: RuleSetEvaluator; decisions: DecisionStore },
  ) {}

  async runMonth(month: string, actor: string): Promise<ImpairmentRunCounts> {
    const asOf = dateFromDay(monthEndDay(monthIndexFromText(month)));
    const rules = new RunRules(this.dependencies.ruleSets, this.dependencies.evaluator);
    const counts: ImpairmentRunCounts = { cases: 0, assessed: 0, movements: 0, alreadyDone: 0, undecided: 0, missingFacts: 0, released: 0 };
    const open = (await this.cases.open()).filter((record) => record.paidOn <= asOf);
    const toRelease = (await this.cases.closedWithAllowance()).filter((record) => record.paidOn <= asOf);
    for (const first of [...open, ...toRelease]) {
      counts.cases += 1;
      let record: RecoveryCaseRecord | undefined = first;
      for (let attempt = 0; attempt < ATTEMPTS && record; attempt += 1) {
        if (record.impairment && record.impairment.month >= month) {
          counts.alreadyDone += 1;
          break;
        }
        const outcome = record.status === 'open' ? await this.assess(record, month, asOf, rules, actor, counts) : release(record, month);
        if (!outcome) break;
        const written = await this.write(record, outcome, month, asOf, actor);
        if (written === 'lost') {
          record = await this.cases.find(record._id);
          continue;
        }
        if (record.status === 'open') counts.assessed += 1;
        else counts.released += 1;
        if (written === 'moved') counts.movements += 1;
        break;
      }
    }
    return counts;
  }

  /** The case's facts at the month's end, the rules' decision logged, and what it means for the case; undefined when no rule decided. */
  private async assess(
    record: RecoveryCaseRecord,
    month: string,
    asOf: string,
    rules: RunRules,
    actor: string,
    counts: ImpairmentRunCounts,
  ): Promise<{ impairment: RecoveryImpairment; facts: Facts } | undefined> {
    // What is legally due is the case's (the penalty and costs as known now); recoveries and write-offs count up to the month's end.
    const moved = booked(await this.cases.ledgerOf(record._id), asOf);
    const open = sum(outstanding(record.due, moved.recovered, moved.writtenOff));
    const facts = impairmentFacts(
      {
        caseId: record._id,
        paidOn: record.paidOn,
        dueCents: sum(record.due),
        recoveredCents: sum(moved.recovered),
        hasCollateral: record.hasCollateral,
        litigationStatus: record.litigationStatus,
        handler: record.handler,
      },
      asOf,
    ) as Facts;
    const { prepared, run } = await rules.forUnit(IMPAIRMENT_FAMILY, record.orgUnit);
    const started = performance.now();
    const events = await run(facts);
    const missing = missingFacts(prepared, facts, events);
    const decisionId = randomUUID();
    await this.dependencies.decisions.record([
      {
        decisionId,
        ruleSet: { key: prepared.key, version: prepared.version, hash: prepared.hash },
        orgUnit: record.orgUnit,
        caller: actor,
        facts,
        events,
        eventTypes: [...new Set(events.map((event) => event.type))],
        ...(missing.length > 0 ? { missingFacts: missing } : {}),
        at: new Date(),
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      },
    ]);
    if (missing.length > 0) counts.missingFacts += 1;
    const reading = readImpairment(events);
    if (!reading) {
      // No rule decided (facts missing, or an overlay without a rule for this case): the case keeps what it had; the decision says why.
      counts.undecided += 1;
      return undefined;
    }
    const allowanceCents = open - carryingCents(open, reading.expectedRecoveryShare);
    return { impairment: { stage: reading.stage, expectedRecoveryShare: reading.expectedRecoveryShare, allowanceCents, month, decisionId }, facts };
  }

  /** The ledger movement (when the allowance or stage changed) under its month's id, then the case's revision. */
  private async write(
    record: RecoveryCaseRecord,
    outcome: { impairment: RecoveryImpairment; facts: Facts | null },
    month: string,
    asOf: string,
    actor: string,
  ): Promise<'moved' | 'stated' | 'lost'> {
    const { impairment } = outcome;
    const before = record.impairment;
    const moves = !before || before.allowanceCents !== impairment.allowanceCents || before.stage !== impairment.stage;
    const at = new Date();
    // The movement first: a run that dies before the case's revision leaves the case unstated, and the next attempt writes the same id.
    if (moves) await this.cases.addLedger([movement(record, impairment, month, asOf, actor, at, before)]);
    const applied = await this.cases.applyOne({
      id: record._id,
      expectedRevision: record.revision,
      set: { impairment, updatedAt: at },
      entry: {
        action: 'impaired',
        actor,
        at,
        asOf,
        note: `${impairment.stage}, expected ${impairment.expectedRecoveryShare}, allowance ${(impairment.allowanceCents / 100).toFixed(2)} yuan (${month})`,
        decisionId: impairment.decisionId,
        facts: outcome.facts,
      },
    });
    if (!applied) return 'lost';
    return moves ? 'moved' : 'stated';
  }
}

/** Recoveries and write-offs booked on or before the day, by component. */
function booked(entries: readonly LedgerEntry[], asOf: string) {
  let recovered = ZERO;
  let writtenOff = ZERO;
  for (const entry of entries) {
    if (entry.on > asOf) continue;
    if (entry.kind === 'recovery') recovered = add(recovered, entry.components);
    if (entry.kind === 'write-off') writtenOff = add(writtenOff, entry.components);
  }
  return { recovered, writtenOff };
}

/** A closed case has nothing outstanding: its allowance is released, its stage kept. */
function release(record: RecoveryCaseRecord, month: string): { impairment: RecoveryImpairment; facts: null } | undefined {
  if (!record.impairment) return undefined;
  return { impairment: { ...record.impairment, allowanceCents: 0, month, decisionId: null }, facts: null };
}

function movement(
  record: RecoveryCaseRecord,
  impairment: RecoveryImpairment,
  month: string,
  asOf: string,
  actor: string,
  at: Date,
  before: RecoveryImpairment | null,
): LedgerEntry {
  return {
    _id: `${record._id}:impairment:${month}`,
    caseId: record._id,
    loanId: record.loanId,
    orgUnit: record.orgUnit,
    kind: 'impairment',
    on: asOf,
    month,
    // An impairment moves the allowance, not the receivable: no component changes.
    components: ZERO,
    recoveryId: null,
    source: 'job',
    unallocatedCents: 0,
    impairment,
    actor,
    at,
    note: `allowance ${((before?.allowanceCents ?? 0) / 100).toFixed(2)} -> ${(impairment.allowanceCents / 100).toFixed(2)} yuan`,
  };
}
