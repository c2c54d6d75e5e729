import type { PlatformEvent, PlatformEventSink } from '../../../server/events/platform-events';
import { startTestApp, type TestApp } from '../../support/test-app';
import { activity, at, check, DAY, record, seedObligors } from './gate-helpers';

/**
 * The collection gate's golden cases, through HTTP on the real database: activities are
 * recorded first, then the gate decides on the facts it computed from them. A second app on the
 * same database plays a second process for the concurrent reservations.
 */
let app: TestApp;
let second: TestApp;
const logLines: string[] = [];
const events: PlatformEvent[] = [];
const sink: PlatformEventSink = { publish: async (event) => void events.push(event) };
const NUMBERS = ['+86 138-0000-1111', '13900002222', '137 0000 3333', '13600004444'];
const DIGITS = ['13800001111', '8613800001111', '13900002222', '13700003333', '13600004444'];

beforeAll(async () => {
  app = await startTestApp({ LOG_LEVEL: 'debug' }, { logLines, eventSink: sink });
  await seedObligors(app, ['O-Q', 'O-7', 'O-E', 'O-T2', 'O-T3', 'O-P', 'O-R', 'O-REC']);
  second = await startTestApp({ LOG_LEVEL: 'debug' }, { databaseName: app.databaseName, logLines, eventSink: sink });
});

afterAll(async () => {
  await second?.close();
  await app?.close();
});

test.each([
  ['07:59 given with +08:00', at('07:59'), 'block', '07:59'],
  ['07:59 given in UTC', `2026-11-19T23:59:00Z`, 'block', '07:59'],
  ['21:59 given with +08:00', at('21:59'), 'allow', '21:59'],
  ['21:59 given in UTC', `${DAY}T13:59:00Z`, 'allow', '21:59'],
  ['22:01 given with +08:00', at('22:01'), 'block', '22:01'],
  ['22:01 given in UTC', `${DAY}T14:01:00Z`, 'block', '22:01'],
])('a call at %s is decided in the debtor’s local time (Asia/Shanghai)', async (_name, time, outcome, local) => {
  const answer = await check(app, { obligorId: 'O-Q', at: time, phoneNumber: NUMBERS[0] });
  expect(answer.facts.localTime).toBe(local);
  expect(answer.outcome).toBe(outcome);
  if (outcome === 'block') expect(answer.reasons.map((reason) => reason.reason)).toEqual(['quiet-hours']);
});

test('the seventh unanswered attempt to one number, spread over two agencies, is blocked', async () => {
  const agency = (agencyId: string) => ({ type: 'agency', agencyId, agentId: `${agencyId}-agent` });
  // The same number written three ways: one number to the counters.
  const attempts = [0, 1, 2, 3, 4, 5].map((position) =>
    activity('O-7', {
      at: at(`0${position + 9 > 9 ? '' : ''}${position + 9}:00`.slice(-5)),
      phoneNumber: ['138-0000-1111', '+86 138 0000 1111'.slice(4), '13800001111'][position % 3],
      actor: agency(position % 2 === 0 ? 'AG-1' : 'AG-2'),
    }),
  );
  expect((await record(app, attempts.slice(0, 5))).recordedCount).toBe(5);
  const sixth = await check(app, { obligorId: 'O-7', at: at('15:00'), phoneNumber: '138 0000 1111', actor: agency('AG-1') });
  expect(sixth.facts.attemptsToNumberToday).toBe(5);
  expect(sixth.outcome).toBe('allow');
  expect((await record(app, attempts.slice(5))).recordedCount).toBe(1);
  const seventh = await check(app, { obligorId: 'O-7', at: at('15:30'), phoneNumber: '13800001111', actor: agency('AG-1') });
  expect(seventh.facts.attemptsToNumberToday).toBe(6);
  expect(seventh.outcome).toBe('block');
  expect(seventh.reasons.map((reason) => reason.reason)).toEqual(['attempts-per-number-cap']);
  // Another number of the same debtor is not capped by this one.
  expect((await check(app, { obligorId: 'O-7', at: at('15:30'), phoneNumber: NUMBERS[1] })).outcome).toBe('allow');
});

