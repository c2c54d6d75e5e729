import { api } from './client';
// Shapes from schemas/identity/ (through the generated types), imported type-only.
import type {
  ApiKey,
  ApiKeyCreateRequest,
  ApiKeyCreated,
  ApiKeyList,
  User,
  UserCreateRequest,
  UserList,
  UserUpdateRequest,
} from '../../../server/generated/schema-types';

export type { ApiKey, ApiKeyCreateRequest, ApiKeyCreated, User, UserCreateRequest, UserUpdateRequest };

/** The admin pages' calls: users and API keys (admin only on the server). */
export const identityEndpoints = {
  users: () => api<UserList>('GET', '/users'),
  createUser: (body: UserCreateRequest) => api<User>('POST', '/users', body),
  updateUser: (username: string, body: UserUpdateRequest) => api<User>('PATCH', `/users/${encodeURIComponent(username)}`, body),

  apiKeys: () => api<ApiKeyList>('GET', '/api-keys'),
  createApiKey: (body: ApiKeyCreateRequest) => api<ApiKeyCreated>('POST', '/api-keys', body),
  revokeApiKey: (keyId: string) => api<ApiKey>('DELETE', `/api-keys/${encodeURIComponent(keyId)}`),
};
