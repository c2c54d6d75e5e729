import { DecisionStore } from '../../../server/decisions/decision.store';
import { createLogger } from '../../../server/logger';
import { waitUntil } from '../../support/polling';
import { startTestApp, type TestApp } from '../../support/test-app';
import { createIntegrationKey, standardContent, type ErrorBody, type VersionView } from './helpers';

interface Decision {
  decisionId: string;
  ruleSet: { key: string; version: number; hash: string };
  orgUnit?: string;
  caller: string;
  facts: Record<string, unknown>;
  events: { type: string; params?: Record<string, unknown> }[];
  at: string;
  durationMs: number;
}

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  expect((await app.request('POST', '/api/v1/org-units', { body: { id: 'BR-SH', name: 'Shanghai', parent: 'HQ' } })).status).toBe(201);
});
afterAll(() => app.close());

const evaluate = (key: string, facts: Record<string, unknown>, as?: string, orgUnit?: string) =>
  app.request<{ decisionId: string; events: { params?: Record<string, unknown> }[] }>('POST', `/api/v1/rulesets/${key}/evaluate`, {
    body: { facts, ...(orgUnit ? { orgUnit } : {}) },
    as,
  });

test('every evaluation is logged with version, hash, caller, org unit, events and duration; facts the schema does not name are dropped, personal ones masked', async () => {
  const facts = {
    dpd: 95,
    claimPointDays: 90,
    overdueAmount: 500,
    name: '张三',
    idNumber: '110101199003071234',
    phone: '13800138000',
    nested: { address: 'Beijing', email: 'a@b.cn' },
  };
  const evaluated = await evaluate('claim.trigger', facts, undefined, 'BR-SH');
  expect(evaluated.status).toBe(200);
  const stored = await app.request<Decision>('GET', `/api/v1/decisions/${evaluated.body.decisionId}`);
  expect(stored.status).toBe(200);
  expect(stored.body).toMatchObject({
    decisionId: evaluated.body.decisionId,
    ruleSet: { key: 'claim.trigger', version: 1, hash: expect.stringMatching(/^sha256:/) },
    orgUnit: 'BR-SH',
    events: [expect.objectContaining({ type: 'claim', params: expect.objectContaining({ action: 'open-claim' }) })],
    facts: { dpd: 95, claimPointDays: 90, overdueAmount: 500, name: '***', idNumber: '***', phone: '***' },
  });
  expect(stored.body.facts).not.toHaveProperty('nested');
  expect(stored.body.caller).toBeTruthy();
  expect(stored.body.durationMs).toBeGreaterThanOrEqual(0);
  expect(JSON.stringify(stored.body)).not.toMatch(/13800138000|110101199003071234|张三/);
});

test('the decision list filters by rule set, event type and time', async () => {
  const start = new Date().toISOString();
  await evaluate('collection.action', { channel: 'call', localTime: '22:01' });
  await evaluate('collection.action', { channel: 'call', localTime: '10:00', debtorConsent: false });
  await evaluate('vendor.admission', { isLawFirm: true });
  const collection = await app.request<{ items: Decision[] }>('GET', `/api/v1/decisions?ruleSet=collection.action&from=${encodeURIComponent(start)}`);
  expect(collection.status).toBe(200);
  expect(collection.body.items).toHaveLength(2);
  expect(collection.body.items.every((item) => item.ruleSet.key === 'collection.action')).toBe(true);
  const vendors = await app.request<{ items: Decision[] }>('GET', '/api/v1/decisions?eventType=vendor');
  expect(vendors.body.items.map((item) => item.ruleSet.key)).toEqual(['vendor.admission']);
  const future = await app.request<{ items: Decision[] }>('GET', `/api/v1/decisions?from=${encodeURIComponent(new Date(Date.now() + 60000).toISOString())}`);
  expect(future.body.items).toEqual([]);
  const limited = await app.request<{ items: Decision[]; nextBefore?: string }>('GET', '/api/v1/decisions?limit=1');
  expect(limited.body.items).toHaveLength(1);
  expect(limited.body.nextBefore).toBeDefined();
  expect((await app.request('GET', '/api/v1/decisions/no-such-decision')).status).toBe(404);
});

