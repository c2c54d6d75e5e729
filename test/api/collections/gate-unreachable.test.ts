import { startTestApp, type TestApp } from '../../support/test-app';
import { activity, at, check, record, seedObligors } from './gate-helpers';

/**
 * Issue 18: third parties only after the configured number of consecutive failed attempts OR when
 * the debtor is unreachable. "Unreachable" is what the contact profile records (numbers out of
 * service, moved without trace), until a contact reaches the debtor after it (by activity time).
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  await seedObligors(app, ['O-U', 'O-U2']);
}, 120_000);
afterAll(() => app?.close());

const thirdParty = (obligorId: string, time: string) => check(app, { obligorId, at: at(time), target: { type: 'third-party', relation: 'emergency-contact' } });
const profilePath = (obligorId: string) => `/api/v1/collection/obligors/${obligorId}/contact-profile`;
const unreachable = (since: string) => ({ since, reason: 'numbers-out-of-service', evidence: 'all three numbers: carrier says out of service' });

test('a third party is allowed (message only) once the profile marks the debtor unreachable, and blocked again after an answered call recorded later', async () => {
  await record(app, [activity('O-U', { at: at('09:00') })]);
  const before = await thirdParty('O-U', '10:00');
  expect(before.facts).toMatchObject({ consecutiveFailedAttempts: 1, debtorUnreachable: false });
  expect(before.outcome).toBe('block');
  expect(before.reasons.map((reason) => reason.reason)).toEqual(['third-party-while-debtor-reachable']);

  const marked = await app.request<{ unreachable?: Record<string, unknown> }>('PUT', profilePath('O-U'), {
    body: { unreachable: unreachable(at('09:30')), reason: 'numbers checked with the carrier' },
  });
  expect(marked.status).toBe(200);
  expect(marked.body.unreachable).toEqual(unreachable('2026-11-20T01:30:00.000Z'));
  const audit = await app.request<{ items: { action: string; after?: { unreachable?: unknown } }[] }>(
    'GET',
    '/api/v1/audit?entityKind=contact-profile&entityId=O-U',
  );
  expect(audit.body.items[0]).toMatchObject({ action: 'contact-profile.set', after: { unreachable: { reason: 'numbers-out-of-service' } } });

  const allowed = await thirdParty('O-U', '10:30');
  expect(allowed.facts).toMatchObject({ consecutiveFailedAttempts: 1, debtorUnreachable: true, debtorReachable: false });
  expect(allowed.outcome).toBe('allow');
  expect(allowed.restrictions).toEqual(['message-only-no-debt-disclosure']);
  // The other rules still apply: not in the quiet hours.
  expect((await thirdParty('O-U', '22:30')).reasons.map((reason) => reason.reason)).toEqual(['quiet-hours']);

  // An answered call at 11:00, recorded later: the debtor is reached after `since`, so no longer unreachable.
  await record(app, [activity('O-U', { at: at('11:00'), outcome: 'answered' })]);
  const after = await thirdParty('O-U', '12:00');
  expect(after.facts).toMatchObject({ debtorUnreachable: false, debtorReachable: true });
  expect(after.outcome).toBe('block');
  expect(after.reasons.map((reason) => reason.reason)).toEqual(['third-party-while-debtor-reachable']);
  const profile = await app.request<{ unreachable?: unknown }>('GET', profilePath('O-U'));
  expect(profile.status).toBe(200);
  expect(profile.body.unreachable).toBeUndefined();
});

test('a success before `since` arriving late does not clear the mark (activity time, not arrival), and PUT with null clears it', async () => {
  await record(app, [activity('O-U2', { at: at('09:00') })]);
  expect((await app.request('PUT', profilePath('O-U2'), { body: { unreachable: unreachable(at('09:30')) } })).status).toBe(200);
  // A dialer's backlog: an answered call at 08:00, before the mark, arrives now.
  await record(app, [activity('O-U2', { at: at('08:00'), outcome: 'answered' })]);
  const still = await thirdParty('O-U2', '10:00');
  expect(still.facts.debtorUnreachable).toBe(true);
  expect(still.outcome).toBe('allow');
  expect(((await app.request<{ unreachable?: unknown }>('GET', profilePath('O-U2'))).body.unreachable as { reason: string }).reason).toBe(
    'numbers-out-of-service',
  );

  const cleared = await app.request<{ unreachable?: unknown }>('PUT', profilePath('O-U2'), { body: { unreachable: null } });
  expect(cleared.status).toBe(200);
  expect(cleared.body.unreachable).toBeUndefined();
  expect((await thirdParty('O-U2', '10:30')).outcome).toBe('block');
});

test('a bad unreachable record is refused with the field named', async () => {
  const badReason = await app.request<{ error: { details: { path: string }[] } }>('PUT', profilePath('O-U'), {
    body: { unreachable: { since: at('09:30'), reason: 'gone-fishing' } },
  });
  expect(badReason.status).toBe(400);
  expect(badReason.body.error.details.map((detail) => detail.path)).toContain('/body/unreachable/reason');
  const noOffset = await app.request<{ error: { details: { path: string }[] } }>('PUT', profilePath('O-U'), {
    body: { unreachable: { since: '2026-11-20T09:30:00', reason: 'other' } },
  });
  expect(noOffset.status).toBe(400);
  expect(noOffset.body.error.details.map((detail) => detail.path)).toContain('/body/unreachable/since');
});
