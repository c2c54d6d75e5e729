import type { IncomingHttpHeaders } from 'node:http';
import { AppError, UnauthenticatedError } from '../http/errors';
import type { ApiKeyStore } from './api-key.store';
import { SESSION_COOKIE, type Principal } from './principal';
import type { SessionStore } from './session.store';
import { generateSecret, hashSecret, SESSION_TOKEN_PREFIX } from './tokens';
import type { UserStore } from './user.store';
import { verifyPassword } from './password';
import type { UserRecord } from './user.model';

/** Credentials come from headers only, so Express's request and Node's plain one both do. */
type Request = { headers: IncomingHttpHeaders };
/** A resolved credential is trusted this long; revocation in this process clears it at once. */
const PRINCIPAL_CACHE_MS = 5000;
/** In its last second a cached credential is looked up again in the background, so no request waits at expiry. */
const PRINCIPAL_REFRESH_AHEAD_MS = 1000;
const LAST_USED_WRITE_INTERVAL_MS = 60_000;
const LOGIN_FAILURE_LIMIT = 10;
const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;
/** Password checks for one username running at once in this process; more are refused without hashing (64 MiB each). */
const LOGIN_CONCURRENT_LIMIT = 2;

/** A username's attempts in the current window: counted when they start, so parallel guesses cannot all be checked. */
interface LoginAttempts {
  count: number;
  since: number;
  inFlight: number;
}

export interface AuthenticationOptions {
  secret: string;
  sessionTtlMinutes: number;
}

