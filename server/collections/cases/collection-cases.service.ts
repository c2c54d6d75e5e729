import type { AuditLog } from '../../audit/audit.service';
import type { DecisionStore } from '../../decisions/decision.store';
import type { Facts } from '../../engine/evaluate';
import type { RuleSetEvaluator } from '../../engine/evaluator';
import type { EventOutbox } from '../../events/event-outbox';
import type { PlatformEvent } from '../../events/platform-events';
import type { JobOutcome } from '../../jobs/job-definition';
import { dayFromDate } from '../../ground/calendar';
import type { Bucket } from '../../metrics/buckets';
import { readBook } from '../../metrics/book-stream';
import type { LoanBook } from '../../metrics/loan-book';
import type { MetricSettings } from '../../metrics/metric-settings';
import { RunRules, type UnitRuleSets } from '../../monitoring/effective-rule-sets';
import { ObligorFactsAccumulator, type ObligorFactsBatch, type ObligorSubject } from '../../monitoring/obligor-facts-batch';
import type { BookPages } from '../../portfolio/book-pages';
import type { PortfolioStore } from '../../portfolio/portfolio.store';
import { maskPersonalFields } from '../../privacy/masking';
import type { RevisionChange } from '../../store/revisioned-records';
import { assignCase, sameHandler } from './case-assignment';
import { caseAssignedEvent } from './case-events';
import { planCase, stageOfBucket, type CaseChange } from './case-plan';
import type { CaseHandler, CollectionCaseRecord } from './collection-case.model';
import type { CollectionCaseStore } from './collection-case.store';
import { funderLineOf } from './funder-lines';
import { recordAssignment } from './case-audit';
import { promiseFacts } from '../promises/promise-facts';

/** Changes written per round: the history entries and case updates of one round are bounded bulk writes. */
const WRITE_ROUND = 500;

export interface CollectionCasesDependencies {
  portfolio: PortfolioStore;
  bookPages: BookPages;
  metricSettings: MetricSettings;
  ruleSets: UnitRuleSets;
  evaluator: RuleSetEvaluator;
  cases: CollectionCaseStore;
  decisions: DecisionStore;
  outbox: EventOutbox;
  audit: AuditLog;
  internetChannels: readonly string[];
}

/** A case the day changes, with what it becomes. */
interface Planned {
  caseId: string;
  existing: CollectionCaseRecord | undefined;
  change: CaseChange;
  subject: ObligorSubject | undefined;
  facts: Facts;
  handler?: CaseHandler | null;
  missingFacts?: string[];
  decisionId?: string;
}

/** `coll:<obligor subject>:<funder line>`: one case per overdue obligor and funder line (and line of business, Art. 9). */
export function caseIdOf(subject: Pick<ObligorSubject, 'subjectKey' | 'split'>): string {
  return `coll:${subject.subjectKey}:${subject.split ?? ''}`;
}

/**
 * The daily collection-cases run: every obligor's funder lines from the monitoring facts builder
 * (obligor-facts-batch.ts, split by funder line), each line's stage from the metric module's
 * bucket; cases opened, moved between stages, closed (cured, settled, claimed) and reopened
 * (case-plan.ts); collection.assignment picks the handler on every opening and stage move.
 * Only the cases that change are written, so a rerun of the day changes nothing.
 */
export class CollectionCasesService {
  constructor(private readonly dependencies: CollectionCasesDependencies) {}

