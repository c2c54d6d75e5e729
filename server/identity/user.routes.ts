import type { User, UserCreateRequest, UserList, UserUpdateRequest, UsernameParams } from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { UserService } from './user.service';
import { toUserView } from './views';

const ADMIN = { roles: ['admin'] as const };

export function registerUserRoutes(routes: RouteRegistry, users: UserService): void {
  routes.add({
    method: 'get',
    path: '/users',
    tag: 'users',
    summary: 'List the users of your scope (your org unit and below)',
    auth: ADMIN,
    responses: { 200: { description: 'All users', schema: 'identity/user-list' } },
    handler: async ({ principal }): Promise<UserList> => ({ items: (await users.list(principal)).map(toUserView) }),
  });

  routes.add<UserCreateRequest>({
    method: 'post',
    path: '/users',
    tag: 'users',
    summary: 'Create a user with roles in an existing, active org unit within your scope',
    auth: ADMIN,
    body: 'identity/user-create-request',
    responses: {
      201: { description: 'Created', schema: 'identity/user' },
      403: { description: 'Org unit outside your scope' },
      409: { description: 'Username taken' },
      422: { description: 'Unknown or deactivated org unit' },
    },
    handler: async ({ body, principal }): Promise<User> => toUserView(await users.create(body, principal)),
  });

  routes.add<unknown, unknown, UsernameParams>({
    method: 'get',
    path: '/users/:username',
    params: 'identity/username-params',
    tag: 'users',
    summary: 'Get one user',
    auth: ADMIN,
    responses: { 200: { description: 'The user', schema: 'identity/user' }, 404: { description: 'No such user' } },
    handler: async ({ params, principal }): Promise<User> => toUserView(await users.find(params.username, principal)),
  });

  routes.add<UserUpdateRequest, unknown, UsernameParams>({
    method: 'patch',
    path: '/users/:username',
    params: 'identity/username-params',
    tag: 'users',
    summary: 'Change roles, org unit, display name, password or active flag; send the version you read',
    auth: ADMIN,
    body: 'identity/user-update-request',
    responses: { 200: { description: 'Updated', schema: 'identity/user' }, 404: { description: 'No such user' }, 409: { description: 'Stale version' } },
    handler: async ({ params, body, principal }): Promise<User> => toUserView(await users.update(params.username, body, principal)),
  });
}
