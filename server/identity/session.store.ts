import { Schema, type Connection, type Model } from 'mongoose';

export interface SessionRecord {
  tokenHash: string;
  username: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

const sessionSchema = new Schema<SessionRecord>(
  {
    tokenHash: { type: String, required: true },
    username: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
  },
  { versionKey: false },
);
sessionSchema.index({ tokenHash: 1 }, { unique: true });
sessionSchema.index({ username: 1 });

/** Sessions live in the database so logout and deactivation end them everywhere at once. */
export class SessionStore {
  private readonly model: Model<SessionRecord>;

  constructor(connection: Connection) {
    this.model = connection.models.Session ?? connection.model<SessionRecord>('Session', sessionSchema, 'sessions');
  }

  async insert(record: SessionRecord): Promise<void> {
    await this.model.create(record);
  }

  async findLive(tokenHash: string, now: Date): Promise<SessionRecord | undefined> {
    return (await this.model.findOne({ tokenHash, revokedAt: null, expiresAt: { $gt: now } }, { _id: 0 }).lean<SessionRecord>()) ?? undefined;
  }

  async revoke(tokenHash: string): Promise<void> {
    await this.model.updateOne({ tokenHash }, { $set: { revokedAt: new Date() } });
  }

  async revokeAllFor(username: string): Promise<void> {
    await this.model.updateMany({ username, revokedAt: null }, { $set: { revokedAt: new Date() } });
  }

  /** No TTL indexes on every engine we support, so expired sessions are removed by a scheduled sweep. */
  async deleteExpired(now: Date): Promise<number> {
    const result = await this.model.deleteMany({ expiresAt: { $lte: now } });
    return result.deletedCount;
  }
}
