import type { LoginRequest, LoginResponse, PrincipalView } from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { AuthenticationService } from './authentication.service';
import { SESSION_COOKIE } from './principal';
import { toUserView } from './views';

export function registerAuthRoutes(routes: RouteRegistry, authentication: AuthenticationService, secureCookies: boolean): void {
  routes.add<LoginRequest>({
    method: 'post',
    path: '/auth/login',
    tag: 'auth',
    summary: 'Log in with a username and password; sets the HttpOnly session cookie and returns the token',
    auth: 'public',
    body: 'identity/login-request',
    responses: {
      200: { description: 'Logged in', schema: 'identity/login-response' },
      401: { description: 'Wrong credentials' },
      429: { description: 'Too many failed attempts' },
    },
    handler: async ({ body, response }): Promise<LoginResponse> => {
      const session = await authentication.login(body.username, body.password);
      response.cookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: secureCookies,
        path: '/',
        expires: session.expiresAt,
      });
      return { token: session.token, expiresAt: session.expiresAt.toISOString(), user: toUserView(session.user) };
    },
  });

  routes.add({
    method: 'post',
    path: '/auth/logout',
    tag: 'auth',
    summary: 'End the current session',
    auth: { roles: [] },
    evaluateOnlyAllowed: true,
    scope: 'self',
    responses: { 204: { description: 'Logged out' } },
    handler: async ({ request, response }) => {
      await authentication.logout(request);
      response.clearCookie(SESSION_COOKIE, { path: '/' });
    },
  });

  routes.add({
    method: 'get',
    path: '/auth/me',
    tag: 'auth',
    summary: 'Who am I: name, org unit, roles and how I authenticated',
    auth: { roles: [] },
    evaluateOnlyAllowed: true,
    scope: 'self',
    responses: { 200: { description: 'The caller', schema: 'identity/principal-view' } },
    handler: ({ principal }): PrincipalView => ({
      kind: principal.kind,
      name: principal.name,
      orgUnit: principal.orgUnit,
      roles: principal.roles,
      via: principal.via,
      ...(principal.restrictions ? { restrictions: principal.restrictions } : {}),
    }),
  });
}
