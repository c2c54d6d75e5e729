import { randomUUID } from 'node:crypto';
import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
import { chunkedBulkWrite } from '../store/bulk-writes';
import { findByIds } from '../store/find-by-ids';
import { isDuplicateKeyError } from '../store/mongo-errors';
import type { AlertRecord } from './alert.model';
import type { Level } from './signals';

export const OPEN_ALERT_INDEX = 'monitoring_open_alert_index';
/** Chunk documents of the index: each holds the open obligor alerts whose id hashes to it (about 600 at 100,000 loans). */
export const INDEX_CHUNKS = 64;
const META = 'obligor:meta';

/**
 * What the planner (monitoring-plan.ts assessSubject) and the impact preview read of an open obligor alert. `revision` is
 * the one the last monitoring change left: a queue action (assign, acknowledge, comment) moves the alert's revision but
 * nothing the planner decides on, and the run re-reads the whole alerts it writes, so the revision gate stays exact.
 */
export type OpenAlertEntry = Pick<AlertRecord, '_id' | 'subjectKey' | 'signal' | 'level' | 'revision' | 'reviewFrom'>;

/** A change a monitoring run made to an obligor alert (a raise, a revision's fields), or an alert as the run re-read it. */
export type OpenAlertChange =
  | { kind: 'open'; entry: OpenAlertEntry }
  | { kind: 'set'; id: string; revision: number; set: Record<string, unknown> }
  | { kind: 'stored'; alert: OpenAlertEntry & Pick<AlertRecord, 'status'> };

/** One chunk, columnar: the i-th alert is ids[i], subjects[i], ... (a few values per alert, not the whole document). */
interface ChunkDocument {
  _id: string;
  ids: string[];
  subjects: string[];
  signals: string[];
  levels: Level[];
  revisions: number[];
  reviewFrom: (string | null)[];
}

/** The index's state: built, and the runs writing it now (a token a run leaves behind means it died before finishing). */
interface MetaDocument {
  _id: string;
  chunks: number;
  builtAt: Date;
  writing: string[];
  /** A writer found the index disagreeing with its own changes: the next run rebuilds it. */
  stale: boolean;
}

/** Which chunk an alert id belongs to (FNV-1a): any writer finds it from the id alone. */
export function chunkOf(alertId: string, chunks = INDEX_CHUNKS): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < alertId.length; index++) {
    hash ^= alertId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % chunks;
}

export function entryOf(alert: OpenAlertEntry): OpenAlertEntry {
  return { _id: alert._id, subjectKey: alert.subjectKey, signal: alert.signal, level: alert.level, revision: alert.revision, reviewFrom: alert.reviewFrom };
}

/** A chunk's entries with the changes applied (pure); `consistent` is false when a change names an alert the chunk does not hold. */
export function mergeChanges(
  entries: ReadonlyMap<string, OpenAlertEntry>,
  changes: readonly OpenAlertChange[],
): { entries: Map<string, OpenAlertEntry>; consistent: boolean } {
  const merged = new Map(entries);
  let consistent = true;
  for (const change of changes) {
    if (change.kind === 'open') merged.set(change.entry._id, entryOf(change.entry));
    else if (change.kind === 'stored') {
      if (change.alert.status === 'open') merged.set(change.alert._id, entryOf(change.alert));
      else merged.delete(change.alert._id);
    } else {
      const entry = merged.get(change.id);
      if (!entry) {
        consistent = false;
        continue;
      }
      const set = change.set as Partial<AlertRecord>;
      if (set.status === 'closed') merged.delete(change.id);
      else
        merged.set(change.id, {
          ...entry,
          level: set.level ?? entry.level,
          reviewFrom: set.reviewFrom !== undefined ? set.reviewFrom : entry.reviewFrom,
          revision: change.revision,
        });
    }
  }
  return { entries: merged, consistent };
}

