/**
 * Background writes to one document (a heartbeat, a progress line) that must never be in flight beside each other or
 * beside the write that ends the record. FerretDB 1.24 runs an update as a read, a change in Go and a write of the whole
 * document back, so a progress `$set` read before a run's final status and written after it brings back the old status:
 * a backtest that had succeeded was left "running" for good. MongoDB applies each `$set` atomically, but the order is
 * what the code means on both: every background write settles before the record's ending write starts.
 */
export class SerialWrites {
  private last: Promise<void> = Promise.resolve();

  /** `onError` hears a write that failed; the queue goes on with the next. */
  constructor(private readonly onError: (error: unknown) => void) {}

  /** Runs `write` once the writes queued before it have settled. */
  push(write: () => Promise<void>): void {
    this.last = this.last.then(write).catch(this.onError);
  }

  /** Resolves when every write queued so far has settled (succeeded or failed). */
  settled(): Promise<void> {
    return this.last;
  }
}