test('replay re-evaluates stored facts against the same version or another one and shows the difference', async () => {
  const checksClear = {
    illegalOrCriminalRecord: false,
    legalRepresentativeIllegalOrCriminalRecord: false,
    blacklisted: false,
    legalRepresentativeBlacklisted: false,
    otherAdverseRecord: false,
    legalRepresentativeOtherAdverseRecord: false,
  };
  const decision = await evaluate('vendor.admission', {
    isLawFirm: false,
    businessRegistered: true,
    ownSecureSystem: true,
    phoneTeamSize: 12,
    monthsInBusiness: 30,
    bankCollectionExperienceMonths: 24,
    ...checksClear,
  });
  expect(decision.body.events).toEqual([expect.objectContaining({ params: expect.objectContaining({ decision: 'admit' }) })]);

  const same = await app.request<{ difference: { same: boolean } }>('POST', `/api/v1/decisions/${decision.body.decisionId}/replay`, { body: {} });
  expect(same.status).toBe(200);
  expect(same.body.difference.same).toBe(true);

  // A draft that demands a team of 20 would have rejected this vendor.
  const owner = await app.createUserAndLogin('owen', ['policy-owner']);
  const content = standardContent('vendor.admission');
  (content.parameters.minPhoneTeamSize as { value: number }).value = 20;
  const draft = await app.request<VersionView>('POST', '/api/v1/rulesets/vendor.admission/versions', {
    body: { basedOnVersion: 1, ruleSet: content },
    as: owner,
  });
  expect(draft.status).toBe(201);
  const replay = await app.request<{
    original: { ruleSet: { version: number } };
    replay: { ruleSet: { version: number } };
    difference: { same: boolean; added: { params: Record<string, unknown> }[]; removed: { params: Record<string, unknown> }[] };
  }>('POST', `/api/v1/decisions/${decision.body.decisionId}/replay`, { body: { version: 2 } });
  expect(replay.status).toBe(200);
  expect(replay.body.original.ruleSet.version).toBe(1);
  expect(replay.body.replay.ruleSet.version).toBe(2);
  expect(replay.body.difference.same).toBe(false);
  expect(replay.body.difference.removed).toEqual([expect.objectContaining({ params: expect.objectContaining({ decision: 'admit' }) })]);
  expect(replay.body.difference.added).toEqual([
    expect.objectContaining({ params: expect.objectContaining({ decision: 'reject', reasons: ['phone-team-too-small'] }) }),
  ]);
});

test('integration keys: restricted to named rule sets, and evaluate-only keys can only evaluate', async () => {
  const claimsOnly = await createIntegrationKey(app, 'claims-system', { ruleSetKeys: ['claim.trigger'], evaluateOnly: true });
  expect((await evaluate('claim.trigger', { dpd: 95, claimPointDays: 90 }, claimsOnly)).status).toBe(200);
  const batch = await app.request('POST', '/api/v1/rulesets/claim.trigger/evaluate/batch', { body: { items: [{ facts: { dpd: 1 } }] }, as: claimsOnly });
  expect(batch.status).toBe(200);
  const otherKey = await app.request<ErrorBody>('POST', '/api/v1/rulesets/vendor.admission/evaluate', { body: { facts: {} }, as: claimsOnly });
  expect(otherKey.status).toBe(403);
  expect(otherKey.body.error.code).toBe('rule_set_not_allowed');
  const read = await app.request<ErrorBody>('GET', '/api/v1/rulesets/claim.trigger', { as: claimsOnly });
  expect(read.status).toBe(403);
  expect(read.body.error.code).toBe('evaluate_only');
  expect((await app.request('GET', '/api/v1/rulesets', { as: claimsOnly })).status).toBe(403);
  expect((await app.request('GET', '/api/v1/decisions', { as: claimsOnly })).status).toBe(403);

  const reader = await createIntegrationKey(app, 'warning-reader', { ruleSetKeys: ['warning.obligor'] });
  const list = await app.request<{ items: { key: string }[] }>('GET', '/api/v1/rulesets', { as: reader });
  expect(list.status).toBe(200);
  expect(list.body.items.map((item) => item.key)).toEqual(['warning.obligor']);
  expect((await app.request('GET', '/api/v1/rulesets/warning.obligor', { as: reader })).status).toBe(200);
  expect((await app.request('GET', '/api/v1/rulesets/disposition', { as: reader })).status).toBe(403);
  // The integration role cannot author, whatever its restrictions.
  expect(
    (
      await app.request('POST', '/api/v1/rulesets/warning.obligor/versions', {
        body: { basedOnVersion: 1, ruleSet: standardContent('warning.obligor') },
        as: reader,
      })
    ).status,
  ).toBe(403);
  const decisions = await app.request<{ items: Decision[] }>('GET', '/api/v1/decisions', { as: reader });
  expect(decisions.status).toBe(200);
  expect(decisions.body.items.every((item) => item.ruleSet.key === 'warning.obligor')).toBe(true);
});

