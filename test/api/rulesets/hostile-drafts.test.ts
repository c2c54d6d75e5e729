import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ruleSetHash } from '../../../server/engine/hash';
import { startTestApp, type TestApp } from '../../support/test-app';
import { createOrgUnits } from '../authority/helpers';
import type { ErrorBody } from './helpers';

/**
 * Issue 14, findings 1 and 2: a policy owner's draft is data, never code, and never more work than
 * a budget allows. Every hostile request is timed on the event loop of this process (the app runs
 * in it): no request may hold it for 100 ms, and memory may not balloon.
 */
const KEY = 'collection.action.bx';
const BASE = `/api/v1/rulesets/${KEY}`;
/** Versions written straight to the database, as stored before the fix. */
const STORED = 'collection.action.stored';
const STORED_BASE = `/api/v1/rulesets/${STORED}`;
const MAX_BLOCK_MS = 100;
// Catastrophic backtracking: about a second in jsonpath-plus's filter evaluation, doubling per extra "a".
const REDOS_PATH = `$[?('${'a'.repeat(25)}!'.match('^(a+)+$'))]`;
// A filter that asks for hundreds of megabytes.
const BALLOON_PATH = '$[?(@.repeat(30000000).length > 1)]';

let app: TestApp;
let owner: string;

const facts = { channel: 'call', target: 'obligor', debtorConsent: false, contentFlags: ['violence'], localTime: '10:00' };

function content(condition: Record<string, unknown>, extra: Record<string, unknown> = {}, key = KEY): Record<string, unknown> {
  return {
    key,
    family: 'collection.action',
    orgUnit: 'BR-X',
    description: 'Branch X collection conduct',
    parameters: {},
    rules: [{ name: 'flagged', basis: 'Art. 13', conditions: { all: [condition] }, event: { type: 'collection', params: { decision: 'block', reason: 'conduct', basis: 'Art. 13' } } }],
    tests: [{ name: 'flagged content', facts, expect: { events: [] } }],
    ...extra,
  };
}

/** Runs a request and reports the longest the event loop of this process was held meanwhile. */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; maxBlockMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  try {
    const result = await work();
    return { result, maxBlockMs: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}

/** Simulates a version stored before the fix: written to the collection directly, past every check. */
async function storeDirectly(version: number, ruleSet: Record<string, unknown>, state: string): Promise<void> {
  const now = new Date();
  const hash = ruleSetHash(ruleSet as never);
  await app.connection.collection('ruleset_versions').insertOne({
    key: STORED, version, family: 'collection.action', orgUnit: 'BR-X', content: ruleSet, hash, state, revision: 1,
    author: 'someone-else', makers: ['someone-else'], createdAt: now, updatedAt: now,
    ...(state === 'published' ? { publishedBy: 'someone-else', publishedAt: now, effectiveFrom: now } : {}),
  });
  if (state === 'published') await app.connection.collection('ruleset_publications').insertOne({ key: STORED, version, effectiveFrom: now, publishedAt: now, publishedBy: 'someone-else' });
}

beforeAll(async () => {
  app = await startTestApp({ LOG_LEVEL: 'error' });
  await createOrgUnits(app, [['BR-X', 'HQ']]);
  owner = await app.createUserAndLogin('bx-owner', ['policy-owner'], 'BR-X');
});
afterAll(() => app.close());

test('a JSON path beyond $.a.b / $.a[0] is refused at save, naming the field, and never runs', async () => {
  const rssBefore = process.memoryUsage().rss;
  for (const [condition, field] of [
    [{ fact: 'contentFlags', path: REDOS_PATH, operator: 'exists', value: true }, 'path'],
    [{ fact: 'contentFlags', path: BALLOON_PATH, operator: 'exists', value: true }, 'path'],
    [{ fact: 'channel', operator: 'equal', value: { fact: 'contentFlags', path: REDOS_PATH } }, 'value/path'],
  ] as const) {
    const { result, maxBlockMs } = await timed(() => app.request<ErrorBody>('POST', `${BASE}/versions`, { as: owner, body: { basedOnVersion: 0, ruleSet: content(condition) } }));
    expect(result.status).toBe(400);
    expect(result.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: `/body/ruleSet/rules/0/conditions/all/0/${field}` })]));
    expect(maxBlockMs).toBeLessThan(MAX_BLOCK_MS);
  }
  expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1024 * 1024);
});

test('versions stored before the fix with hostile paths: try-it, tests and evaluation never run the path', async () => {
  await storeDirectly(1, content({ fact: 'contentFlags', path: REDOS_PATH, operator: 'exists', value: true }, {}, STORED), 'draft');
  await storeDirectly(2, content({ fact: 'channel', operator: 'equal', value: { fact: 'contentFlags', path: BALLOON_PATH } }, {}, STORED), 'draft');
  const published = content({ any: [{ fact: 'contentFlags', path: REDOS_PATH, operator: 'exists', value: true }, { fact: 'contentFlags', path: BALLOON_PATH, operator: 'exists', value: true }] }, {}, STORED);
  await storeDirectly(3, published, 'published');
  const rssBefore = process.memoryUsage().rss;

  for (const version of [1, 2]) {
    const tried = await timed(() => app.request<ErrorBody>('POST', `${STORED_BASE}/versions/${version}/try`, { as: owner, body: { facts } }));
    expect(tried.maxBlockMs).toBeLessThan(MAX_BLOCK_MS);
    expect(tried.result.status).toBe(422);
    expect(tried.result.body.error.details.map((detail) => detail.path)).toEqual(expect.arrayContaining([expect.stringMatching(/^\/ruleSet\/rules\/0\/conditions\/all\/0\/(value\/)?path$/)]));
    const tested = await timed(() => app.request<ErrorBody>('POST', `${STORED_BASE}/versions/${version}/test`, { as: owner }));
    expect(tested.result.status).toBe(422);
    expect(tested.maxBlockMs).toBeLessThan(MAX_BLOCK_MS);
  }
  // A published one still evaluates, both ways, and the path reads nothing: the condition is false.
  for (const explain of [false, true]) {
    const evaluated = await timed(() => app.request<{ events: unknown[] }>('POST', `${STORED_BASE}/evaluate`, { as: owner, body: { facts, explain } }));
    expect(evaluated.result.status).toBe(200);
    expect(evaluated.result.body.events).toEqual([]);
    expect(evaluated.maxBlockMs).toBeLessThan(MAX_BLOCK_MS);
  }
  expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1024 * 1024);
});
