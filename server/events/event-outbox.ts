import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { Connection } from '../store/connection';
import type { Logger } from '../logger';
import type { PlatformEvent, PlatformEventSink } from './platform-events';

const PUBLISH_CONCURRENCY = 8;
/** Events per outbox document: well under the 16 MiB document limit at a few hundred bytes an event. */
const BATCH_SIZE = 1_000;

/** One outbox document: a batch of events recorded together and handed over together. */
interface OutboxBatch {
  _id: string;
  events: PlatformEvent[];
  recordedAt: Date;
  attempts: number;
  lastError: string | null;
}

/**
 * Platform events leave through an outbox: a job records its events after its own writes
 * succeeded, hands them to the sink, and removes them once handed over, so the outbox holds only
 * what is still to go. Events are recorded a thousand to a document. One document per event,
 * marked or removed one by one, made the writes of a 100,000-loan monitoring day mostly outbox
 * work on FerretDB (482 of 614 s: every marking or removal by a list of ids reads the whole
 * collection there). An event whose hand-over failed, or that waited for a sink to be
 * configured, goes out with the next maintenance run. Delivery is at least once: a sink must
 * treat a repeated event id as the same event (the webhook sink keeps one delivery per
 * subscription and event id).
 */
export class EventOutbox {
  private outbox?: Collection<OutboxBatch>;

  constructor(
    private readonly connection: Connection,
    private readonly sink: PlatformEventSink | undefined,
    private readonly logger: Logger,
  ) {}

  async init(): Promise<void> {
    this.outbox = this.connection.db!.collection<OutboxBatch>('platform_event_outbox');
  }

  /** Records the events and publishes them; returns how many went to the sink. */
  async publish(events: readonly PlatformEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const batches: OutboxBatch[] = [];
    for (let start = 0; start < events.length; start += BATCH_SIZE) {
      batches.push({ _id: randomUUID(), events: events.slice(start, start + BATCH_SIZE), recordedAt: new Date(), attempts: 0, lastError: null });
    }
    await this.outbox!.insertMany(batches);
    let published = 0;
    for (const batch of batches) published += await this.deliver(batch);
    return published;
  }

  /** Publishes what earlier hand-overs left behind (everything still in the outbox). */
  async retryUnpublished(): Promise<number> {
    let published = 0;
    for (const batch of await this.outbox!.find({}).sort({ recordedAt: 1 }).toArray()) published += await this.deliver(batch);
    return published;
  }

  /** Hands a batch to the sink (whole when the sink takes batches); removes it once handed over. */
  private async deliver(batch: OutboxBatch): Promise<number> {
    const sink = this.sink;
    if (!sink) return 0;
    try {
      if (sink.publishMany) await sink.publishMany(batch.events);
      else
        for (let start = 0; start < batch.events.length; start += PUBLISH_CONCURRENCY)
          await Promise.all(batch.events.slice(start, start + PUBLISH_CONCURRENCY).map((event) => sink.publish(event)));
    } catch (error) {
      this.logger.warn({ batchId: batch._id, events: batch.events.length, err: error }, 'handing platform events to the sink failed; maintenance retries them');
      await this.outbox!.updateOne({ _id: batch._id }, { $inc: { attempts: 1 }, $set: { lastError: (error as Error).message } });
      return 0;
    }
    await this.outbox!.deleteOne({ _id: batch._id });
    return batch.events.length;
  }
}
