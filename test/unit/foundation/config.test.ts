import path from 'node:path';
import { ConfigError, DEVELOPMENT_SESSION_SECRET, loadConfig } from '../../../server/config';

const ROOT = '/srv/platform';

test('defaults describe a local development run on loopback', () => {
  const config = loadConfig({}, ROOT);
  expect(config).toMatchObject({
    nodeEnv: 'development',
    port: 3000,
    host: '127.0.0.1',
    mongodbUri: undefined,
    dataDirectory: path.join(ROOT, 'data'),
    logLevel: 'info',
    seedDemo: true,
    sessionSecret: DEVELOPMENT_SESSION_SECRET,
  });
});

test('PORT, DATA_DIR, SEED_DEMO and MONGODB_URI are read', () => {
  const config = loadConfig({ PORT: '8080', DATA_DIR: '/var/lib/pp', SEED_DEMO: 'false', MONGODB_URI: 'mongodb://db:27017/pp' }, ROOT);
  expect(config).toMatchObject({ port: 8080, dataDirectory: '/var/lib/pp', seedDemo: false, mongodbUri: 'mongodb://db:27017/pp' });
});

test('JOB_STALE_AFTER_MS sets how long a silent job run lives (60 s unless set; 1 s to an hour)', () => {
  expect(loadConfig({}, ROOT).jobs.staleAfterMs).toBe(60_000);
  expect(loadConfig({ JOB_STALE_AFTER_MS: '3000' }, ROOT).jobs.staleAfterMs).toBe(3000);
  expect(() => loadConfig({ JOB_STALE_AFTER_MS: '500' }, ROOT)).toThrow(/JOB_STALE_AFTER_MS must be an integer between 1000 and 3600000/);
});

test('BUREAU_NOTICE_LEAD_DAYS sets the notice lead time before a default is reported (15 unless set; 0 to 90), reported with the other problems', () => {
  expect(loadConfig({}, ROOT).bureau.noticeLeadDays).toBe(15);
  expect(loadConfig({ BUREAU_NOTICE_LEAD_DAYS: '30' }, ROOT).bureau.noticeLeadDays).toBe(30);
  expect(() => loadConfig({ BUREAU_NOTICE_LEAD_DAYS: '91', PORT: 'x' }, ROOT)).toThrow(
    /PORT[\s\S]*BUREAU_NOTICE_LEAD_DAYS must be a whole number of days from 0 to 90|BUREAU_NOTICE_LEAD_DAYS[\s\S]*PORT/,
  );
});

test('every problem is reported at once', () => {
  let caught: unknown;
  try {
    loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', SEED_DEMO: 'maybe', MONGODB_URI: 'postgres://x', ADMIN_API_KEY: 'short' }, ROOT);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  const problems = (caught as ConfigError).problems.join('\n');
  for (const name of ['PORT', 'LOG_LEVEL', 'SEED_DEMO', 'MONGODB_URI', 'ADMIN_API_KEY']) expect(problems).toContain(name);
});

test('production refuses the development secret and the local database', () => {
  expect(() => loadConfig({ NODE_ENV: 'production' }, ROOT)).toThrow(/SESSION_SECRET is required[\s\S]*MONGODB_URI is required/);
  expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'too-short', MONGODB_URI: 'mongodb://db/pp' }, ROOT)).toThrow(/at least 32/);
  const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), MONGODB_URI: 'mongodb://db/pp' }, ROOT);
  expect(config.nodeEnv).toBe('production');
  // The collection number key: derived from SESSION_SECRET (never the development default), or its own of 32 characters or more.
  expect(config.collectionGate.numberSecret).not.toBe(loadConfig({}, ROOT).collectionGate.numberSecret);
  expect(() =>
    loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), MONGODB_URI: 'mongodb://db/pp', COLLECTION_NUMBER_SECRET: 'short' }, ROOT),
  ).toThrow(/COLLECTION_NUMBER_SECRET must be at least 32/);
});
