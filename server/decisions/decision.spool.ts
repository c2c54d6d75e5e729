import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logger';
import type { StoredDecision } from './decision.model';

export type SpoolMode = 'fsync' | 'write';

export interface SpoolOptions {
  /** This database's spool folder: DATA_DIR/decision-spool/<database>. */
  directory: string;
  /** `fsync`: a decision is on disk (fdatasync) before append() resolves; `write`: in the file (survives a killed process, not a power cut). */
  mode: SpoolMode;
  /** Bytes of live segment files, beyond which full() says so. */
  maxBytes: number;
}

/** One append-only file of the spool. It is deleted once every decision in it is stored (and no more are appended to it). */
export class SpoolSegment {
  bytes = 0;
  /** Decisions in this file not yet stored in the database. */
  outstanding = 0;
  sealed = false;
  handle: FileHandle | undefined;
  constructor(readonly file: string) {}
}

interface Waiting {
  text: string;
  count: number;
  /** Resolved only after the fdatasync (`fsync` mode, unless the caller asked for the write only). */
  sync: boolean;
  resolve: (segment: SpoolSegment) => void;
  reject: (error: unknown) => void;
}

const SEGMENT_BYTES = 8 * 1024 * 1024;
/** The spool folders this process has opened: a folder named with this pid but not among them is a previous process's (a container's server is pid 1 every time). */
const OPENED_HERE = new Set<string>();

/**
 * The decision log's durable spool: every decision answered to a client is appended here (one
 * JSON line, in its stored form) before the answer is sent, and stays until the database holds
 * it. Appends share writes and fsyncs (group commit): while one group is being written and
 * synced, the next accumulates, so concurrent requests pay for one fdatasync together.
 *
 * Each process writes segment files in a folder of its own (named by its pid). On start, a process
 * adopts the folders of processes that are gone (killed, crashed): it moves their segments into
 * its own folder (a rename, so only one process adopts a segment) and returns their decisions,
 * which the log stores again. Stores are idempotent (the decision id is the _id), so a decision
 * stored before the crash is counted as stored when it comes back as a duplicate. A torn last
 * line (the process died inside a write) was never acknowledged and is skipped.
 */
export class DecisionSpool {
  private readonly folder: string;
  private current: SpoolSegment | undefined;
  private readonly live = new Set<SpoolSegment>();
  private waiting: Waiting[] = [];
  private writing: Promise<void> | undefined;
  private sequence = 0;
  private readonly segmentBytes: number;
  /** Groups written (each one write and, with `fsync`, one fdatasync) and the decisions in them: the group commit's effect. */
  readonly stats = { groups: 0, decisions: 0, syncs: 0 };

  constructor(
    private readonly options: SpoolOptions,
    private readonly logger: Logger,
  ) {
    this.folder = path.join(options.directory, `${process.pid}-${randomBytes(4).toString('hex')}`);
    this.segmentBytes = Math.max(64 * 1024, Math.min(SEGMENT_BYTES, Math.floor(options.maxBytes / 4)));
  }

