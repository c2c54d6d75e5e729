import { startTestApp, type TestApp } from '../../support/test-app';
import type { ErrorBody } from '../authority/helpers';
import { activity, at, check, record, seedObligors, type BatchAnswer } from './gate-helpers';

/**
 * Bad input to the collection log and the gate: each refused with its field named, the rest of a
 * batch still recorded; resends harmless; counters right whatever order activities arrive in.
 */
let app: TestApp;
let beijing: string;

beforeAll(async () => {
  app = await startTestApp();
  await seedObligors(app, ['O-1', 'O-ORDER-A', 'O-ORDER-B', 'O-ORDER-C'], ['O-BJ']);
  beijing = await app.createUserAndLogin('bj-collector', ['branch-operator'], 'BR-BJ');
});

afterAll(async () => {
  await app?.close();
});

test('an unknown obligor is a row error; the other rows are recorded', async () => {
  const answer = await record(app, [activity('O-1'), activity('NOBODY')]);
  expect(answer).toMatchObject({ recordedCount: 1, rejectedCount: 1 });
  expect(answer.rejected[0]).toMatchObject({ index: 1, code: 'unknown_obligor', problems: [{ path: '/obligorId' }] });
});

test('a time in the future (beyond the clock skew) and a time without an offset are row errors naming /at', async () => {
  const future = new Date(Date.now() + 60 * 60_000).toISOString();
  const answer = await record(app, [
    activity('O-1', { at: future }),
    activity('O-1', { at: '2026-11-20T10:00:00' }),
    activity('O-1', { at: '2026-11-20 10:00' }),
  ]);
  expect(answer.recordedCount).toBe(0);
  expect(answer.rejected.map((row) => [row.index, row.problems[0]!.path])).toEqual([
    [0, '/at'],
    [1, '/at'],
    [2, '/at'],
  ]);
  expect(answer.rejected[0]!.problems[0]!.message).toMatch(/future/);
  expect(answer.rejected[1]!.problems[0]!.message).toMatch(/offset/);
});

test('the gate refuses a time without an offset with 400 naming the field', async () => {
  const answer = await app.request<ErrorBody>('POST', '/api/v1/collection/check', {
    body: { obligorId: 'O-1', channel: 'call', at: '2026-11-20T10:00:00', target: { type: 'obligor' }, actor: { type: 'internal' } },
  });
  expect(answer.status).toBe(400);
  expect(answer.body.error.details[0]!.path).toBe('/body/at');
});

test('the same activity id again: the same body changes nothing, another body is refused', async () => {
  const first = activity('O-1', { at: at('11:00'), outcome: 'effective' });
  expect((await record(app, [first])).recordedCount).toBe(1);
  const again = await record(app, [first]);
  expect(again).toMatchObject({ recordedCount: 0, unchangedCount: 1, rejectedCount: 0 });
  const changed = await record(app, [{ ...first, outcome: 'refused' }]);
  expect(changed.rejected[0]).toMatchObject({ code: 'duplicate_activity', activityId: first.activityId });
  // Counted once: one effective call, whatever was resent.
  expect((await check(app, { obligorId: 'O-1', at: at('12:00') })).facts.effectiveCallsToday).toBe(1);
});

test('out-of-order arrival: the counters are right whatever the order', async () => {
  // Failed at 09:00 and 10:00, reached at 11:00 (effective), failed at 12:00 and 13:00, effective at 09:30 the day before.
  const story = (obligorId: string, phoneNumber: string) => [
    activity(obligorId, { at: at('09:00'), phoneNumber }),
    activity(obligorId, { at: at('10:00'), phoneNumber }),
    activity(obligorId, { at: at('11:00'), phoneNumber, outcome: 'effective' }),
    activity(obligorId, { at: at('12:00'), phoneNumber }),
    activity(obligorId, { at: at('13:00'), phoneNumber }),
    activity(obligorId, { at: '2026-11-19T09:30:00+08:00', phoneNumber, outcome: 'effective' }),
  ];
  // A number of each debtor's own: the per-number counter is the number's, whoever it belongs to.
  const orders: [string, string, number[]][] = [
    ['O-ORDER-A', '13511110001', [0, 1, 2, 3, 4, 5]],
    ['O-ORDER-B', '13511110002', [5, 4, 3, 2, 1, 0]],
    ['O-ORDER-C', '13511110003', [3, 2, 5, 0, 4, 1]],
  ];
  for (const [obligorId, phoneNumber, order] of orders) {
    const activities = story(obligorId, phoneNumber);
    // One request each, so every arrival is its own write.
    for (const position of order) expect(((await record(app, [activities[position]!])) as BatchAnswer).recordedCount).toBe(1);
    const facts = (await check(app, { obligorId, at: at('14:00'), phoneNumber })).facts;
    expect({ obligorId, ...facts }).toMatchObject({
      obligorId,
      attemptsToNumberToday: 5,
      effectiveCallsToday: 1,
      consecutiveFailedAttempts: 2,
      debtorReachable: false,
    });
  }
});

test('a gate call for an obligor outside the caller’s scope is 404, as for an unknown obligor', async () => {
  const outside = await app.request<ErrorBody>('POST', '/api/v1/collection/check', {
    as: beijing,
    body: { obligorId: 'O-1', channel: 'call', target: { type: 'obligor' }, actor: { type: 'internal' } },
  });
  expect(outside.status).toBe(404);
  const unknown = await app.request<ErrorBody>('POST', '/api/v1/collection/check', {
    as: beijing,
    body: { obligorId: 'NOBODY', channel: 'call', target: { type: 'obligor' }, actor: { type: 'internal' } },
  });
  expect(unknown.status).toBe(404);
  expect(outside.body.error.code).toBe(unknown.body.error.code);
  // The branch's own obligor is checked, and its activities outside the branch are row errors like unknown obligors.
  expect((await check(app, { obligorId: 'O-BJ', at: at('10:00') }, beijing)).outcome).toBe('allow');
  const rows = await record(app, [activity('O-1'), activity('O-BJ')], beijing);
  expect(rows).toMatchObject({ recordedCount: 1, rejectedCount: 1, rejected: [{ index: 0, code: 'unknown_obligor' }] });
});

test('NDJSON: one activity a line, a bad line reported by its number', async () => {
  const lines = [JSON.stringify(activity('O-1', { at: at('15:00') })), 'not json', JSON.stringify(activity('O-1', { at: at('15:05'), channel: 'fax' }))].join(
    '\n',
  );
  const answer = await app.request<BatchAnswer>('POST', '/api/v1/collection/activities', {
    rawBody: lines,
    headers: { 'content-type': 'application/x-ndjson' },
  });
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ recordedCount: 1, rejectedCount: 2 });
  expect(answer.body.rejected.map((row) => [row.index, row.problems[0]!.path])).toEqual([
    [2, '/'],
    [3, '/channel'],
  ]);
});
