import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import type { Logger } from '../logger';
import type { PlatformEvent, PlatformEventSink } from '../webhooks/platform-events';
import { insertManyIgnoringDuplicates } from './revisioned';

interface OutboxRecord extends Omit<PlatformEvent, 'id'> {
  _id: string;
  publishedAt: Date | null;
  attempts: number;
  lastError: string | null;
}

/**
 * Platform events leave through an outbox: a job records each event under its stable id after
 * its own writes succeeded, then hands it to the sink and marks it published. A re-run records
 * the same ids again (ignored), so it publishes nothing twice; an event whose hand-over failed
 * (or that waited for a sink to be configured) goes out with the next maintenance run.
 * Delivery is at least once: a sink must treat a repeated event id as the same event.
 */
export class EventOutbox {
  private outbox?: Collection<OutboxRecord>;

  constructor(
    private readonly connection: Connection,
    private readonly sink: PlatformEventSink | undefined,
    private readonly logger: Logger,
  ) {}

  async init(): Promise<void> {
    this.outbox = this.connection.db!.collection<OutboxRecord>('platform_event_outbox');
    await this.outbox.createIndex({ publishedAt: 1, occurredAt: 1 });
  }

  /** Records the events and publishes those not yet published; returns how many went to the sink. */
  async publish(events: readonly PlatformEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    await insertManyIgnoringDuplicates(this.outbox!, events.map(({ id, ...event }) => ({ _id: id, ...event, publishedAt: null, attempts: 0, lastError: null })));
    return this.deliver({ _id: { $in: events.map((event) => event.id) }, publishedAt: null });
  }

  /** Publishes what earlier hand-overs left behind. */
  retryUnpublished(): Promise<number> {
    return this.deliver({ publishedAt: null });
  }

  async recorded(filter: { type?: string } = {}): Promise<PlatformEvent[]> {
    const records = await this.outbox!.find(filter.type ? { type: filter.type as PlatformEvent['type'] } : {}).sort({ occurredAt: 1 }).toArray();
    return records.map(({ _id, publishedAt: _p, attempts: _a, lastError: _l, ...event }) => ({ id: _id, ...event }));
  }

  private async deliver(filter: Record<string, unknown>): Promise<number> {
    if (!this.sink) return 0;
    let delivered = 0;
    for (const { _id, publishedAt: _p, attempts: _a, lastError: _l, ...event } of await this.outbox!.find(filter).sort({ occurredAt: 1 }).toArray()) {
      try {
        await this.sink.publish({ id: _id, ...event });
        await this.outbox!.updateOne({ _id }, { $set: { publishedAt: new Date() } });
        delivered++;
      } catch (error) {
        this.logger.warn({ eventId: _id, type: event.type, err: error }, 'handing a platform event to the sink failed; maintenance retries it');
        await this.outbox!.updateOne({ _id }, { $inc: { attempts: 1 }, $set: { lastError: (error as Error).message } });
      }
    }
    return delivered;
  }
}
