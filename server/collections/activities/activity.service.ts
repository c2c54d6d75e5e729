import type { ActivityBatchResult, ActivityRecord, ContactProfile } from '../../generated/schema-types';
import type { ErrorDetail } from '../../http/errors';
import type { SchemaRegistry } from '../../http/schema-registry';
import { actorName, type Principal } from '../../identity/principal';
import type { IncomingRow } from '../../portfolio/import.service';
import type { CollectionGateSettings } from '../gate/gate-settings';
import { agencyActorProblem, type AgencyScope } from '../gate/agency-scope';
import type { ObligorUnits } from '../gate/obligor-units';
import { documentOf, rowProblems } from './activity-rows';
import type { ActivityDocument, ActivityStore } from './activity.store';
import type { ContactProfiles } from './contact-profiles';
import type { CollectionCounters, CounterIncrement } from './counters';

/** At most this many activities in one request (JSON or NDJSON). */
export const MAX_ACTIVITIES_PER_REQUEST = 10_000;
/** Rows are checked, stored and counted this many at a time, so memory stays flat for a streamed body. */
const CHUNK = 1_000;

type Rejection = ActivityBatchResult['rejected'][number];

/**
 * Records collection activities row by row: a row that does not fit its schema, names an obligor
 * the caller does not know (unknown, or outside its scope: answered alike) or reuses an id with
 * another body is rejected on its own; the rest are stored and then counted, so counters follow
 * the log whatever order rows arrive in. A row sent again with the same body changes nothing.
 */
/** An activity recorded for the first time, with the contact profile it was judged under. */
export interface RecordedActivity {
  document: ActivityDocument;
  profile: ContactProfile;
}
export type RecordedListener = (recorded: RecordedActivity[], at: Date) => Promise<unknown>;

export class ActivityService {
  constructor(
    private readonly store: ActivityStore,
    private readonly counters: CollectionCounters,
    private readonly profiles: ContactProfiles,
    private readonly obligors: ObligorUnits,
    private readonly schemas: SchemaRegistry,
    private readonly settings: CollectionGateSettings,
    private readonly agencies: AgencyScope,
  ) {}

  private readonly recordedListeners: RecordedListener[] = [];
  /**
   * Tells a listener of the activities each chunk recorded for the first time, after their counters, awaited in turn:
   * the promises to pay kept from them, the compliance dashboard's counts, the QA sampling inbox, the agency scorecards' counters.
   */
  onRecorded(listener: RecordedListener): void {
    this.recordedListeners.push(listener);
  }

  async record(rows: AsyncIterable<IncomingRow> | Iterable<IncomingRow>, principal: Principal): Promise<ActivityBatchResult> {
    const result: ActivityBatchResult = { recordedCount: 0, unchangedCount: 0, rejectedCount: 0, rejected: [] };
    let seen = 0;
    let chunk: { index: number; record: ActivityRecord }[] = [];
    const reject = (rejection: Rejection) => {
      result.rejectedCount++;
      result.rejected.push(rejection);
    };
    for await (const row of rows) {
      seen++;
      if (seen > MAX_ACTIVITIES_PER_REQUEST) {
        reject({
          index: row.index,
          code: 'invalid_input',
          problems: [{ path: '/', message: `more than ${MAX_ACTIVITIES_PER_REQUEST} activities in one request` }],
        });
        continue;
      }
      const problems = row.problems ?? this.schemas.check('collections/activity-record', row.record);
      const record = row.record as ActivityRecord;
      if (problems.length === 0) problems.push(...rowProblems(record, new Date(), this.settings.clockSkewMs));
      if (problems.length > 0) {
        reject({ index: row.index, ...activityIdOf(row.record), code: 'invalid_input', problems: problems.map(plainProblem) });
        continue;
      }
      chunk.push({ index: row.index, record });
      if (chunk.length >= CHUNK) {
        await this.recordChunk(chunk, principal, result, reject);
        chunk = [];
      }
    }
    if (chunk.length > 0) await this.recordChunk(chunk, principal, result, reject);
    return result;
  }

