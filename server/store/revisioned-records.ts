import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import { findByIds } from './find-by-ids';
import { chunkedBulkWrite } from './bulk-writes';
import { insertManyIgnoringDuplicates } from './insert-many';

/** One entry of an alert's or a task's history; its _id `<subjectId>:<revision>` is the gate of that revision. */
export interface HistoryEntry {
  _id: string;
  subjectId: string;
  revision: number;
  action: string;
  actor: string;
  at: Date;
  /** The business day the change concerns (the run's as-of day), when a job made it. */
  asOf: string | null;
  /** The fields this revision set, so a half-done change can be completed from the history. */
  set: Record<string, unknown>;
  note: string | null;
  decisionId: string | null;
  facts: Record<string, unknown> | null;
  /**
   * The tasks this revision ordered, in full: they are stored after the revision, so a run that
   * died between the two writes leaves them here for the next attempt to complete.
   */
  tasks?: readonly object[];
}

export interface RevisionChange {
  id: string;
  expectedRevision: number;
  set: Record<string, unknown>;
  entry: Pick<HistoryEntry, 'action' | 'actor' | 'at' | 'asOf' | 'note' | 'decisionId' | 'facts' | 'tasks'>;
}

interface Revisioned extends Document {
  _id: string;
  revision: number;
}

/**
 * Optimistic concurrency that holds on every engine. A conditional update
 * (`updateOne({ _id, revision })`) is not atomic on FerretDB 1.24, so the gate is the history:
 * revision r + 1 of a subject is an insert of `<id>:<r+1>` under the unique _id, which one writer
 * wins. The winner then sets the fields on the subject. Should a process die between the two
 * writes, the next writer that loses the gate finds the entry and completes it from `set`.
 */
export class RevisionedWrites {
  constructor(
    private readonly subjects: Collection<Revisioned>,
    private readonly history: Collection<HistoryEntry>,
  ) {}

  /**
   * New subjects at revision 1; returns the ids inserted (an id or unique key already taken is skipped).
   * The history entry goes first, as for a change: a process that dies after it leaves what the
   * revision ordered findable for the next attempt, which then inserts the subject under the same id.
   */
  async insertNew(
    documents: readonly (Revisioned & Record<string, unknown>)[],
    entryOf: (document: Revisioned) => RevisionChange['entry'],
  ): Promise<Set<string>> {
    if (documents.length === 0) return new Set();
    const entriesTaken = await insertManyIgnoringDuplicates(
      this.history,
      documents.map((document) => {
        const { _id, revision: _revision, ...fields } = document;
        return { _id: `${_id}:1`, subjectId: _id, revision: 1, set: fields, ...entryOf(document) };
      }),
    );
    const failed = await insertManyIgnoringDuplicates(this.subjects, documents);
    // An entry written here for a subject refused on another unique key (the same open alert under another id) belongs to nothing.
    const refused = documents.filter((_document, index) => failed.has(index) && !entriesTaken.has(index));
    if (refused.length > 0) {
      const existing = new Set(
        (
          await findByIds(
            this.subjects,
            refused.map((document) => document._id),
          )
        ).map((subject) => subject._id),
      );
      await Promise.all(refused.filter((document) => !existing.has(document._id)).map((document) => this.history.deleteOne({ _id: `${document._id}:1` })));
    }
    return new Set(documents.filter((_document, index) => !failed.has(index)).map((document) => document._id));
  }

  /**
   * New subjects at revision 1 without a history entry of their own, for subjects another record already keeps whole
   * (a monitoring task is listed in full in the history entry of the alert revision that ordered it, written before it,
   * which also lets a later attempt complete what a killed one left); returns the ids inserted. The reader of such a
   * subject's history supplies revision 1 from that record.
   */
  async insertKeptElsewhere(documents: readonly (Revisioned & Record<string, unknown>)[]): Promise<Set<string>> {
    if (documents.length === 0) return new Set();
    const failed = await insertManyIgnoringDuplicates(this.subjects, documents);
    return new Set(documents.filter((_document, index) => !failed.has(index)).map((document) => document._id));
  }

  /** Applies changes whose gate it wins; the others are conflicts (the subject moved on since it was read). */
  async applyMany(changes: readonly RevisionChange[]): Promise<{ applied: RevisionChange[]; conflicts: RevisionChange[] }> {
    if (changes.length === 0) return { applied: [], conflicts: [] };
    const entries: HistoryEntry[] = changes.map((change) => ({
      _id: `${change.id}:${change.expectedRevision + 1}`,
      subjectId: change.id,
      revision: change.expectedRevision + 1,
      set: change.set,
      ...change.entry,
    }));
    const failed = await insertManyIgnoringDuplicates(this.history, entries);
    const applied = changes.filter((_change, index) => !failed.has(index));
    const conflicts = changes.filter((_change, index) => failed.has(index));
    const operations: AnyBulkWriteOperation<Revisioned>[] = applied.map((change) => ({
      updateOne: { filter: { _id: change.id }, update: { $set: { ...change.set, revision: change.expectedRevision + 1 } } },
    }));
    await chunkedBulkWrite(this.subjects, operations);
    if (conflicts.length > 0) await this.completeInterrupted(conflicts.map((change) => change.id));
    return { applied, conflicts };
  }

  async applyOne(change: RevisionChange): Promise<boolean> {
    return (await this.applyMany([change])).applied.length === 1;
  }

  /** A subject whose next revision is in the history but not on the subject: a writer stopped halfway; finish its change. */
  private async completeInterrupted(ids: readonly string[]): Promise<void> {
    const subjects = await findByIds(this.subjects, ids);
    for (const subject of subjects) {
      const pending = await this.history.findOne({ _id: `${subject._id}:${subject.revision + 1}` });
      if (pending) await this.subjects.updateOne({ _id: subject._id, revision: subject.revision }, { $set: { ...pending.set, revision: pending.revision } });
    }
  }
}

const HISTORY_IDS_PER_QUERY = 1000;

/**
 * The history of several subjects, by subject id, each in revision order: one `$in` over the indexed subjectId per
 * thousand subjects (the local database serves it from the index too), not one query per subject. Sorted here: the
 * entries are the subjects' own, a few per subject.
 */
export async function historiesOf(history: Collection<HistoryEntry>, subjectIds: readonly string[]): Promise<Map<string, HistoryEntry[]>> {
  const bySubject = new Map<string, HistoryEntry[]>();
  const unique = [...new Set(subjectIds)];
  for (let start = 0; start < unique.length; start += HISTORY_IDS_PER_QUERY) {
    for (const entry of await history.find({ subjectId: { $in: unique.slice(start, start + HISTORY_IDS_PER_QUERY) } }).toArray()) {
      const entries = bySubject.get(entry.subjectId) ?? [];
      entries.push(entry);
      bySubject.set(entry.subjectId, entries);
    }
  }
  for (const entries of bySubject.values()) entries.sort((first, second) => first.revision - second.revision);
  return bySubject;
}
