import type { Collection, Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import { historiesOf, RevisionedWrites, type HistoryEntry, type RevisionChange } from '../store/revisioned-records';
import { BY_LATEST_CHANGE, collectionReader, readKeysetPage, type KeysetPage, type PageRequest } from '../store/keyset-page';
import { claimCaseCollections, type ClaimCaseRecord } from './claim-case.model';
import { SETTLED, type ClaimCaseStatus } from './claim-workflow';
import { unitFilter } from '../authority/org-scope';

export interface ClaimCaseFilter {
  orgUnits?: readonly string[];
  status?: ClaimCaseStatus;
  obligorId?: string;
  limit: number;
}

/** Every status, so a read by unit can name the leading field of the status, orgUnit index (a record type keeps it complete). */
const CLAIM_CASE_STATUSES = Object.keys({
  open: true,
  'advise-withdrawal': true,
  suspended: true,
  'early-requested': true,
  'early-approved': true,
  reported: true,
  registered: true,
  rejected: true,
  adjusted: true,
  approved: true,
  paid: true,
  subrogated: true,
  archived: true,
  withdrawn: true,
} satisfies Record<ClaimCaseStatus, true>);

export class ClaimCaseStore {
  private cases?: Collection<ClaimCaseRecord>;
  private history?: Collection<HistoryEntry>;
  private writes?: RevisionedWrites;

  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {
    const { cases, history } = await claimCaseCollections(this.connection);
    this.cases = cases;
    this.history = history;
    this.writes = new RevisionedWrites(cases as never, history);
  }

  /** Cases still in play: the rules may move them (open, advised, suspended, before approval) or the claim records may (approved); not settled ones. */
  active(): Promise<ClaimCaseRecord[]> {
    return this.cases!.find({ status: { $nin: [...SETTLED] } }).toArray();
  }

  /** Applies one user's step; false when the case moved on since it was read (the caller answers 409). */
  applyOne(change: RevisionChange): Promise<boolean> {
    return this.writes!.applyOne(change);
  }

  insertNew(records: readonly ClaimCaseRecord[], entryOf: (record: ClaimCaseRecord) => RevisionChange['entry']): Promise<Set<string>> {
    return this.writes!.insertNew(records as never, entryOf as never);
  }

  applyMany(changes: readonly RevisionChange[]) {
    return this.writes!.applyMany(changes);
  }

  /** Cases whose last step's consequences did not all happen (see ClaimWorkflowFields.pendingEffects). */
  withEffectsPending(): Promise<ClaimCaseRecord[]> {
    return this.cases!.find({ effectsPending: true }).toArray();
  }

  /** The step of `revision` has had its consequences: the flag goes (a later step's own flag stays). */
  async clearEffectsPending(caseId: string, revision: number | undefined): Promise<void> {
    await this.cases!.updateOne(revision === undefined ? { _id: caseId } : { _id: caseId, 'pendingEffects.revision': revision }, {
      $set: { effectsPending: false },
      $unset: { pendingEffects: '' },
    });
  }

  async find(caseId: string): Promise<ClaimCaseRecord | undefined> {
    return (await this.cases!.findOne({ _id: caseId })) ?? undefined;
  }

  historyOf(caseId: string): Promise<HistoryEntry[]> {
    return this.history!.find({ subjectId: caseId }).sort({ revision: 1 }).toArray();
  }

  /** The histories of several cases, by id, each in revision order: one indexed query, not one per item. */
  historiesOf(ids: readonly string[]): Promise<Map<string, HistoryEntry[]>> {
    return historiesOf(this.history!, ids);
  }

  /** Changes made by the claim-trigger job within [from, to], with the case's unit. For the monthly report. */
  async changesBetween(from: string, to: string, orgUnits?: readonly string[]): Promise<{ action: string; orgUnit: string }[]> {
    // A unit's changes come from its own cases (by status and orgUnit, an index's leading fields), then their history by the
    // indexed subjectId; HQ's from the history of the month.
    const scoped = orgUnits
      ? await this.cases!.find({ status: { $in: CLAIM_CASE_STATUSES as ClaimCaseStatus[] }, ...unitFilter(orgUnits) }, { projection: { _id: 1 } }).toArray()
      : undefined;
    const entries = [];
    // Only what the report counts: the entry's case and action, not the facts it keeps.
    const projection = { subjectId: 1, action: 1 } as const;
    if (!scoped) entries.push(...(await this.history!.find({ asOf: { $gte: from, $lte: to } }, { projection }).toArray()));
    else
      for (let start = 0; start < scoped.length; start += 1000) {
        const subjectIds = scoped.slice(start, start + 1000).map((record) => record._id);
        entries.push(...(await this.history!.find({ subjectId: { $in: subjectIds }, asOf: { $gte: from, $lte: to } }, { projection }).toArray()));
      }
    // An empty $in is a scan on the local database (nothing to push down), so a month without changes asks for no case.
    if (entries.length === 0) return [];
    const units = new Map(
      (await this.cases!.find({ _id: { $in: [...new Set(entries.map((entry) => entry.subjectId))] } }, { projection: { orgUnit: 1 } }).toArray()).map(
        (record) => [record._id, record.orgUnit],
      ),
    );
    return entries
      .map((entry) => ({ action: entry.action, orgUnit: units.get(entry.subjectId) ?? '' }))
      .filter((change) => !orgUnits || orgUnits.includes(change.orgUnit));
  }

  list(filter: ClaimCaseFilter): Promise<ClaimCaseRecord[]> {
    return this.cases!.find(caseQuery(filter)).sort({ updatedAt: -1 }).limit(filter.limit).toArray();
  }

  /** One page of claim cases, most recently changed first. */
  page(filter: Omit<ClaimCaseFilter, 'limit'>, request: PageRequest): Promise<KeysetPage<ClaimCaseRecord>> {
    return readKeysetPage(collectionReader(this.cases!), caseQuery(filter), BY_LATEST_CHANGE, request);
  }
}

function caseQuery(filter: Omit<ClaimCaseFilter, 'limit'>): Filter<ClaimCaseRecord> {
  const query: Filter<ClaimCaseRecord> = { ...unitFilter(filter.orgUnits) };
  if (filter.status) query.status = filter.status;
  if (filter.obligorId) query.obligorId = filter.obligorId;
  return query;
}