test('decision writes are buffered until the interval, the batch size or a flush', async () => {
  const store = new DecisionStore(app.connection, createLogger('silent'), { flushMs: 60_000, flushSize: 3 });
  const collection = app.connection.collection('decisions');
  const record = (id: string) => ({
    decisionId: id,
    ruleSet: { key: 'k', version: 1, hash: 'h' },
    caller: 'test',
    facts: {},
    events: [],
    eventTypes: [],
    at: new Date(),
    durationMs: 0,
  });
  store.add(record('buffered-1'));
  store.add(record('buffered-2'));
  // The positive marker instead of a wait: a decision added after these two, by a store that writes at
  // once (batch size 1), has landed; a write the two adds had started would have landed before it.
  const marker = new DecisionStore(app.connection, createLogger('silent'), { flushMs: 60_000, flushSize: 1 });
  marker.add(record('marker-1'));
  await waitUntil(async () => (await collection.countDocuments({ decisionId: 'marker-1' })) === 1, 10_000, 'the marker decision to be stored');
  expect(await collection.countDocuments({ decisionId: /^buffered-/ })).toBe(0);
  store.add(record('buffered-3'));
  await store.flush();
  expect(await collection.countDocuments({ decisionId: /^buffered-/ })).toBe(3);
  store.add(record('buffered-4'));
  await store.flush();
  expect(await collection.countDocuments({ decisionId: /^buffered-/ })).toBe(4);
});

test('facts and events are stored as JSON text under the decision id', async () => {
  const evaluated = await evaluate('claim.trigger', { dpd: 95, claimPointDays: 90, phone: '13800138000' });
  await app.platform.services.decisions.flush();
  const collection = app.connection.collection('decisions');
  const raw = await collection.findOne({ decisionId: evaluated.body.decisionId });
  expect(raw).toMatchObject({ factsJson: expect.any(String), eventsJson: expect.any(String), eventTypes: ['claim'] });
  expect(raw!.facts).toBeUndefined();
  // The decision id is the _id (the indexed lookup on every engine).
  expect(raw!._id).toBe(evaluated.body.decisionId);
  expect(JSON.parse(raw!.factsJson as string)).toEqual({ dpd: 95, claimPointDays: 90, phone: '***' });
  const read = await app.request<Decision>('GET', `/api/v1/decisions/${evaluated.body.decisionId}`);
  expect(read.body.facts).toEqual({ dpd: 95, claimPointDays: 90, phone: '***' });
});

test('a batch holding a decision that is already stored still stores the rest', async () => {
  const lines: string[] = [];
  const store = new DecisionStore(app.connection, createLogger('warn', { write: (line: string) => lines.push(line) }), { flushMs: 60_000, flushSize: 100 });
  const record = (id: string) => ({
    decisionId: id,
    ruleSet: { key: 'k', version: 1, hash: 'h' },
    caller: 'test',
    facts: {},
    events: [],
    eventTypes: [],
    at: new Date(),
    durationMs: 0,
  });
  store.add(record('twice'));
  await store.flush();
  store.add(record('twice'));
  store.add(record('after-twice'));
  await store.flush();
  const collection = app.connection.collection('decisions');
  expect(await collection.countDocuments({ decisionId: { $in: ['twice', 'after-twice'] } })).toBe(2);
  expect(lines).toEqual([]);
});

/** Holds the decision log's writes (they still go to the database once released) and records each batch's size. */
function holdWrites(): { sizes: number[]; release: () => void; restore: () => void } {
  const collection = app.connection.collection('decisions');
  const original = collection.insertMany.bind(collection);
  const sizes: number[] = [];
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const spy = jest.spyOn(collection, 'insertMany').mockImplementation((async (documents: unknown[], options: unknown) => {
    sizes.push(documents.length);
    await held;
    return original(documents as never, options as never);
  }) as never);
  return { sizes, release, restore: () => spy.mockRestore() };
}