  /** Creates this process's folder and adopts the spools of processes that are gone; returns their decisions, with their segments. */
  async open(): Promise<{ decisions: StoredDecision[]; segments: SpoolSegment[] }[]> {
    // Another process stopping may remove the database's folder as it is created here (see close()): try again.
    for (let attempt = 0; ; attempt++) {
      try {
        fs.mkdirSync(this.folder, { recursive: true });
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) throw error;
      }
    }
    OPENED_HERE.add(this.folder);
    const adopted: { decisions: StoredDecision[]; segments: SpoolSegment[] }[] = [];
    for (const entry of fs.readdirSync(this.options.directory, { withFileTypes: true })) {
      if (!entry.isDirectory() || !isOrphan(entry.name, path.join(this.options.directory, entry.name))) continue;
      const orphan = path.join(this.options.directory, entry.name);
      for (const name of fs
        .readdirSync(orphan)
        .filter((file) => file.endsWith('.ndjson'))
        .sort()) {
        const file = path.join(this.folder, `adopted-${entry.name}-${name}`);
        try {
          fs.renameSync(path.join(orphan, name), file);
        } catch {
          continue; // another process adopted it first
        }
        const segment = new SpoolSegment(file);
        segment.sealed = true;
        const { decisions, bytes } = readSegment(file, this.logger);
        segment.bytes = bytes;
        segment.outstanding = decisions.length;
        this.live.add(segment);
        if (decisions.length === 0) this.release(segment, 0);
        else adopted.push({ decisions, segments: decisions.map(() => segment) });
      }
      fs.rmSync(orphan, { recursive: true, force: true });
    }
    const count = adopted.reduce((total, item) => total + item.decisions.length, 0);
    if (count > 0)
      this.logger.warn({ decisions: count, directory: this.options.directory }, 'replaying decisions spooled by a process that stopped before storing them');
    return adopted;
  }

  /** Bytes of segment files still on disk. */
  get bytes(): number {
    let total = 0;
    for (const segment of this.live) total += segment.bytes;
    return total;
  }

  /**
   * Appends the decisions as one group (with whoever else is appending); resolves once they are
   * written (and, in `fsync` mode, synced). `sync: false` asks for the write only, even in `fsync`
   * mode: in the file before it resolves (a killed process loses none), not waiting for the disk
   * (a power cut may lose the last few). The underwriting check asks so (docs/underwriting.md).
   */
  append(decisions: readonly StoredDecision[], options: { sync?: boolean } = {}): Promise<SpoolSegment> {
    let text = '';
    for (const decision of decisions) text += `${JSON.stringify(decision)}\n`;
    const sync = this.options.mode === 'fsync' && options.sync !== false;
    return new Promise<SpoolSegment>((resolve, reject) => {
      this.waiting.push({ text, count: decisions.length, sync, resolve, reject });
      this.startWriting();
    });
  }

  /** One writer at a time; appends that arrive as it finishes (before its promise settles) start the next. */
  private startWriting(): void {
    if (this.writing) return;
    this.writing = this.writeGroups().finally(() => {
      this.writing = undefined;
      if (this.waiting.length > 0) this.startWriting();
    });
  }

  /** `count` decisions of this segment are stored; a sealed segment with none left is deleted. */
  release(segment: SpoolSegment, count: number): void {
    segment.outstanding -= count;
    if (segment.outstanding > 0 || !segment.sealed) return;
    this.live.delete(segment);
    void segment.handle?.close().catch(() => undefined);
    fs.rm(segment.file, { force: true }, (error) => {
      if (error) this.logger.warn({ err: error, file: segment.file }, 'could not delete a spool segment whose decisions are stored');
    });
  }

  /**
   * Graceful stop: with nothing outstanding, this process's folder goes; otherwise it stays for
   * the next start to replay.
   */
  async close(): Promise<void> {
    await this.writing;
    const outstanding = [...this.live].reduce((total, segment) => total + segment.outstanding, 0);
    for (const segment of this.live) await segment.handle?.close().catch(() => undefined);
    if (outstanding === 0) {
      fs.rmSync(this.folder, { recursive: true, force: true });
      // The database's folder too, when no other process has one in it (rmdir refuses a folder that is not empty).
      fs.rmdir(this.options.directory, () => undefined);
    } else this.logger.warn({ decisions: outstanding, folder: this.folder }, 'decisions not yet stored stay in the spool for the next start');
  }

  private async writeGroups(): Promise<void> {
    while (this.waiting.length > 0) {
      const group = this.waiting;
      this.waiting = [];
      let text = '';
      for (const item of group) text += item.text;
      let segment: SpoolSegment | undefined;
      let before = 0;
      try {
        segment = await this.segmentFor();
        before = segment.bytes;
        await segment.handle!.appendFile(text);
      } catch (error) {
        this.logger.error({ err: error }, 'writing the decision spool failed');
        // Best effort: leave no part of a refused group behind, so it is not replayed.
        await segment?.handle?.truncate(before).catch(() => undefined);
        for (const item of group) item.reject(error);
        continue;
      }
      segment.bytes += Buffer.byteLength(text);
      this.stats.groups++;
      // Those that asked for the write only are answered now; the others after the sync.
      const synced = group.filter((item) => item.sync);
      this.settle(
        segment,
        group.filter((item) => !item.sync),
      );
      if (synced.length === 0) continue;
      try {
        await segment.handle!.datasync();
        this.stats.syncs++;
      } catch (error) {
        // Not truncated: the write-only part of the group is acknowledged. A refused decision left in the file may be stored
        // at the next start (logged though its caller heard 503), never the other way round.
        this.logger.error({ err: error }, 'syncing the decision spool failed');
        for (const item of synced) item.reject(error);
        continue;
      }
      this.settle(segment, synced);
    }
  }

  private settle(segment: SpoolSegment, items: readonly Waiting[]): void {
    for (const item of items) {
      segment.outstanding += item.count;
      this.stats.decisions += item.count;
    }
    for (const item of items) item.resolve(segment);
  }

  private async segmentFor(): Promise<SpoolSegment> {
    if (this.current && this.current.bytes < this.segmentBytes) return this.current;
    if (this.current) {
      this.current.sealed = true;
      this.release(this.current, 0);
    }
    const segment = new SpoolSegment(path.join(this.folder, `segment-${String(++this.sequence).padStart(6, '0')}.ndjson`));
    segment.handle = await fs.promises.open(segment.file, 'a');
    if (this.options.mode === 'fsync') await syncDirectory(this.folder);
    this.live.add(segment);
    this.current = segment;
    return segment;
  }
}

/**
 * A folder named `<pid>-<random>` whose process no longer runs. A pid reused by an unrelated
 * live process keeps its folder waiting until that process ends.
 */
function isOrphan(name: string, folder: string): boolean {
  const pid = Number(/^(\d+)-[0-9a-f]+$/.exec(name)?.[1]);
  if (!pid) return false;
  if (pid === process.pid) return !OPENED_HERE.has(folder);
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function readSegment(file: string, logger: Logger): { decisions: StoredDecision[]; bytes: number } {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  // The text after the last newline is a torn write: never acknowledged.
  lines.pop();
  const decisions: StoredDecision[] = [];
  for (const line of lines) {
    if (line === '') continue;
    try {
      const decision = JSON.parse(line) as StoredDecision & { at: string | Date };
      decision.at = new Date(decision.at);
      decisions.push(decision);
    } catch {
      logger.warn({ file }, 'skipping an unreadable line of the decision spool');
    }
  }
  return { decisions, bytes: Buffer.byteLength(text) };
}

/** A new file's name is durable once its folder is synced. */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await fs.promises.open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