test('the fourth effective call of a day across the insurer and an agency is blocked', async () => {
  const effective = (time: string, actor: Record<string, unknown>) => activity('O-E', { at: at(time), outcome: 'effective', phoneNumber: NUMBERS[2], actor });
  await record(app, [effective('09:00', { type: 'internal' }), effective('10:00', { type: 'agency', agencyId: 'AG-1' })]);
  expect((await check(app, { obligorId: 'O-E', at: at('11:00'), phoneNumber: NUMBERS[3] })).outcome).toBe('allow');
  await record(app, [effective('11:00', { type: 'internal' })]);
  const fourth = await check(app, { obligorId: 'O-E', at: at('12:00'), phoneNumber: NUMBERS[3], actor: { type: 'agency', agencyId: 'AG-2' } });
  expect(fourth.facts.effectiveCallsToday).toBe(3);
  expect(fourth.outcome).toBe('block');
  expect(fourth.reasons.map((reason) => reason.reason)).toEqual(['effective-calls-cap']);
  // The next calendar day in Shanghai starts a new count (16:30 UTC is 00:30 on the 21st there).
  expect((await check(app, { obligorId: 'O-E', at: `${DAY}T16:30:00Z`, channel: 'sms' })).facts.effectiveCallsToday).toBe(0);
});

test.each([
  ['O-T2', 2, 'block'],
  ['O-T3', 3, 'allow'],
])('a third party after %s… failed attempts: %i failures → %s', async (obligorId, failures, outcome) => {
  // An answered call first: the failures counted are those after it.
  const answered = activity(obligorId, { at: at('08:30'), outcome: 'answered' });
  const failed = Array.from({ length: failures }, (_, position) => activity(obligorId, { at: at(`1${position}:00`) }));
  await record(app, [answered, ...failed]);
  const answer = await check(app, { obligorId, at: at('16:00'), target: { type: 'third-party', relation: 'emergency-contact' } });
  expect(answer.facts.consecutiveFailedAttempts).toBe(failures);
  expect(answer.outcome).toBe(outcome);
  if (outcome === 'allow') expect(answer.restrictions).toEqual(['message-only-no-debt-disclosure']);
  else expect(answer.reasons.map((reason) => reason.reason)).toEqual(['third-party-while-debtor-reachable']);
});

test('a personal payee account and cash are blocked (Art. 13(5), 13(6)), and the block goes out as collection.blocked without personal data', async () => {
  const personal = await check(app, { obligorId: 'O-P', at: at('10:00'), payeeAccountType: 'personal', phoneNumber: NUMBERS[3] });
  expect(personal.outcome).toBe('block');
  expect(personal.reasons).toEqual([expect.objectContaining({ reason: 'personal-account', basis: 'Art. 13(6)' })]);
  const cash = await check(app, { obligorId: 'O-P', at: at('10:05'), payeeAccountType: 'company', paymentMethod: 'cash' });
  expect(cash.outcome).toBe('block');
  expect(cash.reasons).toEqual([expect.objectContaining({ reason: 'cash-payment', basis: 'Art. 13(5)' })]);
  expect((await check(app, { obligorId: 'O-P', at: at('10:10'), payeeAccountType: 'company', paymentMethod: 'transfer' })).outcome).toBe('allow');
  const blocked = events.find((event) => event.id === `collection.blocked:${personal.decisionId}`);
  expect(blocked).toMatchObject({ type: 'collection.blocked', orgUnit: 'BR-SH', data: { obligorId: 'O-P', reasons: ['personal-account'], channel: 'call' } });
  expect(JSON.stringify(blocked)).not.toMatch(/0000|4444/);
});

