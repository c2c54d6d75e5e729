import path from 'node:path';
import { EXIT } from './exit-codes';
import type { MetricSettings } from './generated/schema-types';
import { SCHEDULE_SETTINGS, scheduleProblems, type JobSettings } from './jobs/job-settings';
import { STALE_AFTER_MS } from './jobs/run-attempts';
import type { LogLevel } from './logger';
import { DEFAULT_MONITORING_SETTINGS, type MonitoringSettings } from './monitoring/monitoring-settings';
import { loadVendorSettings, type VendorSettings } from './vendors/vendor-settings';
import { loadBureauSettings, type BureauSettings } from './bureau/bureau-settings';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './portfolio/import-body';
import { loadWebhookSettings, type WebhookSettings } from './webhooks/webhook-settings';
import { loadCollectionGateSettings, type CollectionGateSettings } from './collections/gate/gate-settings';

export type NodeEnvironment = 'development' | 'production' | 'test';

export interface Config {
  nodeEnv: NodeEnvironment;
  port: number;
  /** Loopback by default: the local run is for one person. Containers set HOST=0.0.0.0. */
  host: string;
  /** When absent, the platform provisions and starts a local FerretDB by itself. */
  mongodbUri: string | undefined;
  dataDirectory: string;
  logLevel: LogLevel;
  seedDemo: boolean;
  adminApiKey: string | undefined;
  /** Keys the hashes of session tokens and API keys, so a database dump alone cannot forge either. */
  sessionSecret: string;
  sessionTtlMinutes: number;
  /** log2 of scrypt's cost N; stored with each hash, so changing it only affects new passwords. */
  passwordHashCost: number;
  localDatabasePort: number | undefined;
  /** How long to wait for the database before giving up with a clear error. */
  databaseTimeoutMs: number;
  /** How long one operation waits for a database that went away before its request is answered 503. */
  databaseSelectionTimeoutMs: number;
  /** `compiled` (default) or `interpreted` (json-rules-engine for every call, for comparison). */
  evaluationPath: 'compiled' | 'interpreted';
  /** Whether single evaluations are answered by the fast path in front of Express (same answers; off for comparison). */
  evaluationFastPath: boolean;
  /** Whether every success answer is checked against its declared response schema (tests; development on request; never production). */
  validateResponses: boolean;
  /**
   * The decision log's write batching (the longest a decision waits in memory, the batch size written at once), its bound
   * without a spool, and the spool: `fsync` (a decision is on disk before its answer), `write` (in the file, not synced) or `off`.
   */
  decisionLog: { flushMs: number; flushSize: number; maxPending: number; spool: 'fsync' | 'write' | 'off'; spoolMaxBytes: number; spoolMaxDecisions: number };
  /**
   * Whether the underwriting check waits for the decision spool's fsync (UNDERWRITING_CHECK_SYNC, default false): by default its
   * decisions are in the spool file before the answer (a killed process loses none), not synced (docs/underwriting.md).
   */
  underwritingCheckSync: boolean;
  /** Readings of the guideline's open choices (domain.md, table of choices); docs/metrics.md explains each default. */
  metricSettings: MetricSettings;
  /** Channels that are internet business, handled by HQ alone (Art. 9); names or `prefix*` patterns. */
  internetChannels: string[];
  /** Scheduled work: whether this process runs jobs, how often it polls, the schedules. */
  jobs: JobSettings;
  monitoring: MonitoringSettings;
  /** The agency register: how long a check counts, the re-check window (docs/vendors.md). */
  vendors: VendorSettings;
  /** Credit-bureau reporting: the notice's lead time before a default may be reported (docs/bureau.md). */
  bureau: BureauSettings;
  /** Outbound webhooks: timeouts, retries, disabling, where deliveries may go (docs/webhooks.md). */
  webhooks: WebhookSettings;
  /** Portfolio imports: the longest line (or CSV record) in bytes and the longest value in characters (docs/metrics.md, Import). */
  imports: ImportLimits;
  /** The collection gate: the number hash's key, clock skew, reservation time, agency statuses (docs/collection-gate.md). */
  collectionGate: CollectionGateSettings;
}

