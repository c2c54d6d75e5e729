import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { RevisionedWrites, type HistoryEntry } from '../../store/revisioned-records';
import type { LookbackFigures } from './lookback-figures';

/** A quarter's look-back as stored: prepared (by a person or the job), then approved by another person. */
export interface LookbackRecord {
  /** The quarter, `YYYY-Qn`: one look-back per quarter however many workers prepare it. */
  _id: string;
  status: 'prepared' | 'approved';
  preparedBy: string;
  preparedAt: Date;
  approvedBy: string | null;
  approvedAt: Date | null;
  note: string | null;
  revision: number;
  figures: LookbackFigures;
}

/**
 * recovery_lookbacks: read and written by `_id` only (the quarter), so every engine serves it from the primary index.
 * Every change after the first goes through the revisioned records' gate (a history entry per revision): a conditional
 * update alone is not atomic on the local database, and two approvers at once both succeeded.
 */
export class LookbackStore {
  private lookbacks?: Collection<LookbackRecord>;
  private writes?: RevisionedWrites;

  constructor(private readonly connection: Connection) {}

  init(): void {
    this.lookbacks = this.connection.db!.collection<LookbackRecord>('recovery_lookbacks');
    this.writes = new RevisionedWrites(this.lookbacks as never, this.connection.db!.collection<HistoryEntry>('recovery_lookback_history'));
  }

  find(quarter: string): Promise<LookbackRecord | null> {
    return this.lookbacks!.findOne({ _id: quarter });
  }

  /** A handful a year: the whole list, newest quarter first. */
  async all(): Promise<LookbackRecord[]> {
    const records = await this.lookbacks!.find({}, { projection: { figures: 0 } }).toArray();
    return records.sort((first, second) => second._id.localeCompare(first._id));
  }

  /**
   * Stores a quarter's figures unless it is approved (an approved look-back is final). Writing the
   * same figures again changes nothing (same revision): two workers preparing one quarter leave one
   * record. Returns the record as it now stands.
   */
  async prepare(quarter: string, figures: LookbackFigures, preparedBy: string): Promise<{ record: LookbackRecord; changed: boolean }> {
    const current = await this.find(quarter);
    if (current && (current.status === 'approved' || JSON.stringify(current.figures) === JSON.stringify(figures))) return { record: current, changed: false };
    const record: LookbackRecord = {
      _id: quarter,
      status: 'prepared',
      preparedBy,
      preparedAt: new Date(),
      approvedBy: null,
      approvedAt: null,
      note: null,
      revision: (current?.revision ?? 0) + 1,
      figures,
    };
    const { _id, revision: _revision, ...fields } = record;
    const entry = { action: 'prepared', actor: preparedBy, at: record.preparedAt, asOf: null, note: null, decisionId: null, facts: null };
    const changed = current
      ? await this.writes!.applyOne({ id: quarter, expectedRevision: current.revision, set: fields, entry })
      : (await this.writes!.insertNew([record as never], () => entry)).has(quarter);
    return changed ? { record, changed } : { record: (await this.find(quarter))!, changed };
  }

  /** Approves the revision read; false when it changed meanwhile (the caller answers 409). */
  async approve(quarter: string, revision: number, approvedBy: string, note: string | null): Promise<boolean> {
    const at = new Date();
    return this.writes!.applyOne({
      id: quarter,
      expectedRevision: revision,
      set: { status: 'approved', approvedBy, approvedAt: at, note },
      entry: { action: 'approved', actor: approvedBy, at, asOf: null, note, decisionId: null, facts: null },
    });
  }
}