  async run(asOf: string, context: { actor: string; progress?: (counts: Record<string, number>) => void; book?: LoanBook }): Promise<JobOutcome> {
    const phases: Record<string, number> = {};
    let started = performance.now();
    const open = new Map((await this.dependencies.cases.open()).map((record) => [record._id, record]));
    phases.openCases = performance.now() - started;
    started = performance.now();
    const { batch, funderLookups, reads } = await this.facts(asOf, context.book, open);
    phases.facts = performance.now() - started;

    started = performance.now();
    const planned = await this.plan(batch, asOf, open);
    phases.planning = performance.now() - started;
    context.progress?.({ lines: batch.size, changing: planned.length });

    started = performance.now();
    const rules = new RunRules(this.dependencies.ruleSets, this.dependencies.evaluator);
    const now = new Date();
    const caller = `job:${context.actor}`;
    for (const item of planned) {
      if (item.change.action === 'closed') continue;
      const assigned = await assignCase(rules, this.dependencies.decisions, {
        orgUnit: item.subject!.orgUnit,
        facts: item.facts,
        stageSince: asOf,
        asOf,
        caller,
        at: now,
      });
      Object.assign(item, assigned);
    }
    phases.evaluation = performance.now() - started;

    started = performance.now();
    const written: CollectionCaseRecord[] = [];
    const before = new Map<string, CaseHandler | null>();
    for (let start = 0; start < planned.length; start += WRITE_ROUND) {
      written.push(...(await this.write(planned.slice(start, start + WRITE_ROUND), asOf, caller, now, before)));
      context.progress?.({ lines: batch.size, changing: planned.length, written: written.length });
    }
    const reassigned = written.filter((record) => record.handler && !sameHandler(before.get(record._id) ?? null, record.handler));
    const events = reassigned.map((record) => caseAssignedEvent(record, now)).filter((event): event is PlatformEvent => event !== undefined);
    const published = await this.dependencies.outbox.publish(events);
    await this.dependencies.decisions.flush();
    await recordAssignment(
      this.dependencies.audit,
      reassigned.map((record) => ({ record, before: before.get(record._id) ?? null, actor: caller, reason: `collection-cases ${asOf}` })),
    );
    phases.writes = performance.now() - started;

    const writtenIds = new Set(written.map((record) => record._id));
    const count = (action: CaseChange['action']) => planned.filter((item) => item.change.action === action && writtenIds.has(item.caseId)).length;
    return {
      counts: {
        lines: batch.size,
        bookReads: reads,
        funderLookups,
        casesOpened: count('opened'),
        casesReopened: count('reopened'),
        stageMoves: count('stage-moved'),
        casesClosed: count('closed'),
        assigned: reassigned.length,
        unassigned: planned.filter((item) => item.change.action !== 'closed' && !item.handler).length,
        conflicts: planned.length - written.length,
        eventsPublished: published,
        unknownOrgUnits: rules.unknownUnits.size,
      },
      phases: Object.fromEntries(Object.entries(phases).map(([name, ms]) => [name, Math.round(ms)])),
    };
  }

  /**
   * Every obligor's facts per funder line as of the day, from the one facts builder and the one book reader. The book
   * holds policies, not funders: it is read by policy first; the funders of the policies of obligors in collection
   * (an overdue policy line, or an open case) are then looked up, and only when one of them names a funder is the book
   * read again by funder line. An obligor out of collection has no overdue line whichever way its loans are grouped.
   */
  private async facts(
    asOf: string,
    book: LoanBook | undefined,
    open: ReadonlyMap<string, CollectionCaseRecord>,
  ): Promise<{ batch: ObligorFactsBatch; funderLookups: number; reads: number }> {
    const byPolicy = await this.read(asOf, book, new Map());
    const inCollection = new Set([...open.values()].map((record) => record.obligorId));
    for (let index = 0; index < byPolicy.size; index++)
      if (stageOfBucket(byPolicy.facts(index).bucket as Bucket) !== null) inCollection.add(byPolicy.subject(index).obligorId);
    const policies: string[] = [];
    for (let index = 0; index < byPolicy.size; index++) {
      const subject = byPolicy.subject(index);
      if (inCollection.has(subject.obligorId)) policies.push(subject.split!);
    }
    const funders = await this.dependencies.portfolio.policyFunders(policies);
    if (funders.size === 0) return { batch: byPolicy, funderLookups: policies.length, reads: 1 };
    return { batch: await this.read(asOf, book, funders), funderLookups: policies.length, reads: 2 };
  }

  private async read(asOf: string, book: LoanBook | undefined, funders: ReadonlyMap<string, string>): Promise<ObligorFactsBatch> {
    const day = dayFromDate(asOf);
    const { metricSettings, internetChannels } = this.dependencies;
    const create = () => new ObligorFactsAccumulator(day, metricSettings, internetChannels, funderLineOf(funders));
    const accumulator = book
      ? (() => {
          const sums = create();
          sums.add(book);
          return sums;
        })()
      : await readBook(this.dependencies.bookPages, this.dependencies.portfolio, () => {
          const sums = create();
          return { add: (page) => sums.add(page.book), finish: () => sums };
        });
    // Ratings play no part in a case; the facts builder's rating facts stay absent.
    return accumulator.finish(new Map(), { gradeScale: [] });
  }

  /** The lines whose case the day changes: open cases read once, closed ones only for lines overdue again. */
  private async plan(batch: ObligorFactsBatch, asOf: string, open: ReadonlyMap<string, CollectionCaseRecord>): Promise<Planned[]> {
    const seen = new Set<string>();
    const lines: { caseId: string; subject: ObligorSubject; facts: Facts }[] = [];
    for (let index = 0; index < batch.size; index++) {
      const subject = batch.subject(index);
      const caseId = caseIdOf(subject);
      const facts = batch.facts(index);
      seen.add(caseId);
      if (!open.has(caseId) && stageOfBucket(facts.bucket as Bucket) === null) continue;
      lines.push({ caseId, subject, facts });
    }
    const closed = new Map(
      (await this.dependencies.cases.byIds(lines.filter((line) => !open.has(line.caseId)).map((line) => line.caseId))).map((record) => [record._id, record]),
    );
    const planned: Planned[] = [];
    for (const { caseId, subject, facts } of lines) {
      const existing = open.get(caseId) ?? closed.get(caseId);
      const bucket = facts.bucket as Bucket;
      const change = planCase(existing, bucket, asOf);
      if (change)
        planned.push({ caseId, existing, change, subject, facts: { ...assignmentFacts(caseId, subject, facts, change), ...promiseFacts(existing?.promises) } });
    }
    // An open case whose line left the book altogether: nothing is owed on it.
    for (const [caseId, existing] of open) {
      if (seen.has(caseId)) continue;
      const change = planCase(existing, undefined, asOf);
      if (change) planned.push({ caseId, existing, change, subject: undefined, facts: existing.facts });
    }
    return planned;
  }

