import type { Collection } from 'mongodb';
import { isVisible, unitFilter, type OrgScope } from '../../authority/org-scope';
import type { DecisionStore } from '../../decisions/decision.store';
import type { CollectionTimeline, TimelineEntry, TimelineGateCheck, TimelineQuery } from '../../generated/schema-types';
import { NotFoundError } from '../../http/errors';
import type { Principal } from '../../identity/principal';
import { toChangeEntryView } from '../../monitoring/queue.views';
import type { PortfolioStore } from '../../portfolio/portfolio.store';
import type { HistoryEntry } from '../../store/revisioned-records';
import type { ActivityDocument } from '../activities/activity.store';
import type { ContactProfiles } from '../activities/contact-profiles';
import { activityView } from '../activities/recordings';
import type { CollectionCaseStore } from '../cases/collection-case.store';
import type { FindingStore } from '../findings/finding.store';
import { toFindingView } from '../findings/finding.views';
import { outcomeOf } from '../gate/gate-outcome';
import type { ObligorUnits } from '../gate/obligor-units';
import type { GateCheckDocument, GateCheckLog } from './gate-checks';
import { localIso, startOfDay } from '../activities/activity-time';
import { afterCursorFilter, cursorOf, isAfter, mergePage, parseCursor, type Position } from './timeline-order';

/** An obligor's cases, findings and repayments are few; read whole (by their indexed obligor or loan ids) up to this many each. */
const SMALL_KIND_LIMIT = 1000;

export interface TimelineSources {
  activities: Collection<ActivityDocument>;
  gateChecks: GateCheckLog;
  cases: CollectionCaseStore;
  findings: FindingStore;
  portfolio: PortfolioStore;
  decisions: DecisionStore;
  profiles: ContactProfiles;
  obligors: ObligorUnits;
  orgScope: OrgScope;
}

type Candidate = Position & { entry: Omit<TimelineEntry, 'localAt'> };

/**
 * The case timeline of one obligor (催收时间线): case changes, activities, gate decisions that stopped a
 * contact, findings and repayments, newest first in one keyset order. Each kind is read by an indexed
 * query of the obligor (activities and gate checks page in the database, the few cases, findings and
 * repayments are read whole), merged by time. Another branch's obligor is 404, as at the gate.
 */
export class CollectionTimelineService {
  constructor(private readonly sources: TimelineSources) {}

  async init(): Promise<void> {
    // The collection log by obligor, newest first: the timeline's page (the gate reads counters, never the log).
    await this.sources.activities.createIndex({ obligorId: 1, moment: -1, _id: -1 });
    await this.sources.gateChecks.init();
  }

  async timeline(principal: Principal, obligorId: string, query: TimelineQuery): Promise<CollectionTimeline> {
    const { obligors, orgScope, profiles } = this.sources;
    const loans = (await obligors.loansOf([obligorId])).get(obligorId);
    if (!(await obligors.unitFor(loans, undefined, principal)))
      throw new NotFoundError(`Nothing is known about obligor "${obligorId}" in your share of the book`, 'unknown_obligor');
    // Every record of the obligor belongs to the responsible unit of one of its loans. When the caller sees all of them (the
    // usual case) the reads need no unit filter and walk the (obligorId, time) index; otherwise they keep the units it sees.
    const seen = [];
    for (const loan of loans!.loans) if (await isVisible(orgScope, principal, loan.orgUnit)) seen.push(loan);
    const visibleLoans = seen.map((loan) => loan.loanId);
    const orgUnits = seen.length === loans!.loans.length ? undefined : [...new Set(seen.map((loan) => loan.orgUnit))];
    const { timeZone } = await profiles.get(obligorId);
    const limit = query.limit ?? 50;
    const cursor = parseCursor(query.before);
    const read = { obligorId, orgUnits, cursor, limit, timeZone };

    const kinds = await Promise.all([
      this.activities(read),
      this.gateChecks(read),
      this.caseChanges(read),
      this.findings(read),
      this.repayments(visibleLoans, timeZone),
    ]);
    const page = mergePage(
      kinds.flat().filter((candidate) => isAfter(candidate, cursor)),
      limit,
    );
    await this.addDecisions(page.items);
    return {
      obligorId,
      timeZone,
      items: page.items.map((candidate) => ({ ...candidate.entry, localAt: localIso(candidate.at, timeZone) })),
      ...(page.next ? { nextBefore: cursorOf(page.next) } : {}),
    };
  }

