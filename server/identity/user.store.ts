import type { Connection, Model } from 'mongoose';
import { ConflictError, NotFoundError } from '../http/errors';
import { isDuplicateKeyError } from '../store/mongo-errors';
import { TransitionClaims } from '../store/transition-claims';
import { userModel, type UserRecord } from './user.model';

export type UserChanges = Partial<Pick<UserRecord, 'displayName' | 'orgUnit' | 'roles' | 'passwordHash' | 'active' | 'roleHistory'>>;

export class UserStore {
  private readonly model: Model<UserRecord>;
  private readonly claims: TransitionClaims;

  constructor(connection: Connection) {
    this.model = userModel(connection);
    this.claims = new TransitionClaims(connection);
  }

  async insert(user: UserRecord): Promise<UserRecord> {
    try {
      await this.model.create(user);
    } catch (error) {
      if (isDuplicateKeyError(error))
        throw new ConflictError('username_taken', `The username "${user.username}" is taken`, [{ path: '/body/username', message: 'is taken' }]);
      throw error;
    }
    return user;
  }

  async find(username: string): Promise<UserRecord | undefined> {
    return (await this.model.findOne({ username }, { _id: 0 }).lean<UserRecord>()) ?? undefined;
  }

  async list(): Promise<UserRecord[]> {
    return this.model.find({}, { _id: 0 }).sort({ username: 1 }).lean<UserRecord[]>();
  }

  async count(): Promise<number> {
    return this.model.countDocuments({});
  }

  async countActiveIn(orgUnit: string): Promise<number> {
    return this.model.countDocuments({ orgUnit, active: true });
  }

  async activeDemoUsers(): Promise<string[]> {
    const users = await this.model.find({ demo: true, active: true }, { username: 1 }).lean<{ username: string }[]>();
    return users.map((user) => user.username);
  }

  /** Applies the change only if nobody changed the user since `expectedVersion` was read. */
  async update(username: string, expectedVersion: number, changes: UserChanges): Promise<UserRecord> {
    // The claim makes simultaneous edits of one version land once on FerretDB as well (see TransitionClaims).
    const claimed = await this.claims.claim(`user:${username}:${expectedVersion}`);
    const updated =
      claimed &&
      (await this.model
        .findOneAndUpdate(
          { username, version: expectedVersion },
          { $set: { ...changes, updatedAt: new Date() }, $inc: { version: 1 } },
          // No projection here: FerretDB does not implement `fields` on findAndModify.
          { returnDocument: 'after' },
        )
        .lean<UserRecord & { _id?: unknown }>());
    if (updated) {
      const { _id, ...user } = updated;
      return user;
    }
    const current = await this.find(username);
    if (!current) throw new NotFoundError(`No user "${username}"`);
    throw new ConflictError(
      'stale_version',
      `User "${username}" changed since version ${expectedVersion}; reload it (now version ${current.version}) and try again`,
      [{ path: '/body/version', message: `is stale; current version is ${current.version}`, currentVersion: current.version }],
    );
  }
}
