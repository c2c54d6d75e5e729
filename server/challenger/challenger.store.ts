import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import type { ChallengerFamily, ChallengerSegment, ChallengerStatus } from '../generated/schema-types';
import { RevisionedWrites, type HistoryEntry } from '../store/revisioned-records';
import type { WarningLevel } from '../backtest/outcome-measures';
import type { Arm } from './challenger-split';
import type { DayObservation } from './challenger-comparison';

/** A champion/challenger test as stored (challenger_tests), every change a revision with its history (challenger_test_history). */
export interface ChallengerTestRecord {
  /** CT-<key>-<n>: the hash seed of the split, so it never changes once requested. */
  _id: string;
  key: string;
  family: ChallengerFamily;
  championVersion: number;
  challengerVersion: number;
  shareBasisPoints: number;
  orgUnit: string;
  segments: ChallengerSegment[];
  status: ChallengerStatus;
  requestedBy: string;
  requestedAt: Date;
  reason: string;
  startedBy: string | null;
  startedAt: Date | null;
  endedBy: string | null;
  endedAt: Date | null;
  winner: Arm | null;
  promotedVersion: number | null;
  revision: number;
}

/**
 * One monitoring day of a test, a chunk of its obligors (challenger_observations, `_id` testId|asOf|chunk, so a
 * second run of the day replaces its own rows). Stored as columns, one entry per obligor (the local database
 * takes no arrays of arrays): arm 1 = challenger, levels 0 none .. 3 red, bad 0/1.
 */
export interface ObservationChunk {
  _id: string;
  testId: string;
  asOf: string;
  chunk: number;
  obligorIds: string[];
  arms: number[];
  championLevels: number[];
  challengerLevels: number[];
  bad: number[];
}

/** Rows per observation document: keeps each far below the 16 MB document limit (about 40 bytes a row). */
export const OBSERVATION_CHUNK = 5_000;

const LEVELS: (WarningLevel | null)[] = [null, 'yellow', 'orange', 'red'];
const levelCode = (level: WarningLevel | null): number => LEVELS.indexOf(level);

export class ChallengerStore {
  private tests?: Collection<ChallengerTestRecord>;
  private history?: Collection<HistoryEntry>;
  private observations?: Collection<ObservationChunk>;
  private writes?: RevisionedWrites;
  private indexed?: Promise<void>;

  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {
    const db = this.connection.db!;
    this.tests = db.collection<ChallengerTestRecord>('challenger_tests');
    this.history = db.collection<HistoryEntry>('challenger_test_history');
    this.observations = db.collection<ObservationChunk>('challenger_observations');
    this.writes = new RevisionedWrites(this.tests as never, this.history);
    await Promise.resolve();
  }

  /**
   * The indexes, declared with the first test (the first write): a database that never holds a test gets neither the
   * collections nor their indexes. Creating them at every start slowed the local database's unrelated writes (a
   * portfolio import on two apps sharing one database took 27-234 s instead of 10 s; test/api/monitoring/two-workers).
   */
  private ensureIndexes(): Promise<void> {
    this.indexed ??= (async () => {
      // The daily run and the evaluation API ask for the running tests; the studio lists by key.
      await this.tests!.createIndex({ status: 1 });
      await this.tests!.createIndex({ key: 1 });
      await this.history!.createIndex({ subjectId: 1 });
      await this.observations!.createIndex({ testId: 1 });
    })().catch((error: unknown) => {
      this.indexed = undefined;
      throw error;
    });
    return this.indexed;
  }

  find(testId: string): Promise<ChallengerTestRecord | null> {
    return this.tests!.findOne({ _id: testId });
  }

  /** Tests are few (a handful a year per rule set): the list is read whole and narrowed by the caller. */
  list(filter: { status?: ChallengerStatus; key?: string } = {}): Promise<ChallengerTestRecord[]> {
    return this.tests!.find({ ...(filter.status ? { status: filter.status } : {}), ...(filter.key ? { key: filter.key } : {}) }).toArray();
  }

  running(): Promise<ChallengerTestRecord[]> {
    return this.tests!.find({ status: 'running' }).toArray();
  }

  async count(key: string): Promise<number> {
    return this.tests!.countDocuments({ key });
  }

  async insert(record: ChallengerTestRecord, actor: string): Promise<boolean> {
    await this.ensureIndexes();
    const inserted = await this.writes!.insertNew([record as never], () => entry('requested', actor, record.reason));
    return inserted.has(record._id);
  }

  /** Applies a change to the revision read; false when the test moved meanwhile (the caller answers 409). */
  change(testId: string, revision: number, set: Partial<ChallengerTestRecord>, action: string, actor: string, note: string | null): Promise<boolean> {
    return this.writes!.applyOne({ id: testId, expectedRevision: revision, set, entry: entry(action, actor, note) });
  }

  async historyOf(testId: string): Promise<HistoryEntry[]> {
    return (await this.history!.find({ subjectId: testId }).toArray()).sort((a, b) => a.revision - b.revision);
  }

  /** Replaces a day's rows of a test (a second run of the day writes the same ids). */
  async writeDay(testId: string, asOf: string, rows: readonly DayObservation[]): Promise<void> {
    await this.ensureIndexes();
    const chunks = Math.max(1, Math.ceil(rows.length / OBSERVATION_CHUNK));
    for (let chunk = 0; chunk < chunks; chunk++) {
      const slice = rows.slice(chunk * OBSERVATION_CHUNK, (chunk + 1) * OBSERVATION_CHUNK);
      const document: ObservationChunk = {
        _id: `${testId}|${asOf}|${chunk}`,
        testId,
        asOf,
        chunk,
        obligorIds: slice.map((row) => row.obligorId),
        arms: slice.map((row) => (row.arm === 'challenger' ? 1 : 0)),
        championLevels: slice.map((row) => levelCode(row.championLevel)),
        challengerLevels: slice.map((row) => levelCode(row.challengerLevel)),
        bad: slice.map((row) => (row.bad ? 1 : 0)),
      };
      await this.observations!.replaceOne({ _id: document._id }, document, { upsert: true });
    }
    // A day that had more chunks before (the scope shrank) keeps none of the old ones.
    await this.observations!.deleteMany({ testId, asOf, chunk: { $gte: chunks } });
  }

  /** Every recorded day of a test, rows decoded, optionally only those of some obligors' units (a branch's share). */
  async days(testId: string, keep?: (obligorId: string) => boolean): Promise<{ asOf: string; rows: DayObservation[] }[]> {
    const byDay = new Map<string, DayObservation[]>();
    for await (const document of this.observations!.find({ testId })) {
      const rows = byDay.get(document.asOf) ?? [];
      document.obligorIds.forEach((obligorId, index) => {
        if (keep && !keep(obligorId)) return;
        rows.push({
          obligorId,
          arm: document.arms[index] === 1 ? 'challenger' : 'champion',
          championLevel: LEVELS[document.championLevels[index] ?? 0] ?? null,
          challengerLevel: LEVELS[document.challengerLevels[index] ?? 0] ?? null,
          bad: document.bad[index] === 1,
        });
      });
      byDay.set(document.asOf, rows);
    }
    return [...byDay.entries()].map(([asOf, rows]) => ({ asOf, rows }));
  }
}

function entry(action: string, actor: string, note: string | null) {
  return { action, actor, at: new Date(), asOf: null, note, decisionId: null, facts: null };
}
