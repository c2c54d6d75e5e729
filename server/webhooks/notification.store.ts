import { unitFilter } from '../authority/org-scope';
import type { Connection, Model } from 'mongoose';
import { notificationModel, type NotificationRecord } from './notification.model';

export class NotificationStore {
  private readonly model: Model<NotificationRecord>;

  constructor(connection: Connection) {
    this.model = notificationModel(connection);
  }

  async insert(record: NotificationRecord): Promise<void> {
    await this.model.create(record);
  }

  async find(notificationId: string): Promise<NotificationRecord | undefined> {
    return (await this.model.findOne({ notificationId }, { _id: 0 }).lean<NotificationRecord>()) ?? undefined;
  }

  async list(filter: { orgUnits: readonly string[] | undefined; unread?: boolean; recipient?: string; limit: number }): Promise<NotificationRecord[]> {
    const query: Record<string, unknown> = { ...unitFilter(filter.orgUnits) };
    if (filter.unread) query.readAt = null;
    if (filter.recipient) query.recipient = filter.recipient;
    return this.model.find(query, { _id: 0 }).sort({ createdAt: -1 }).limit(filter.limit).lean<NotificationRecord[]>();
  }

  /** Marking twice keeps the first reader and time. */
  async markRead(notificationId: string, by: string, at: Date): Promise<NotificationRecord | undefined> {
    await this.model.updateOne({ notificationId, readAt: null }, { $set: { readAt: at, readBy: by } });
    return this.find(notificationId);
  }
}