function toChunk(id: string, entries: Iterable<OpenAlertEntry>): ChunkDocument {
  const chunk: ChunkDocument = { _id: id, ids: [], subjects: [], signals: [], levels: [], revisions: [], reviewFrom: [] };
  for (const entry of entries) {
    chunk.ids.push(entry._id);
    chunk.subjects.push(entry.subjectKey);
    chunk.signals.push(entry.signal);
    chunk.levels.push(entry.level);
    chunk.revisions.push(entry.revision);
    chunk.reviewFrom.push(entry.reviewFrom);
  }
  return chunk;
}

function fromChunk(chunk: ChunkDocument): OpenAlertEntry[] {
  return chunk.ids.map((_id, index) => ({
    _id,
    subjectKey: chunk.subjects[index]!,
    signal: chunk.signals[index]!,
    level: chunk.levels[index]!,
    revision: chunk.revisions[index]!,
    reviewFrom: chunk.reviewFrom[index] ?? null,
  }));
}

const chunkId = (index: number) => `obligor:${index}`;

/**
 * The open obligor alerts as a read model: a few values per alert in INDEX_CHUNKS documents read by `_id`, so the daily
 * run and the impact preview do not read every open alert whole (FerretDB decodes each stored document in full: about
 * 27 s for 38,000 open alerts). Only obligor monitoring changes what it holds (raise, level, review day, close); queue
 * actions change none of it. Exactness: a run registers itself in the meta document before its first alert write and
 * removes itself after writing its changes here; a reader that finds a run registered (alive, or dead midway) or the
 * index missing or stale reads the whole open alerts instead, and the next run (runs of the job never overlap) rebuilds it.
 */
export class OpenAlertIndex {
  private readonly collection: Collection<ChunkDocument | MetaDocument>;

  constructor(
    db: Db,
    /** Every open obligor alert, whole: what the index is built from. */
    private readonly readWhole: () => Promise<AlertRecord[]>,
  ) {
    this.collection = db.collection<ChunkDocument | MetaDocument>(OPEN_ALERT_INDEX);
  }

  /**
   * The open obligor alerts, from the index when it is current, else from the alerts themselves. `repair` (the daily run,
   * the only writer) rebuilds a missing, stale or half-written index from that read; other readers leave it alone.
   */
  async read(options: { repair: boolean }): Promise<{ entries: OpenAlertEntry[]; fromIndex: boolean }> {
    const meta = (await this.collection.findOne({ _id: META })) as MetaDocument | null;
    if (meta && !meta.stale && meta.writing.length === 0 && meta.chunks === INDEX_CHUNKS) {
      const ids = Array.from({ length: INDEX_CHUNKS }, (_, index) => chunkId(index));
      const chunks = (await findByIds(this.collection, ids)) as ChunkDocument[];
      if (chunks.length === INDEX_CHUNKS) return { entries: chunks.flatMap(fromChunk), fromIndex: true };
    }
    const whole = await this.readWhole();
    if (options.repair) await this.rebuild(whole, meta?.writing ?? []);
    return { entries: whole.map(entryOf), fromIndex: false };
  }

  /**
   * Writes the index from the whole open alerts (read after the meta document showed `seen` runs writing: dead ones, as
   * runs of the job do not overlap) and marks it current, unless the runs writing changed meanwhile: then it stays stale
   * for the next run to rebuild (a run whose registration it removed finds that out and marks it stale too).
   */
  async rebuild(open: readonly OpenAlertEntry[], seen: readonly string[]): Promise<void> {
    const byChunk = Array.from({ length: INDEX_CHUNKS }, () => [] as OpenAlertEntry[]);
    for (const alert of open) byChunk[chunkOf(alert._id)]!.push(entryOf(alert));
    const raced = await this.writeChunks(
      byChunk.map((entries, index) => ({ replaceOne: { filter: { _id: chunkId(index) }, replacement: toChunk(chunkId(index), entries), upsert: true } })),
    );
    const now = (await this.collection.findOne({ _id: META })) as MetaDocument | null;
    const unchanged = !raced && sameTokens(now?.writing ?? [], seen);
    const writing = (now?.writing ?? []).filter((token) => !seen.includes(token));
    const meta: MetaDocument = { _id: META, chunks: INDEX_CHUNKS, builtAt: new Date(), writing, stale: !unchanged };
    try {
      await this.collection.replaceOne({ _id: META }, meta, { upsert: true });
    } catch (error) {
      // Two rebuilds creating the meta document at once (two workers): MongoDB retries such an upsert itself, FerretDB
      // reports a duplicate key. The other rebuild's document stands, marked stale: another run wrote beside this one.
      if (!isDuplicateKeyError(error)) throw error;
      await this.collection.updateOne({ _id: META }, { $set: { stale: true } });
    }
  }