  private async activities(read: Read): Promise<Candidate[]> {
    const documents = await this.sources.activities
      .find({ obligorId: read.obligorId, ...unitFilter(read.orgUnits), ...afterCursorFilter('activity', read.cursor, 'moment') } as never)
      .sort({ moment: -1, _id: -1 })
      .limit(read.limit + 1)
      .toArray();
    return documents.map((document) => {
      const at = new Date(document.moment);
      return {
        at,
        entryId: `activity:${document._id}`,
        entry: { entryId: `activity:${document._id}`, kind: 'activity', at: at.toISOString(), activity: activityView(document) },
      };
    });
  }

  private async gateChecks(read: Read): Promise<Candidate[]> {
    const documents = await this.sources.gateChecks.checks
      .find({ obligorId: read.obligorId, ...unitFilter(read.orgUnits), ...afterCursorFilter('gate', read.cursor, 'at') } as never)
      .sort({ at: -1, _id: -1 })
      .limit(read.limit + 1)
      .toArray();
    return documents.map((document) => {
      const at = new Date(document.at);
      return { at, entryId: `gate:${document._id}`, entry: { entryId: `gate:${document._id}`, kind: 'gate', at: at.toISOString(), gate: gateView(document) } };
    });
  }

  private async caseChanges(read: Read): Promise<Candidate[]> {
    const cases = (await this.sources.cases.page({ obligorId: read.obligorId, orgUnits: read.orgUnits }, { limit: SMALL_KIND_LIMIT })).items;
    const histories = await Promise.all(cases.map((record) => this.sources.cases.historyOf(record._id)));
    return histories.flatMap((entries, index) =>
      entries.map((entry) => {
        const caseId = cases[index]!._id;
        const at = changeMoment(entry, read.timeZone);
        // The revision padded, so two changes of a case at one time keep their order as text.
        const entryId = `case:${caseId}:${String(entry.revision).padStart(6, '0')}`;
        return { at, entryId, entry: { entryId, kind: 'case' as const, at: at.toISOString(), caseId, change: toChangeEntryView(entry) } };
      }),
    );
  }

  private async findings(read: Read): Promise<Candidate[]> {
    const findings = (await this.sources.findings.page({ obligorId: read.obligorId, orgUnits: read.orgUnits }, { limit: SMALL_KIND_LIMIT })).items;
    return findings.map((record) => {
      const at = new Date(record.createdAt);
      return {
        at,
        entryId: `finding:${record._id}`,
        entry: { entryId: `finding:${record._id}`, kind: 'finding', at: at.toISOString(), finding: toFindingView(record) },
      };
    });
  }

  private async repayments(loanIds: readonly string[], timeZone: string): Promise<Candidate[]> {
    if (loanIds.length === 0) return [];
    const found: Candidate[] = [];
    // By the indexed loanId, the obligor's loans only: an obligor's repayments are bounded by its loans' schedules.
    for await (const repayment of this.sources.portfolio.repaymentRecords({ loanId: { $in: [...loanIds] } })) {
      const at = repayment.paidAt.length > 10 ? new Date(repayment.paidAt) : startOfDay(repayment.paidAt, timeZone);
      const entryId = `repayment:${repayment.repaymentId}`;
      found.push({
        at,
        entryId,
        entry: {
          entryId,
          kind: 'repayment',
          at: at.toISOString(),
          repayment: {
            repaymentId: repayment.repaymentId,
            loanId: repayment.loanId,
            paidAt: repayment.paidAt,
            amount: repayment.amountCents / 100,
            ...(repayment.payeeAccountType ? { payeeAccountType: repayment.payeeAccountType } : {}),
            ...(repayment.paymentMethod ? { paymentMethod: repayment.paymentMethod } : {}),
          },
        },
      });
    }
    return found;
  }

  /** The gate decision each activity on the page was made under, from the decision log by its id. */
  private async addDecisions(items: readonly Candidate[]): Promise<void> {
    const named = items.filter((candidate) => candidate.entry.activity?.decisionId);
    await Promise.all(
      named.map(async (candidate) => {
        const decision = await this.sources.decisions.find(candidate.entry.activity!.decisionId!);
        if (!decision) return;
        const { outcome, reasons } = outcomeOf(decision.events);
        candidate.entry.gate = { decisionId: decision.decisionId, outcome, reasons };
      }),
    );
  }
}

interface Read {
  obligorId: string;
  orgUnits: string[] | undefined;
  cursor: Position | undefined;
  limit: number;
  timeZone: string;
}

/** A change by the daily run concerns its business day (it may run hours later); a person's change is when it was made. */
function changeMoment(entry: HistoryEntry, timeZone: string): Date {
  return entry.asOf ? startOfDay(entry.asOf, timeZone) : new Date(entry.at);
}

function gateView(document: GateCheckDocument): TimelineGateCheck {
  return {
    decisionId: document._id,
    outcome: document.outcome,
    reasons: document.reasons,
    restrictions: document.restrictions,
    channel: document.channel,
    targetType: document.targetType,
    actor: document.actor,
  };
}
