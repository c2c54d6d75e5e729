import type { RetryPolicy } from './webhook-backoff';

export interface WebhookSettings {
  /** How long one attempt may take, connection to last byte. */
  timeoutMs: number;
  retry: RetryPolicy;
  /** Consecutive failed attempts (over all its deliveries) after which a subscription is disabled. */
  disableAfterFailures: number;
  /** How often a process with the dispatcher looks for due deliveries; 0 runs none in that process. */
  dispatchIntervalMs: number;
  /** Whether subscriptions may point at loopback and private addresses (development and tests: yes; production: no). */
  allowPrivateTargets: boolean;
  /** Finished deliveries and their attempts are kept this many days after they finish, then removed by maintenance. */
  logRetentionDays: number;
  /** Keys the encryption of stored signing secrets. */
  secretKey: string;
}

/** Reads the WEBHOOK_* settings (README, configuration); problems join the config's list. Production denies private targets by default. */
export function loadWebhookSettings(environment: NodeJS.ProcessEnv, production: boolean, sessionSecret: string, problems: string[]): WebhookSettings {
  const baseDelayMs = integer(environment.WEBHOOK_RETRY_BASE_MS ?? '10000', 'WEBHOOK_RETRY_BASE_MS', problems, 10, 3_600_000);
  const maxDelayMs = integer(environment.WEBHOOK_RETRY_MAX_MS ?? '3600000', 'WEBHOOK_RETRY_MAX_MS', problems, 10, 86_400_000);
  if (maxDelayMs < baseDelayMs) problems.push('WEBHOOK_RETRY_MAX_MS must not be below WEBHOOK_RETRY_BASE_MS');
  const dispatchIntervalMs = integer(environment.WEBHOOK_DISPATCH_INTERVAL_MS ?? '5000', 'WEBHOOK_DISPATCH_INTERVAL_MS', problems, 0, 3_600_000);
  const privateTargets = oneOf(
    environment.WEBHOOK_PRIVATE_TARGETS ?? (production ? 'deny' : 'allow'),
    ['allow', 'deny'] as const,
    'WEBHOOK_PRIVATE_TARGETS',
    problems,
  );
  const secretKey = environment.WEBHOOK_SECRET_KEY?.trim() || sessionSecret;
  if (environment.WEBHOOK_SECRET_KEY?.trim() && secretKey.length < 32) problems.push('WEBHOOK_SECRET_KEY must be at least 32 characters');
  return {
    timeoutMs: integer(environment.WEBHOOK_TIMEOUT_MS ?? '10000', 'WEBHOOK_TIMEOUT_MS', problems, 100, 120_000),
    retry: { baseDelayMs, maxDelayMs, maxAttempts: integer(environment.WEBHOOK_MAX_ATTEMPTS ?? '10', 'WEBHOOK_MAX_ATTEMPTS', problems, 1, 50) },
    disableAfterFailures: integer(environment.WEBHOOK_DISABLE_AFTER ?? '25', 'WEBHOOK_DISABLE_AFTER', problems, 1, 10_000),
    dispatchIntervalMs,
    allowPrivateTargets: privateTargets === 'allow',
    logRetentionDays: integer(environment.WEBHOOK_LOG_RETENTION_DAYS ?? '90', 'WEBHOOK_LOG_RETENTION_DAYS', problems, 1, 3_650),
    secretKey,
  };
}

function integer(raw: string, name: string, problems: string[], min: number, max: number): number {
  const value = Number(raw);
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  return min;
}

function oneOf<T extends string>(raw: string, allowed: readonly T[], name: string, problems: string[]): T {
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
  return allowed[0] as T;
}