  /** The runs registered as writing now (for a later attempt of the day, whose earlier attempt died registered). */
  async writing(): Promise<string[]> {
    return ((await this.collection.findOne({ _id: META })) as MetaDocument | null)?.writing ?? [];
  }

  /** Registers a run about to write alerts; returns its token (nothing to register while the index does not exist). */
  async begin(): Promise<string> {
    const token = randomUUID();
    await this.collection.updateOne({ _id: META }, { $push: { writing: token } } as never);
    return token;
  }

  /** Writes a run's changes into the chunks they concern, then removes its registration. */
  async finish(token: string, changes: readonly OpenAlertChange[]): Promise<void> {
    const byChunk = new Map<number, OpenAlertChange[]>();
    for (const change of changes) {
      const index = chunkOf(change.kind === 'open' ? change.entry._id : change.kind === 'stored' ? change.alert._id : change.id);
      byChunk.set(index, [...(byChunk.get(index) ?? []), change]);
    }
    const stored = (await findByIds(this.collection, [...byChunk.keys()].map(chunkId))) as ChunkDocument[];
    const current = new Map(stored.map((chunk) => [chunk._id, chunk]));
    let consistent = true;
    const replacements = [...byChunk].map(([index, chunkChanges]) => {
      const id = chunkId(index);
      const before = current.get(id);
      const merged = mergeChanges(new Map(before ? fromChunk(before).map((entry) => [entry._id, entry]) : []), chunkChanges);
      consistent &&= merged.consistent && before !== undefined;
      return { replaceOne: { filter: { _id: id }, replacement: toChunk(id, merged.entries.values()), upsert: true } };
    });
    if (await this.writeChunks(replacements)) consistent = false;
    // Another run writing at the same time (two workers), or a rebuild that removed this run's registration, may have
    // written a chunk over this run's changes: the index is then left stale for the next run to rebuild.
    const meta = (await this.collection.findOne({ _id: META })) as MetaDocument | null;
    const alone = meta !== null && meta.writing.length === 1 && meta.writing[0] === token;
    await this.collection.updateOne({ _id: META }, { $pull: { writing: token }, ...(consistent && alone ? {} : { $set: { stale: true } }) } as never);
  }

  /**
   * Replaces chunks, creating missing ones. Two runs creating the same chunk at once race on its `_id` (MongoDB retries
   * such an upsert itself, FerretDB reports a duplicate key): the chunk exists then, so the write is repeated as an update,
   * and the caller leaves the index stale because another run wrote beside it. Returns whether that happened. The repeat
   * can race again on another chunk the other run created meanwhile; each race leaves one more chunk existing, so it
   * ends after at most one repeat per chunk.
   */
  private async writeChunks(replacements: AnyBulkWriteOperation<ChunkDocument>[]): Promise<boolean> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await chunkedBulkWrite(this.collection as Collection<ChunkDocument>, replacements);
        return attempt > 0;
      } catch (error) {
        if (!isDuplicateKeyError(error) || attempt >= INDEX_CHUNKS) throw error;
      }
    }
  }
}

function sameTokens(first: readonly string[], second: readonly string[]): boolean {
  return first.length === second.length && first.every((token) => second.includes(token));
}