/** Resolves Bearer tokens (API keys or session tokens) and the session cookie into a Principal. */
export class AuthenticationService {
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();
  /** Lookups under way, by token: concurrent requests with one credential share a single lookup. */
  private readonly lookups = new Map<string, Promise<Principal | null>>();
  /** Bumped whenever cached credentials are dropped, so a lookup that started before cannot put them back. */
  private generation = 0;
  private readonly attempts = new Map<string, LoginAttempts>();
  // A dummy hash so an unknown username costs the same time as a wrong password.
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly users: UserStore,
    private readonly apiKeys: ApiKeyStore,
    private readonly sessions: SessionStore,
    private readonly options: AuthenticationOptions,
    private readonly hashForTiming: () => Promise<string>,
  ) {}

  async login(username: string, password: string): Promise<{ token: string; expiresAt: Date; user: UserRecord }> {
    const attempts = this.admitAttempt(username);
    let user: UserRecord | undefined;
    let passwordMatches = false;
    try {
      user = await this.users.find(username);
      this.dummyHash ??= this.hashForTiming();
      passwordMatches = await verifyPassword(password, user?.passwordHash ?? (await this.dummyHash));
    } finally {
      attempts.inFlight -= 1;
    }
    if (!user || !passwordMatches || !user.active) {
      throw new UnauthenticatedError('Wrong username or password, or the user is deactivated', 'bad_credentials');
    }
    // Only a success un-counts: the attempt was counted as a failure when it started.
    if (this.attempts.get(username) === attempts) this.attempts.delete(username);
    const token = generateSecret(SESSION_TOKEN_PREFIX);
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.options.sessionTtlMinutes * 60_000);
    await this.sessions.insert({ tokenHash: this.hash(token), username, createdAt: now, expiresAt, revokedAt: null });
    return { token, expiresAt, user };
  }

  async logout(request: Request): Promise<void> {
    const token = credentialOf(request);
    if (!token) return;
    await this.sessions.revoke(this.hash(token));
    this.forgetCachedCredentials();
  }

  /** Undefined when no credential was sent; 401 when one was sent but is not valid. */
  async authenticate(request: Request): Promise<Principal | undefined> {
    const token = credentialOf(request);
    if (!token) return undefined;
    const now = Date.now();
    // Keyed by the token itself (this process's memory only), so a cache hit costs no hashing.
    const cached = this.cache.get(token);
    let principal: Principal | null;
    if (cached && cached.until > now) {
      principal = cached.principal;
      if (cached.until - now < PRINCIPAL_REFRESH_AHEAD_MS) this.lookup(token).catch(() => undefined);
    } else {
      principal = await this.lookup(token);
    }
    if (!principal) throw new UnauthenticatedError('The credential is unknown, expired or revoked', 'invalid_credentials');
    return principal;
  }

  /** Called after revocations and user changes so they take effect in this process immediately. */
  forgetCachedCredentials(): void {
    this.generation++;
    this.cache.clear();
    this.lookups.clear();
  }

  private lookup(token: string): Promise<Principal | null> {
    let pending = this.lookups.get(token);
    if (pending) return pending;
    const generation = this.generation;
    const startedAt = Date.now();
    pending = this.resolve(token, this.hash(token))
      .then((principal) => {
        if (generation === this.generation) {
          // Trusted from when it was read, not from when the answer arrived.
          this.cache.set(token, { principal: principal ?? null, until: startedAt + PRINCIPAL_CACHE_MS });
          if (this.cache.size > 10_000) this.cache.clear();
        }
        return principal ?? null;
      })
      .finally(() => {
        if (this.lookups.get(token) === pending) this.lookups.delete(token);
      });
    this.lookups.set(token, pending);
    return pending;
  }

  private async resolve(token: string, tokenHash: string): Promise<Principal | undefined> {
    if (token.startsWith(SESSION_TOKEN_PREFIX)) {
      const session = await this.sessions.findLive(tokenHash, new Date());
      if (!session) return undefined;
      const user = await this.users.find(session.username);
      if (!user?.active) return undefined;
      return { kind: 'user', name: user.username, orgUnit: user.orgUnit, roles: user.roles, via: 'session' };
    }
    const key = await this.apiKeys.findBySecretHash(tokenHash);
    if (!key || key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= Date.now())) return undefined;
    if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > LAST_USED_WRITE_INTERVAL_MS) {
      await this.apiKeys.touch(key.keyId, new Date());
    }
    const restrictions = key.restrictions && Object.keys(key.restrictions).length > 0 ? { restrictions: key.restrictions } : {};
    if (key.ownerType === 'user') {
      const user = key.username ? await this.users.find(key.username) : undefined;
      if (!user?.active) return undefined;
      return { kind: 'user', name: user.username, apiKeyId: key.keyId, orgUnit: user.orgUnit, roles: user.roles, via: 'api-key', ...restrictions };
    }
    const agency = key.agencyId ? { agencyId: key.agencyId } : {};
    return { kind: 'integration', name: key.name, apiKeyId: key.keyId, orgUnit: key.orgUnit, roles: key.roles, via: 'api-key', ...restrictions, ...agency };
  }

  private hash(token: string): string {
    return hashSecret(token, this.options.secret);
  }

  /**
   * Counts the attempt before its password is checked (synchronously, so simultaneous attempts
   * see each other), and refuses it with 429 past the limit of the window or while
   * LOGIN_CONCURRENT_LIMIT checks for the username are running. The caller ends it (inFlight).
   */
  private admitAttempt(username: string): LoginAttempts {
    const now = Date.now();
    let entry = this.attempts.get(username);
    if (entry && now - entry.since > LOGIN_FAILURE_WINDOW_MS && entry.inFlight === 0) {
      this.attempts.delete(username);
      entry = undefined;
    }
    if (entry && entry.count >= LOGIN_FAILURE_LIMIT) {
      throw new AppError(429, 'too_many_attempts', 'Too many failed logins for this user; wait 15 minutes or ask an admin');
    }
    if (!entry) {
      entry = { count: 0, since: now, inFlight: 0 };
      this.attempts.set(username, entry);
    }
    // A refused parallel attempt counts too: a burst of guesses reaches the limit without being checked.
    entry.count += 1;
    if (entry.inFlight >= LOGIN_CONCURRENT_LIMIT) {
      throw new AppError(429, 'too_many_attempts', 'Another login for this user is being checked; try again in a moment');
    }
    entry.inFlight += 1;
    return entry;
  }
}

/** `Authorization: Bearer <token>` wins over the studio's cookie. */
function credentialOf(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthenticatedError('Use the header form "Authorization: Bearer <token>"', 'malformed_authorization');
    return match[1];
  }
  return readCookie(request.headers.cookie, SESSION_COOKIE);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
