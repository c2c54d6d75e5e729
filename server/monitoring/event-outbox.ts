import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import type { Logger } from '../logger';
import type { PlatformEvent, PlatformEventSink } from '../webhooks/platform-events';
import { insertManyIgnoringDuplicates } from '../store/insert-many';

const PUBLISH_CONCURRENCY = 8;
const SINK_BATCH = 1_000;
const DELETE_BATCH = 1_000;

interface OutboxRecord extends Omit<PlatformEvent, 'id'> {
  _id: string;
  publishedAt: Date | null;
  attempts: number;
  lastError: string | null;
}

/**
 * Platform events leave through an outbox: a job records each event under its stable id after
 * its own writes succeeded, then hands it to the sink. A handed-over event moves to the event
 * log (`platform_events`, insert-only) and leaves the outbox, so the outbox holds only what is
 * still to go and stays small. (Marking events published in place costs one update per event,
 * and FerretDB 1.24 on SQLite finds each updated document by scanning the collection: a day of
 * 15,000 events took most of an hour that way.) An event whose hand-over failed, or that waited
 * for a sink to be configured, goes out with the next maintenance run. Delivery is at least
 * once: a sink must treat a repeated event id as the same event.
 */
export class EventOutbox {
  private outbox?: Collection<OutboxRecord>;
  private log?: Collection<OutboxRecord>;

  constructor(
    private readonly connection: Connection,
    private readonly sink: PlatformEventSink | undefined,
    private readonly logger: Logger,
  ) {}

  async init(): Promise<void> {
    this.outbox = this.connection.db!.collection<OutboxRecord>('platform_event_outbox');
    this.log = this.connection.db!.collection<OutboxRecord>('platform_events');
    await this.log.createIndex({ type: 1, occurredAt: 1 });
    // Outboxes written before the event log existed kept published events in place; move them once.
    const published = await this.outbox.find({ publishedAt: { $ne: null } }).toArray();
    if (published.length > 0) await this.moveToLog(published);
  }

  /** Records the events and publishes them; returns how many went to the sink. */
  async publish(events: readonly PlatformEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const records = events.map(({ id, ...event }) => ({ _id: id, ...event, publishedAt: null, attempts: 0, lastError: null }));
    const duplicates = await insertManyIgnoringDuplicates(this.outbox!, records);
    return this.deliver(records.filter((_record, index) => !duplicates.has(index)));
  }

  /** Publishes what earlier hand-overs left behind (everything still in the outbox). */
  async retryUnpublished(): Promise<number> {
    return this.deliver(await this.outbox!.find({}).sort({ occurredAt: 1 }).toArray());
  }

  /** The events handed over so far, oldest first. */
  async recorded(filter: { type?: string } = {}): Promise<PlatformEvent[]> {
    const records = await this.log!.find(filter.type ? { type: filter.type as PlatformEvent['type'] } : {}).sort({ occurredAt: 1 }).toArray();
    return records.map(({ _id, publishedAt: _p, attempts: _a, lastError: _l, ...event }) => ({ id: _id, ...event }));
  }

  /** Hands events to the sink (in batches when it takes batches); those handed over move to the log. */
  private async deliver(pending: readonly OutboxRecord[]): Promise<number> {
    if (!this.sink || pending.length === 0) return 0;
    const published: OutboxRecord[] = [];
    const failed: string[] = [];
    const handOver = async (records: readonly OutboxRecord[], send: () => Promise<unknown>) => {
      try {
        await send();
        published.push(...records);
      } catch (error) {
        this.logger.warn({ eventIds: records.slice(0, 5).map((record) => record._id), events: records.length, err: error }, 'handing platform events to the sink failed; maintenance retries them');
        failed.push(...records.map((record) => record._id));
      }
    };
    const sink = this.sink;
    if (sink.publishMany) {
      for (let start = 0; start < pending.length; start += SINK_BATCH) {
        const batch = pending.slice(start, start + SINK_BATCH);
        await handOver(batch, () => sink.publishMany!(batch.map(eventOf)));
      }
    } else {
      for (let start = 0; start < pending.length; start += PUBLISH_CONCURRENCY) {
        await Promise.all(pending.slice(start, start + PUBLISH_CONCURRENCY).map((record) => handOver([record], () => sink.publish(eventOf(record)))));
      }
    }
    const now = new Date();
    await this.moveToLog(published.map((record) => ({ ...record, publishedAt: now })));
    // Failures are rare; one update each is fine.
    for (const _id of failed) await this.outbox!.updateOne({ _id }, { $inc: { attempts: 1 } });
    return published.length;
  }

  /** Log first, then leave the outbox: a crash in between re-publishes (at least once), never loses an event. */
  private async moveToLog(records: readonly OutboxRecord[]): Promise<void> {
    for (let start = 0; start < records.length; start += DELETE_BATCH) {
      const batch = records.slice(start, start + DELETE_BATCH);
      await insertManyIgnoringDuplicates(this.log!, batch);
      await this.outbox!.deleteMany({ _id: { $in: batch.map((record) => record._id) } });
    }
  }
}

function eventOf({ _id, publishedAt: _publishedAt, attempts: _attempts, lastError: _lastError, ...event }: OutboxRecord): PlatformEvent {
  return { id: _id, ...event };
}