const logRecord = (id: string) => ({
  decisionId: id,
  ruleSet: { key: 'k', version: 1, hash: 'h' },
  caller: 'test',
  facts: { n: 1 },
  events: [],
  eventTypes: [],
  at: new Date(),
  durationMs: 0,
});
const settled = async (promise: Promise<unknown>) => Promise.race([promise.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 100))]);

test('while a batch is being written, what arrives goes out together in the next one, up to twice the batch size', async () => {
  const hold = holdWrites();
  try {
    const store = new DecisionStore(app.connection, createLogger('silent'), { flushMs: 60_000, flushSize: 4 });
    for (let index = 0; index < 4; index++) store.add(logRecord(`coalesced-${index}`));
    for (let index = 4; index < 17; index++) store.add(logRecord(`coalesced-${index}`));
    const flushed = store.flush();
    expect(await settled(flushed)).toBe(false);
    hold.release();
    await flushed;
    expect(hold.sizes).toEqual([4, 8, 5]);
    expect(await app.connection.collection('decisions').countDocuments({ decisionId: /^coalesced-/ })).toBe(17);
  } finally {
    hold.restore();
  }
});

test('record() holds callers back while too many decisions wait to be stored, lets them go once stored, and refuses after a second', async () => {
  const hold = holdWrites();
  try {
    const store = new DecisionStore(app.connection, createLogger('silent'), { flushMs: 60_000, flushSize: 100, maxPending: 3, spool: 'off' });
    await store.record([logRecord('room-1'), logRecord('room-2')]);
    await store.record([logRecord('room-3')]);
    const waiting = store.record([logRecord('room-4')]);
    const flushed = store.flush();
    expect(await settled(waiting)).toBe(false);
    hold.release();
    await flushed;
    expect(await settled(waiting)).toBe(true);

    const held = holdWrites();
    try {
      await store.record([logRecord('room-5'), logRecord('room-6'), logRecord('room-7')]);
      void store.flush();
      const started = Date.now();
      await expect(store.record([logRecord('room-8')])).rejects.toMatchObject({ status: 503, code: 'decision_log_full', retryAfterSeconds: 5 });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      held.release();
      held.restore();
    }
  } finally {
    hold.restore();
  }
});

test('an evaluation waits while the decision log is too far behind, then is refused with 503 and Retry-After, on both paths', async () => {
  const slow = await startTestApp({ DECISION_LOG_MAX_PENDING: '2', DECISION_LOG_FLUSH_MS: '20', DECISION_SPOOL: 'off' });
  const collection = slow.connection.collection('decisions');
  const original = collection.insertMany.bind(collection);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const spy = jest.spyOn(collection, 'insertMany').mockImplementation((async (documents: unknown[], options: unknown) => {
    await held;
    return original(documents as never, options as never);
  }) as never);
  try {
    const evaluate = () => slow.request<{ decisionId: string }>('POST', '/api/v1/rulesets/claim.trigger/evaluate', { body: { facts: { dpd: 1 } } });
    expect((await evaluate()).status).toBe(200);
    expect((await evaluate()).status).toBe(200);
    const third = evaluate();
    const viaBatch = slow.request('POST', '/api/v1/rulesets/claim.trigger/evaluate/batch', { body: { items: [{ facts: { dpd: 2 } }] } });
    expect(await settled(third)).toBe(false);
    expect(await settled(viaBatch)).toBe(false);
    // Still full after the wait: refused, not hung.
    for (const refused of [await third, await viaBatch]) {
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(refused.body).toMatchObject({ error: { code: 'decision_log_full' } });
    }
    expect(slow.platform.fastPath.served).toBeGreaterThanOrEqual(3);
    const fourth = evaluate();
    expect(await settled(fourth)).toBe(false);
    release();
    expect((await fourth).status).toBe(200);
    await slow.platform.services.decisions.flush();
    expect(await collection.countDocuments()).toBe(3);
  } finally {
    release();
    spy.mockRestore();
    await slow.close();
  }
});

test('closing the app flushes the decision log', async () => {
  const second = await startTestApp();
  try {
    const evaluated = await second.request<{ decisionId: string }>('POST', '/api/v1/rulesets/disposition/evaluate', { body: { facts: { level: 'orange' } } });
    await second.platform.close();
    const stored = await second.connection.collection('decisions').findOne({ decisionId: evaluated.body.decisionId });
    expect(stored).not.toBeNull();
  } finally {
    await second.close();
  }
});
