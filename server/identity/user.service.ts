import { visibleUnits } from '../authority/org-scope';
import type { UserCreateRequest, UserUpdateRequest } from '../generated/schema-types';
import type { AuditLog } from '../audit/audit.service';
import { NotFoundError, ValidationError } from '../http/errors';
import type { OrgUnitGate } from './org-unit-gate';
import { creatorRef, personRef } from './natural-person';
import { hashPassword, passwordProblems } from './password';
import { actorName, type Principal } from './principal';
import type { SessionStore } from './session.store';
import type { UserRecord } from './user.model';
import type { UserChanges, UserStore } from './user.store';
import { toUserView } from './views';

/** Who creates a user: a signed-in admin, or the first start (which works at HQ). */
export type UserActor = Principal | { name: string; orgUnit: string; kind?: undefined };

export class UserService {
  constructor(
    private readonly users: UserStore,
    private readonly sessions: SessionStore,
    private readonly passwordHashCost: number,
    private readonly onCredentialsChanged: () => void,
    private readonly orgUnits: OrgUnitGate,
    private readonly audit: AuditLog,
  ) {}

  /** The users of the principal's scope (their unit and below). */
  async list(principal: Pick<Principal, 'orgUnit'>): Promise<UserRecord[]> {
    // HQ sees every account, also one whose unit the tree no longer knows, so that it can be found and disabled.
    const units = await visibleUnits(this.orgUnits, principal);
    return (await this.users.list()).filter((user) => !units || units.includes(user.orgUnit));
  }

  /** A user of the principal's scope; outside it, the same 404 as for nobody. */
  async find(username: string, principal: Pick<Principal, 'orgUnit'>): Promise<UserRecord> {
    const user = await this.users.find(username);
    if (!user || !(await this.orgUnits.inScope(principal, user.orgUnit))) throw new NotFoundError(`No user "${username}"`);
    return user;
  }

  async create(request: UserCreateRequest, actor: UserActor, options: { demo?: boolean } = {}): Promise<UserRecord> {
    assertPassword(request.password, request.username);
    const orgUnit = request.orgUnit ?? 'HQ';
    await this.orgUnits.assertAssignable(orgUnit, actor, '/body/orgUnit');
    const now = new Date();
    const name = actor.kind ? actorName(actor) : actor.name;
    const creator = creatorRef(actor);
    const user = await this.users.insert({
      username: request.username,
      displayName: request.displayName ?? request.username,
      orgUnit,
      roles: request.roles,
      passwordHash: await hashPassword(request.password, this.passwordHashCost),
      active: true,
      demo: options.demo ?? false,
      version: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: name,
      creator,
      roleHistory: [{ at: now, roles: request.roles, by: creator }],
    });
    await this.audit.record({ actor: name, action: 'create', entity: { kind: 'user', id: user.username }, orgUnit, after: auditView(user) });
    return user;
  }

  async update(username: string, request: UserUpdateRequest, principal: Principal): Promise<UserRecord> {
    const before = await this.find(username, principal);
    const changes: UserChanges = {};
    if (request.displayName !== undefined) changes.displayName = request.displayName;
    if (request.orgUnit !== undefined) {
      if (request.orgUnit !== before.orgUnit) await this.orgUnits.assertAssignable(request.orgUnit, principal, '/body/orgUnit');
      changes.orgUnit = request.orgUnit;
    }
    if (request.roles !== undefined) {
      changes.roles = request.roles;
      // Who set which roles when: maker-checker asks whether an approver's role is recent and self-made.
      changes.roleHistory = [...before.roleHistory, { at: new Date(), roles: request.roles, by: personRef(principal) }];
    }
    if (request.active !== undefined) changes.active = request.active;
    if (request.password !== undefined) {
      assertPassword(request.password, username);
      changes.passwordHash = await hashPassword(request.password, this.passwordHashCost);
    }
    const updated = await this.users.update(username, request.version, changes);
    // A new password, fewer roles or deactivation must end existing sessions.
    if (changes.passwordHash || changes.active === false || changes.roles || changes.orgUnit) {
      await this.sessions.revokeAllFor(username);
    }
    this.onCredentialsChanged();
    await this.audit.record({
      actor: actorName(principal),
      action: 'update',
      entity: { kind: 'user', id: username },
      orgUnit: updated.orgUnit,
      before: auditView(before),
      after: { ...auditView(updated), ...(changes.passwordHash ? { passwordChanged: true } : {}) },
    });
    return updated;
  }
}

/** What the audit log keeps of a user: never the password hash. */
function auditView(user: UserRecord): Omit<ReturnType<typeof toUserView>, 'createdAt' | 'updatedAt'> {
  const { createdAt: _created, updatedAt: _updated, ...view } = toUserView(user);
  return view;
}

function assertPassword(password: string, username: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length > 0) {
    throw new ValidationError(
      'The password is too weak',
      problems.map((message) => ({ path: '/body/password', message })),
      'weak_password',
    );
  }
}
