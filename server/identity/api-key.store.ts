import type { Connection, Model } from 'mongoose';
import { apiKeyModel, type ApiKeyRecord } from './api-key.model';

export class ApiKeyStore {
  private readonly model: Model<ApiKeyRecord>;

  constructor(connection: Connection) {
    this.model = apiKeyModel(connection);
  }

  async insert(record: ApiKeyRecord): Promise<ApiKeyRecord> {
    await this.model.create(record);
    return record;
  }

  async findBySecretHash(secretHash: string): Promise<ApiKeyRecord | undefined> {
    return (await this.model.findOne({ secretHash }, { _id: 0 }).lean<ApiKeyRecord>()) ?? undefined;
  }

  async find(keyId: string): Promise<ApiKeyRecord | undefined> {
    return (await this.model.findOne({ keyId }, { _id: 0 }).lean<ApiKeyRecord>()) ?? undefined;
  }

  /** Keys are named freely, so a name may stand for several. */
  async named(name: string): Promise<ApiKeyRecord[]> {
    return this.model.find({ name }, { _id: 0 }).lean<ApiKeyRecord[]>();
  }

  async list(): Promise<ApiKeyRecord[]> {
    return this.model.find({}, { _id: 0 }).sort({ createdAt: -1 }).lean<ApiKeyRecord[]>();
  }

  /** Unrevoked integration keys of a unit (user keys follow their user). */
  async countLiveIn(orgUnit: string): Promise<number> {
    return this.model.countDocuments({ orgUnit, ownerType: 'integration', revokedAt: null });
  }

  async activeBootstrapKeys(): Promise<ApiKeyRecord[]> {
    return this.model.find({ bootstrap: true, revokedAt: null }, { _id: 0 }).lean<ApiKeyRecord[]>();
  }

  /** Returns the record after revocation, or undefined if there is no such key. Revoking twice keeps the first time. */
  async revoke(keyId: string, revokedBy: string): Promise<ApiKeyRecord | undefined> {
    await this.model.updateOne({ keyId, revokedAt: null }, { $set: { revokedAt: new Date(), revokedBy } });
    return this.find(keyId);
  }

  async touch(keyId: string, at: Date): Promise<void> {
    await this.model.updateOne({ keyId }, { $set: { lastUsedAt: at } });
  }
}