test('two processes reserving the last allowed call at the same moment: exactly one is allowed', async () => {
  const number = NUMBERS[1];
  await record(
    app,
    [9, 10, 11, 12, 13].map((hour) => activity('O-R', { at: at(`${String(hour).padStart(2, '0')}:00`), phoneNumber: number })),
  );
  const ask = (target: TestApp, agencyId: string) =>
    check(target, { obligorId: 'O-R', at: at('15:00'), phoneNumber: number, reserve: true, actor: { type: 'agency', agencyId } });
  const answers = await Promise.all([ask(app, 'AG-1'), ask(second, 'AG-2')]);
  const allowed = answers.filter((answer) => answer.outcome === 'allow');
  expect(allowed).toHaveLength(1);
  expect(allowed[0]!.reservation).toBeDefined();
  expect(answers.find((answer) => answer.outcome === 'block')!.facts.attemptsToNumberToday).toBe(6);
  // Recording the call under its decision turns the hold into a counted attempt: still six, not seven.
  await record(app, [activity('O-R', { at: at('15:01'), phoneNumber: number, decisionId: allowed[0]!.decisionId })]);
  const after = await check(app, { obligorId: 'O-R', at: at('15:05'), phoneNumber: number });
  expect(after.facts.attemptsToNumberToday).toBe(6);
  expect(after.outcome).toBe('block');
});

test('a recording cannot be deleted or shortened before its retention date', async () => {
  const recorded = activity('O-REC', { at: at('10:00'), outcome: 'effective', recording: { reference: 'rec://2026/11/20/abc', retainUntil: '2028-11-20' } });
  expect((await record(app, [recorded])).recordedCount).toBe(1);
  const path = `/api/v1/collection/activities/${recorded.activityId as string}/recording`;
  const deleted = await app.request<{ error: { code: string } }>('PUT', path, { body: { recording: null } });
  expect(deleted.status).toBe(422);
  expect(deleted.body.error.code).toBe('recording_retention');
  const shortened = await app.request<{ error: { code: string } }>('PUT', path, {
    body: { recording: { reference: 'rec://2026/11/20/abc', retainUntil: '2028-11-19' } },
  });
  expect(shortened.status).toBe(400);
  const extended = await app.request<{ recording: { retainUntil: string } }>('PUT', path, {
    body: { recording: { reference: 'rec://2026/11/20/abc', retainUntil: '2030-01-01' } },
  });
  expect(extended.status).toBe(200);
  expect(extended.body.recording.retainUntil).toBe('2030-01-01');
  const backToTwoYears = await app.request<{ error: { code: string } }>('PUT', path, {
    body: { recording: { reference: 'rec://2026/11/20/abc', retainUntil: '2029-01-01' } },
  });
  expect(backToTwoYears.status).toBe(422);
  expect(backToTwoYears.body.error.code).toBe('recording_retention');
  // Recorded with less than two years, the row is refused.
  const tooShort = await record(app, [activity('O-REC', { recording: { reference: 'rec://x', retainUntil: '2027-11-20' } })]);
  expect(tooShort.rejected[0]!.problems[0]!.path).toBe('/recording/retainUntil');
});

test('no phone number in any log line, in the decision log or in the stored activities', async () => {
  // The request log of every call above is captured (both apps).
  expect(logLines.filter((line) => line.includes('"route":"/collection/check"')).length).toBeGreaterThan(15);
  for (const line of logLines) for (const digits of DIGITS) expect(line.replace(/\D/g, '')).not.toContain(digits);
  const database = app.connection.db!;
  for (const name of ['decisions', 'collection_activities', 'collection_counters', 'platform_event_outbox', 'audit_entries']) {
    const documents = await database.collection(name).find({}).toArray();
    const text = JSON.stringify(documents).replace(/\D/g, '');
    for (const digits of DIGITS) expect(text).not.toContain(digits);
  }
  const stored = await database.collection('collection_activities').findOne({ obligorId: 'O-7' });
  expect(stored).toMatchObject({ number: { lastFour: '1111' } });
});
