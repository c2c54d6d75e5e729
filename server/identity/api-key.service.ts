import { visibleUnits } from '../authority/org-scope';
import { randomBytes } from 'node:crypto';
import type { ApiKeyCreateRequest } from '../generated/schema-types';
import type { AuditLog } from '../audit/audit.service';
import { NotFoundError, ValidationError, type ErrorDetail } from '../http/errors';
import { isDuplicateKeyError } from '../store/mongo-errors';
import type { ApiKeyRecord } from './api-key.model';
import type { ApiKeyStore } from './api-key.store';
import { creatorRef } from './natural-person';
import type { OrgUnitGate } from './org-unit-gate';
import { actorName, type Principal } from './principal';
import { API_KEY_PREFIX, displayPrefix, generateSecret, hashSecret } from './tokens';
import type { UserStore } from './user.store';

export class ApiKeyService {
  /** Whether the register holds an agency: bound by the app once the vendors module exists (agency keys). */
  agencyKnown: (agencyId: string) => Promise<boolean> = () => Promise.resolve(false);

  constructor(
    private readonly apiKeys: ApiKeyStore,
    private readonly users: UserStore,
    private readonly secret: string,
    private readonly onCredentialsChanged: () => void,
    private readonly orgUnits: OrgUnitGate,
    private readonly audit: AuditLog,
  ) {}

  /** The keys of the principal's scope (their unit and below). */
  async list(principal: Pick<Principal, 'orgUnit'>): Promise<ApiKeyRecord[]> {
    // HQ sees every account, also one whose unit the tree no longer knows, so that it can be found and disabled.
    const units = await visibleUnits(this.orgUnits, principal);
    return (await this.apiKeys.list()).filter((key) => !units || units.includes(key.orgUnit));
  }

  /** Returns the secret exactly once; only its keyed hash is stored. */
  async create(request: ApiKeyCreateRequest, actor: Principal): Promise<{ record: ApiKeyRecord; secret: string }> {
    const problems: ErrorDetail[] = [];
    if (request.username && (request.orgUnit || request.roles)) {
      problems.push({ path: '/body/username', message: 'a user key takes its org unit and roles from the user; omit orgUnit and roles' });
    }
    if (!request.username && (!request.orgUnit || !request.roles)) {
      problems.push({ path: '/body', message: 'give either username (a key for that user) or orgUnit and roles (an integration key)' });
    }
    if (request.agencyId && request.username) problems.push({ path: '/body/agencyId', message: 'an agency key is an integration key: omit username' });
    if (request.agencyId && !problems.length && !(await this.agencyKnown(request.agencyId)))
      problems.push({ path: '/body/agencyId', message: `no agency "${request.agencyId}" in the register` });
    if (request.expiresAt && Date.parse(request.expiresAt) <= Date.now()) {
      problems.push({ path: '/body/expiresAt', message: 'must be in the future' });
    }
    const found = request.username ? await this.users.find(request.username) : undefined;
    // A user outside the admin's scope is reported exactly like one that does not exist.
    const user = found && (await this.orgUnits.inScope(actor, found.orgUnit)) ? found : undefined;
    if (request.username && !user) problems.push({ path: '/body/username', message: `no user "${request.username}"` });
    if (problems.length > 0) throw new ValidationError('The API key request is invalid', problems);
    if (!user) await this.orgUnits.assertAssignable(request.orgUnit!, actor, '/body/orgUnit');

    const secret = generateSecret(API_KEY_PREFIX);
    const now = new Date();
    const creator = creatorRef(actor);
    const record = await this.apiKeys.insert({
      keyId: `key_${randomBytes(8).toString('hex')}`,
      name: request.name,
      prefix: displayPrefix(secret),
      secretHash: hashSecret(secret, this.secret),
      ownerType: user ? 'user' : 'integration',
      ...(user ? { username: user.username } : {}),
      orgUnit: user?.orgUnit ?? request.orgUnit!,
      roles: user?.roles ?? request.roles!,
      ...(request.restrictions ? { restrictions: request.restrictions } : {}),
      ...(request.agencyId ? { agencyId: request.agencyId } : {}),
      bootstrap: false,
      createdAt: now,
      createdBy: actor.name,
      creator,
      // An integration key's roles are set here, once. A user key acts with its user's roles as they are (an approver
      // acting through it is judged as the user); its history is the roles it was made with, as its `roles` are.
      roleHistory: [{ at: now, roles: user?.roles ?? request.roles!, by: creator }],
      expiresAt: request.expiresAt ? new Date(request.expiresAt) : null,
      lastUsedAt: null,
      revokedAt: null,
      revokedBy: null,
    });
    await this.audit.record({
      actor: actorName(actor),
      action: 'create',
      entity: { kind: 'api-key', id: record.keyId },
      orgUnit: record.orgUnit,
      after: auditView(record),
    });
    return { record, secret };
  }

