import type { UserCreateRequest, UserUpdateRequest } from '../generated/schema-types';
import { ValidationError } from '../http/errors';
import { hashPassword, passwordProblems } from './password';
import type { Principal } from './principal';
import type { SessionStore } from './session.store';
import type { UserRecord } from './user.model';
import type { UserChanges, UserStore } from './user.store';

export class UserService {
  constructor(
    private readonly users: UserStore,
    private readonly sessions: SessionStore,
    private readonly passwordHashCost: number,
    private readonly onCredentialsChanged: () => void,
  ) {}

  list(): Promise<UserRecord[]> {
    return this.users.list();
  }

  find(username: string): Promise<UserRecord | undefined> {
    return this.users.find(username);
  }

  async create(request: UserCreateRequest, actor: Principal | { name: string }, options: { demo?: boolean } = {}): Promise<UserRecord> {
    assertPassword(request.password);
    const now = new Date();
    return this.users.insert({
      username: request.username,
      displayName: request.displayName ?? request.username,
      orgUnit: request.orgUnit ?? 'HQ',
      roles: request.roles,
      passwordHash: await hashPassword(request.password, this.passwordHashCost),
      active: true,
      demo: options.demo ?? false,
      version: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: actor.name,
    });
  }

  async update(username: string, request: UserUpdateRequest): Promise<UserRecord> {
    const changes: UserChanges = {};
    if (request.displayName !== undefined) changes.displayName = request.displayName;
    if (request.orgUnit !== undefined) changes.orgUnit = request.orgUnit;
    if (request.roles !== undefined) changes.roles = request.roles;
    if (request.active !== undefined) changes.active = request.active;
    if (request.password !== undefined) {
      assertPassword(request.password);
      changes.passwordHash = await hashPassword(request.password, this.passwordHashCost);
    }
    const updated = await this.users.update(username, request.version, changes);
    // A new password, fewer roles or deactivation must end existing sessions.
    if (changes.passwordHash || changes.active === false || changes.roles || changes.orgUnit) {
      await this.sessions.revokeAllFor(username);
    }
    this.onCredentialsChanged();
    return updated;
  }
}

function assertPassword(password: string): void {
  const problems = passwordProblems(password);
  if (problems.length > 0) {
    throw new ValidationError('The password is too weak', problems.map((message) => ({ path: '/body/password', message })), 'weak_password');
  }
}
