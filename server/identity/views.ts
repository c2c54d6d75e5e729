import type { ApiKey, User } from '../generated/schema-types';
import type { ApiKeyRecord } from './api-key.model';
import type { UserRecord } from './user.model';

export function toUserView(record: UserRecord): User {
  return {
    username: record.username,
    displayName: record.displayName,
    orgUnit: record.orgUnit,
    roles: record.roles,
    active: record.active,
    demo: record.demo,
    version: record.version,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

export function toApiKeyView(record: ApiKeyRecord): ApiKey {
  return {
    keyId: record.keyId,
    name: record.name,
    prefix: record.prefix,
    ownerType: record.ownerType,
    ...(record.username ? { username: record.username } : {}),
    orgUnit: record.orgUnit,
    roles: record.roles,
    ...(record.restrictions && Object.keys(record.restrictions).length > 0 ? { restrictions: record.restrictions } : {}),
    ...(record.agencyId ? { agencyId: record.agencyId } : {}),
    createdAt: record.createdAt.toISOString(),
    createdBy: record.createdBy,
    expiresAt: record.expiresAt?.toISOString() ?? null,
    lastUsedAt: record.lastUsedAt?.toISOString() ?? null,
    revoked: record.revokedAt !== null,
    revokedAt: record.revokedAt?.toISOString() ?? null,
    revokedBy: record.revokedBy,
  };
}