  async revoke(keyId: string, actor: Principal): Promise<ApiKeyRecord> {
    const before = await this.apiKeys.find(keyId);
    if (!before || !(await this.orgUnits.inScope(actor, before.orgUnit))) throw new NotFoundError(`No API key "${keyId}"`);
    const record = await this.apiKeys.revoke(keyId, actor.name);
    if (!record) throw new NotFoundError(`No API key "${keyId}"`);
    this.onCredentialsChanged();
    if (!before.revokedAt) {
      await this.audit.record({
        actor: actorName(actor),
        action: 'revoke',
        entity: { kind: 'api-key', id: keyId },
        orgUnit: record.orgUnit,
        before: auditView(before),
        after: auditView(record),
      });
    }
    return record;
  }

  /** Makes the ADMIN_API_KEY value a working admin key, replacing one made from an older value. */
  async ensureBootstrapKey(value: string): Promise<void> {
    const secretHash = hashSecret(value, this.secret);
    const existing = await this.apiKeys.findBySecretHash(secretHash);
    if (existing) return this.retireOtherBootstrapKeys(secretHash); // a revoked one was revoked by an admin: respect that
    try {
      const record = await this.apiKeys.insert({
        keyId: `key_${randomBytes(8).toString('hex')}`,
        name: 'bootstrap admin (ADMIN_API_KEY)',
        prefix: displayPrefix(value),
        secretHash,
        ownerType: 'integration',
        orgUnit: 'HQ',
        roles: ['admin'],
        bootstrap: true,
        createdAt: new Date(),
        createdBy: 'bootstrap',
        creator: 'system:bootstrap',
        roleHistory: [{ at: new Date(), roles: ['admin'], by: 'system:bootstrap' }],
        expiresAt: null,
        lastUsedAt: null,
        revokedAt: null,
        revokedBy: null,
      });
      await this.audit.record({
        actor: 'bootstrap',
        action: 'create',
        entity: { kind: 'api-key', id: record.keyId },
        orgUnit: record.orgUnit,
        after: auditView(record),
        reason: 'ADMIN_API_KEY',
      });
    } catch (error) {
      // Two processes starting together on one database: the other one created it first.
      if (!isDuplicateKeyError(error)) throw error;
    }
    await this.retireOtherBootstrapKeys(secretHash);
  }

  /** A changed ADMIN_API_KEY replaces the key made from the old value. */
  private async retireOtherBootstrapKeys(currentHash: string): Promise<void> {
    for (const stale of await this.apiKeys.activeBootstrapKeys()) {
      if (stale.secretHash !== currentHash) {
        const revoked = await this.apiKeys.revoke(stale.keyId, 'bootstrap');
        await this.audit.record({
          actor: 'bootstrap',
          action: 'revoke',
          entity: { kind: 'api-key', id: stale.keyId },
          orgUnit: stale.orgUnit,
          before: auditView(stale),
          after: revoked && auditView(revoked),
          reason: 'ADMIN_API_KEY changed',
        });
      }
    }
  }
}

/** What the audit log keeps of a key: never its secret or hash. */
function auditView(record: ApiKeyRecord): Record<string, unknown> {
  const { secretHash: _hash, lastUsedAt: _used, ...view } = record;
  return view;
}
