import type { ApiKey, ApiKeyCreateRequest, ApiKeyCreated, ApiKeyIdParams, ApiKeyList } from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { ApiKeyService } from './api-key.service';
import { toApiKeyView } from './views';

const ADMIN = { roles: ['admin'] as const };

export function registerApiKeyRoutes(routes: RouteRegistry, apiKeys: ApiKeyService): void {
  routes.add({
    method: 'get',
    path: '/api-keys',
    tag: 'api-keys',
    summary: 'List the API keys of your scope (never their secrets)',
    auth: ADMIN,
    responses: { 200: { description: 'All keys, newest first', schema: 'identity/api-key-list' } },
    handler: async ({ principal }): Promise<ApiKeyList> => ({ items: (await apiKeys.list(principal)).map(toApiKeyView) }),
  });

  routes.add<ApiKeyCreateRequest>({
    method: 'post',
    path: '/api-keys',
    tag: 'api-keys',
    summary: 'Create an API key for a user or an integration; the secret is in this response only',
    auth: ADMIN,
    body: 'identity/api-key-create-request',
    responses: { 201: { description: 'Created', schema: 'identity/api-key-created' } },
    handler: async ({ body, principal }): Promise<ApiKeyCreated> => {
      const created = await apiKeys.create(body, principal);
      return { apiKey: toApiKeyView(created.record), secret: created.secret };
    },
  });

  routes.add<unknown, unknown, ApiKeyIdParams>({
    method: 'delete',
    path: '/api-keys/:keyId',
    params: 'identity/api-key-id-params',
    tag: 'api-keys',
    summary: 'Revoke an API key; it stops working at once and stays listed as revoked',
    auth: ADMIN,
    responses: { 200: { description: 'Revoked', schema: 'identity/api-key' }, 404: { description: 'No such key' } },
    handler: async ({ params, principal }): Promise<ApiKey> => toApiKeyView(await apiKeys.revoke(params.keyId, principal)),
  });
}
