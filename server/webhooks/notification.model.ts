import { Schema, type Connection, type Model } from 'mongoose';

export interface NotificationRecord {
  notificationId: string;
  kind: 'subscription-disabled';
  subscriptionId: string;
  orgUnit: string;
  /** The subscription's owner. */
  recipient: string;
  message: string;
  createdAt: Date;
  readAt: Date | null;
  readBy: string | null;
}

const notificationSchema = new Schema<NotificationRecord>(
  {
    notificationId: { type: String, required: true },
    kind: { type: String, enum: ['subscription-disabled'], required: true },
    subscriptionId: { type: String, required: true },
    orgUnit: { type: String, required: true },
    recipient: { type: String, required: true },
    message: { type: String, required: true },
    createdAt: { type: Date, required: true },
    readAt: { type: Date, default: null },
    readBy: { type: String, default: null },
  },
  { versionKey: false },
);
notificationSchema.index({ notificationId: 1 }, { unique: true });
notificationSchema.index({ createdAt: -1 });

export function notificationModel(connection: Connection): Model<NotificationRecord> {
  return connection.models.WebhookNotification ?? connection.model<NotificationRecord>('WebhookNotification', notificationSchema, 'webhook_notifications');
}