  /** One round of changes: new cases inserted, existing ones moved under their revision gate. Returns the cases as written. */
  private async write(
    round: readonly Planned[],
    asOf: string,
    actor: string,
    now: Date,
    before: Map<string, CaseHandler | null>,
  ): Promise<CollectionCaseRecord[]> {
    const entry = (item: Planned): RevisionChange['entry'] => ({
      action: item.change.action,
      actor,
      at: now,
      asOf,
      note: item.change.action === 'closed' ? item.change.reason : null,
      decisionId: item.decisionId ?? null,
      facts: maskPersonalFields(item.facts) as Facts,
    });
    const fresh = round.filter((item) => !item.existing).map((item) => newCase(item, asOf, now));
    const inserted = await this.dependencies.cases.insertNew(fresh, (record) => entry(round.find((item) => item.caseId === record._id)!));
    const moving = round.filter((item) => item.existing);
    const changes = moving.map((item) => ({
      id: item.caseId,
      expectedRevision: item.existing!.revision,
      set: changedFields(item, asOf, now),
      entry: entry(item),
    }));
    const { applied } = await this.dependencies.cases.applyMany(changes);
    const appliedIds = new Set(applied.map((change) => change.id));
    for (const item of moving) before.set(item.caseId, item.existing!.handler);
    return [
      ...fresh.filter((record) => inserted.has(record._id)),
      ...moving
        .filter((item) => appliedIds.has(item.caseId))
        .map((item) => ({ ...item.existing!, ...(changes.find((change) => change.id === item.caseId)!.set as object), revision: item.existing!.revision + 1 })),
    ];
  }
}

/** collection.assignment's facts of a line (schemas/rulesets/facts/collection-assignment-facts.json), amounts in yuan. */
function assignmentFacts(caseId: string, subject: ObligorSubject, facts: Facts, change: CaseChange): Facts {
  return {
    caseId,
    obligorId: subject.obligorId,
    funderLine: subject.split ?? '',
    asOf: facts.asOf,
    ...(change.action === 'closed' ? {} : { stage: change.stage }),
    dpd: facts.dpd,
    overdueAmount: facts.overdueAmount,
    remainingPrincipal: facts.remainingPrincipal,
    customerTier: subject.segment.customerTier,
    channel: subject.segment.channel,
    product: subject.segment.product,
    orgUnit: subject.orgUnit,
    // The org tree keeps no region or province yet: the unit itself stands for its region (the facts schema says so).
    region: subject.orgUnit,
    internetBusiness: subject.line === 'internet',
  };
}

function newCase(item: Planned, asOf: string, now: Date): CollectionCaseRecord {
  const subject = item.subject!;
  const stage = item.change.action === 'closed' ? 'M1' : item.change.stage;
  return {
    _id: item.caseId,
    obligorId: subject.obligorId,
    funderLine: subject.split ?? '',
    line: subject.line,
    orgUnit: subject.orgUnit,
    status: 'open',
    closedReason: null,
    stage,
    stageSince: asOf,
    openedOn: asOf,
    closedOn: null,
    changedOn: asOf,
    facts: maskPersonalFields(item.facts) as Facts,
    handler: item.handler ?? null,
    handlerType: item.handler?.type ?? null,
    missingFacts: item.missingFacts ?? [],
    delinquencyDetails: null,
    collectionPlan: null,
    maliceAssessment: null,
    revision: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/** The fields a day's change sets on a stored case. */
function changedFields(item: Planned, asOf: string, now: Date): Record<string, unknown> {
  const common = { changedOn: asOf, facts: maskPersonalFields(item.facts), updatedAt: now };
  const change = item.change;
  if (change.action === 'closed') return { ...common, status: 'closed', closedReason: change.reason, closedOn: asOf };
  const assignment = { handler: item.handler ?? null, handlerType: item.handler?.type ?? null, missingFacts: item.missingFacts ?? [] };
  if (change.action === 'reopened')
    return { ...common, ...assignment, status: 'open', closedReason: null, closedOn: null, stage: change.stage, stageSince: asOf, openedOn: asOf };
  return { ...common, ...assignment, stage: change.stage, stageSince: asOf };
}