  private async recordChunk(
    rows: { index: number; record: ActivityRecord }[],
    principal: Principal,
    result: ActivityBatchResult,
    reject: (rejection: Rejection) => void,
  ): Promise<void> {
    const obligorIds = [...new Set(rows.map(({ record }) => record.obligorId))];
    const keyAgency = principal.agencyId;
    const [loans, profiles, placed] = await Promise.all([
      this.obligors.loansOf(obligorIds),
      this.profiles.many(obligorIds),
      keyAgency ? this.agencies.placedObligors(keyAgency, obligorIds) : undefined,
    ]);
    const corrected = await this.store.bodyHashes([...new Set(rows.flatMap(({ record }) => (record.corrects ? [record.corrects] : [])))]);
    const now = new Date();
    const accepted: { index: number; document: ActivityDocument; increment: CounterIncrement }[] = [];
    for (const { index, record } of rows) {
      // An agency's key records only as its agency, and only for obligors whose open case is placed with it (else unknown, as out of scope).
      const actorProblem = keyAgency ? agencyActorProblem(record.actor, keyAgency) : undefined;
      if (actorProblem) {
        reject({ index, activityId: record.activityId, code: 'invalid_input', problems: [{ path: '/actor', message: actorProblem }] });
        continue;
      }
      const inScope = !placed || placed.has(record.obligorId);
      const orgUnit = inScope ? await this.obligors.unitFor(loans.get(record.obligorId), record.loanId, principal) : undefined;
      if (!orgUnit) {
        const what = record.loanId ? `obligor "${record.obligorId}" with loan "${record.loanId}"` : `obligor "${record.obligorId}"`;
        reject({
          index,
          activityId: record.activityId,
          code: 'unknown_obligor',
          problems: [{ path: '/obligorId', message: `no ${what} in your share of the book` }],
        });
        continue;
      }
      if (record.corrects && !corrected.has(record.corrects) && !rows.some((other) => other.record.activityId === record.corrects)) {
        reject({ index, activityId: record.activityId, code: 'invalid_input', problems: [{ path: '/corrects', message: 'no recorded activity has this id' }] });
        continue;
      }
      const profile = profiles.get(record.obligorId)!;
      accepted.push({ index, ...documentOf(record, { profile, orgUnit, numberSecret: this.settings.numberSecret, now, recordedBy: actorName(principal) }) });
    }
    const existing = await this.store.insert(accepted.map(({ document }) => document));
    const counted: CounterIncrement[] = [];
    const recorded: RecordedActivity[] = [];
    const stored =
      existing.size > 0 ? await this.store.bodyHashes(accepted.filter((_, position) => existing.has(position)).map(({ document }) => document._id)) : new Map();
    accepted.forEach(({ index, document, increment }, position) => {
      if (!existing.has(position)) {
        result.recordedCount++;
        counted.push(increment);
        recorded.push({ document, profile: profiles.get(document.obligorId)! });
      } else if (stored.get(document._id) === document.bodyHash) result.unchangedCount++;
      else
        reject({
          index,
          activityId: document._id,
          code: 'duplicate_activity',
          problems: [{ path: '/activityId', message: 'an activity with this id was recorded with other content; send a correction (corrects) under a new id' }],
        });
    });
    await this.counters.add(counted);
    if (recorded.length > 0) for (const listener of this.recordedListeners) await listener(recorded, now);
  }
}

function activityIdOf(record: unknown): { activityId?: string } {
  const id = (record as { activityId?: unknown } | undefined)?.activityId;
  return typeof id === 'string' ? { activityId: id.slice(0, 120) } : {};
}

function plainProblem(problem: ErrorDetail): { path: string; message: string } {
  return { path: problem.path ?? '/', message: problem.message };
}