export const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-do-not-use-in-production';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the environment once; every problem is reported together so one restart fixes them all. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env, projectRoot = defaultProjectRoot()): Config {
  const problems: string[] = [];
  const nodeEnv = oneOf(environment.NODE_ENV ?? 'development', ['development', 'production', 'test'] as const, 'NODE_ENV', problems);
  const port = integer(environment.PORT ?? '3000', 'PORT', problems, 0, 65535);
  const logLevel = oneOf(environment.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'), LOG_LEVELS, 'LOG_LEVEL', problems);
  const seedDemo = boolean(environment.SEED_DEMO ?? 'true', 'SEED_DEMO', problems);
  const sessionTtlMinutes = integer(environment.SESSION_TTL_MINUTES ?? '480', 'SESSION_TTL_MINUTES', problems, 5, 10080);
  const passwordHashCost = integer(environment.PASSWORD_HASH_COST ?? '16', 'PASSWORD_HASH_COST', problems, 14, 20);
  const localDatabasePort = environment.LOCAL_DATABASE_PORT ? integer(environment.LOCAL_DATABASE_PORT, 'LOCAL_DATABASE_PORT', problems, 1, 65535) : undefined;
  const evaluationPath = oneOf(environment.EVALUATION_PATH ?? 'compiled', ['compiled', 'interpreted'] as const, 'EVALUATION_PATH', problems);
  const evaluationFastPath = boolean(environment.EVALUATION_FAST_PATH ?? 'true', 'EVALUATION_FAST_PATH', problems);
  const validateResponses = boolean(environment.VALIDATE_RESPONSES ?? String(nodeEnv === 'test'), 'VALIDATE_RESPONSES', problems);
  const underwritingCheckSync = boolean(environment.UNDERWRITING_CHECK_SYNC ?? 'false', 'UNDERWRITING_CHECK_SYNC', problems);
  const decisionLog = {
    flushMs: integer(environment.DECISION_LOG_FLUSH_MS ?? '100', 'DECISION_LOG_FLUSH_MS', problems, 1, 10_000),
    flushSize: integer(environment.DECISION_LOG_BATCH_SIZE ?? '500', 'DECISION_LOG_BATCH_SIZE', problems, 1, 100_000),
    maxPending: integer(environment.DECISION_LOG_MAX_PENDING ?? '20000', 'DECISION_LOG_MAX_PENDING', problems, 1, 10_000_000),
    spool: oneOf(environment.DECISION_SPOOL ?? 'fsync', ['fsync', 'write', 'off'] as const, 'DECISION_SPOOL', problems),
    spoolMaxBytes: integer(environment.DECISION_SPOOL_MAX_BYTES ?? String(256 * 1024 * 1024), 'DECISION_SPOOL_MAX_BYTES', problems, 65_536, 2 ** 40),
    spoolMaxDecisions: integer(environment.DECISION_SPOOL_MAX_DECISIONS ?? '250000', 'DECISION_SPOOL_MAX_DECISIONS', problems, 1, 10_000_000),
  };
  const databaseTimeoutMs = integer(environment.DATABASE_TIMEOUT_MS ?? '10000', 'DATABASE_TIMEOUT_MS', problems, 100, 600000);
  const databaseSelectionTimeoutMs = integer(environment.DATABASE_SELECTION_TIMEOUT_MS ?? '1500', 'DATABASE_SELECTION_TIMEOUT_MS', problems, 100, 600000);
  const mongodbUri = nonEmpty(environment.MONGODB_URI);
  if (mongodbUri && !/^mongodb(\+srv)?:\/\//.test(mongodbUri)) {
    problems.push('MONGODB_URI must start with mongodb:// or mongodb+srv://');
  }
  const adminApiKey = nonEmpty(environment.ADMIN_API_KEY);
  if (adminApiKey && adminApiKey.length < 24) problems.push('ADMIN_API_KEY must be at least 24 characters');
  const sessionSecret = nonEmpty(environment.SESSION_SECRET) ?? DEVELOPMENT_SESSION_SECRET;
  const metricSettings: MetricSettings = {
    bucketBasis: oneOf(environment.METRIC_BUCKET_BASIS ?? 'days', ['days', 'installments', 'worst'] as const, 'METRIC_BUCKET_BASIS', problems),
    claimedInRemainingPrincipal: oneOf(
      environment.METRIC_CLAIMED_IN_REMAINING_PRINCIPAL ?? 'excluded',
      ['excluded', 'included'] as const,
      'METRIC_CLAIMED_IN_REMAINING_PRINCIPAL',
      problems,
    ),
    m3UpperBound: oneOf(environment.METRIC_M3_UPPER_BOUND ?? '180', ['180', 'uncapped'] as const, 'METRIC_M3_UPPER_BOUND', problems),
    lossRecoveriesWindow: oneOf(
      environment.METRIC_LOSS_RECOVERIES_WINDOW ?? 'year-to-date',
      ['year-to-date', 'same-month'] as const,
      'METRIC_LOSS_RECOVERIES_WINDOW',
      problems,
    ),
    lossClaims: oneOf(environment.METRIC_LOSS_CLAIMS ?? 'gross', ['gross', 'net'] as const, 'METRIC_LOSS_CLAIMS', problems),
    claimedBy: oneOf(environment.METRIC_CLAIMED_BY ?? 'claim-paid', ['claim-paid', 'claim-approved'] as const, 'METRIC_CLAIMED_BY', problems),
  };

  const jobs: JobSettings = {
    enabled: boolean(environment.JOBS_ENABLED ?? 'true', 'JOBS_ENABLED', problems),
    processEveryMs: integer(environment.JOBS_PROCESS_EVERY_MS ?? '5000', 'JOBS_PROCESS_EVERY_MS', problems, 100, 3_600_000),
    staleAfterMs: integer(environment.JOB_STALE_AFTER_MS ?? String(STALE_AFTER_MS), 'JOB_STALE_AFTER_MS', problems, 1000, 3_600_000),
    schedules: Object.fromEntries(
      Object.entries(SCHEDULE_SETTINGS).map(([job, setting]) => {
        const value = nonEmpty(environment[setting.variable]) ?? setting.default;
        problems.push(...scheduleProblems(setting.variable, value));
        return [job, value];
      }),
    ),
  };
  const monitoring: MonitoringSettings = {
    gradeScale: list(environment.GRADE_SCALE) ?? DEFAULT_MONITORING_SETTINGS.gradeScale,
    headOfficeRoles: list(environment.HQ_OWNER_ROLES) ?? DEFAULT_MONITORING_SETTINGS.headOfficeRoles,
  };

  const imports: ImportLimits = {
    maxLineBytes: integer(
      environment.IMPORT_MAX_LINE_BYTES ?? String(DEFAULT_IMPORT_LIMITS.maxLineBytes),
      'IMPORT_MAX_LINE_BYTES',
      problems,
      1024,
      256 * 1024 * 1024,
    ),
    maxFieldChars: integer(
      environment.IMPORT_MAX_FIELD_CHARS ?? String(DEFAULT_IMPORT_LIMITS.maxFieldChars),
      'IMPORT_MAX_FIELD_CHARS',
      problems,
      256,
      256 * 1024 * 1024,
    ),
  };

  const vendors = loadVendorSettings(environment, problems);
  const bureau = loadBureauSettings(environment, problems);
  const internetChannels = (environment.INTERNET_CHANNELS ?? 'online-*')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

  if (nodeEnv === 'production') {
    if (sessionSecret === DEVELOPMENT_SESSION_SECRET) problems.push('SESSION_SECRET is required in production (at least 32 random characters)');
    else if (sessionSecret.length < 32) problems.push('SESSION_SECRET must be at least 32 characters in production');
    if (!mongodbUri) problems.push('MONGODB_URI is required in production; the local FerretDB is for development and tests only');
    // It serialises and validates every answer a second time: a development aid, not a production cost.
    if (validateResponses) problems.push('VALIDATE_RESPONSES is for development and tests, not production');
  }
  const webhooks = loadWebhookSettings(environment, nodeEnv === 'production', sessionSecret, problems);
  const collectionGate = loadCollectionGateSettings(environment, nodeEnv === 'production', sessionSecret, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    nodeEnv,
    port,
    host: nonEmpty(environment.HOST) ?? '127.0.0.1',
    mongodbUri,
    dataDirectory: path.resolve(projectRoot, environment.DATA_DIR ?? 'data'),
    logLevel,
    seedDemo,
    adminApiKey,
    sessionSecret,
    sessionTtlMinutes,
    passwordHashCost,
    localDatabasePort,
    databaseTimeoutMs,
    databaseSelectionTimeoutMs,
    evaluationPath,
    evaluationFastPath,
    underwritingCheckSync,
    validateResponses,
    decisionLog,
    metricSettings,
    internetChannels,
    jobs,
    monitoring,
    vendors,
    bureau,
    webhooks,
    imports,
    collectionGate,
  };
}

/** For process entry points: configuration problems are printed and end the process with code 2. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(EXIT.config);
  }
}

export function defaultProjectRoot(): string {
  return path.resolve(__dirname, '..');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value.trim() : undefined;
}

function list(raw: string | undefined): string[] | undefined {
  const items = (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length > 0 ? items : undefined;
}

function integer(raw: string, name: string, problems: string[], min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
    return min;
  }
  return value;
}

function boolean(raw: string, name: string, problems: string[]): boolean {
  if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  problems.push(`${name} must be true or false (got "${raw}")`);
  return true;
}

function oneOf<T extends string>(raw: string, allowed: readonly T[], name: string, problems: string[]): T {
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
  return allowed[0] as T;
}
