import { ConfigError, loadConfig } from '../../../server/config';

test('defaults: private targets allowed outside production, denied in production', () => {
  const development = loadConfig({}).webhooks;
  expect(development).toEqual({
    timeoutMs: 10_000,
    retry: { baseDelayMs: 10_000, maxDelayMs: 3_600_000, maxAttempts: 10 },
    disableAfterFailures: 25,
    dispatchIntervalMs: 5000,
    allowPrivateTargets: true,
    logRetentionDays: 90,
    secretKey: expect.any(String),
  });
  const production = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), MONGODB_URI: 'mongodb://db:27017' }).webhooks;
  expect(production.allowPrivateTargets).toBe(false);
  expect(production.secretKey).toBe('x'.repeat(40));
  expect(loadConfig({ WEBHOOK_PRIVATE_TARGETS: 'deny', WEBHOOK_SECRET_KEY: 'k'.repeat(32) }).webhooks).toMatchObject({
    allowPrivateTargets: false,
    secretKey: 'k'.repeat(32),
  });
});

test('every bad webhook setting is reported at once', () => {
  let problems: string[] = [];
  try {
    loadConfig({
      WEBHOOK_TIMEOUT_MS: '5',
      WEBHOOK_RETRY_BASE_MS: '5000',
      WEBHOOK_RETRY_MAX_MS: '1000',
      WEBHOOK_PRIVATE_TARGETS: 'maybe',
      WEBHOOK_SECRET_KEY: 'short',
      WEBHOOK_MAX_ATTEMPTS: '0',
      WEBHOOK_LOG_RETENTION_DAYS: '0',
    });
  } catch (error) {
    problems = (error as ConfigError).problems;
  }
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringContaining('WEBHOOK_TIMEOUT_MS'),
      'WEBHOOK_RETRY_MAX_MS must not be below WEBHOOK_RETRY_BASE_MS',
      expect.stringContaining('WEBHOOK_PRIVATE_TARGETS'),
      'WEBHOOK_SECRET_KEY must be at least 32 characters',
      expect.stringContaining('WEBHOOK_MAX_ATTEMPTS'),
      expect.stringContaining('WEBHOOK_LOG_RETENTION_DAYS'),
    ]),
  );
});
