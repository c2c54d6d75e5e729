import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhookSignature } from '../../../server/webhooks/webhook-signature';

const SECRET = 'whsec_test-secret';
const BODY = '{"id":"e1","type":"alert.raised","orgUnit":"BR-SH","occurredAt":"2026-01-02T03:04:05.000Z","data":{"obligorId":"OB-1"}}';
const NOW = new Date('2026-01-02T03:04:05Z');
const TIMESTAMP = String(Math.floor(NOW.getTime() / 1000));

test('the signature is hex HMAC-SHA256 of timestamp, a dot and the body, prefixed v1=', () => {
  const expected = createHmac('sha256', SECRET).update(`${TIMESTAMP}.${BODY}`).digest('hex');
  expect(signWebhook(SECRET, TIMESTAMP, BODY)).toBe(`v1=${expected}`);
  // A known vector, so a change of scheme cannot pass unnoticed.
  expect(signWebhook('key', 1700000000, '{}')).toBe(`v1=${createHmac('sha256', 'key').update('1700000000.{}').digest('hex')}`);
});

test('a correctly signed request verifies, from a string or a Buffer body', () => {
  const signature = signWebhook(SECRET, TIMESTAMP, BODY);
  expect(verifyWebhookSignature({ secret: SECRET, body: BODY, timestamp: TIMESTAMP, signature, now: NOW })).toEqual({ ok: true });
  expect(verifyWebhookSignature({ secret: SECRET, body: Buffer.from(BODY), timestamp: TIMESTAMP, signature, now: NOW })).toEqual({ ok: true });
});

test('any one of several comma-separated signatures may match', () => {
  const signature = `v1=${'0'.repeat(64)}, ${signWebhook(SECRET, TIMESTAMP, BODY)}`;
  expect(verifyWebhookSignature({ secret: SECRET, body: BODY, timestamp: TIMESTAMP, signature, now: NOW }).ok).toBe(true);
});

test('a changed body, timestamp or secret fails', () => {
  const signature = signWebhook(SECRET, TIMESTAMP, BODY);
  expect(verifyWebhookSignature({ secret: SECRET, body: BODY.replace('OB-1', 'OB-2'), timestamp: TIMESTAMP, signature, now: NOW })).toEqual({
    ok: false,
    reason: 'signature-mismatch',
  });
  expect(verifyWebhookSignature({ secret: SECRET, body: BODY, timestamp: String(Number(TIMESTAMP) + 1), signature, now: NOW })).toEqual({
    ok: false,
    reason: 'signature-mismatch',
  });
  expect(verifyWebhookSignature({ secret: 'whsec_other', body: BODY, timestamp: TIMESTAMP, signature, now: NOW })).toEqual({
    ok: false,
    reason: 'signature-mismatch',
  });
  expect(verifyWebhookSignature({ secret: SECRET, body: BODY, timestamp: TIMESTAMP, signature: 'v1=abc', now: NOW })).toEqual({
    ok: false,
    reason: 'signature-mismatch',
  });
});

test('an old or future timestamp is refused outside the tolerance, accepted inside it', () => {
  const at = (offsetSeconds: number) => {
    const timestamp = String(Number(TIMESTAMP) + offsetSeconds);
    return verifyWebhookSignature({ secret: SECRET, body: BODY, timestamp, signature: signWebhook(SECRET, timestamp, BODY), now: NOW, toleranceSeconds: 300 });
  };
  expect(at(-300).ok).toBe(true);
  expect(at(299).ok).toBe(true);
  expect(at(-301)).toEqual({ ok: false, reason: 'timestamp-out-of-tolerance' });
  expect(at(301)).toEqual({ ok: false, reason: 'timestamp-out-of-tolerance' });
});

test('missing headers and a malformed timestamp are told apart', () => {
  expect(verifyWebhookSignature({ secret: SECRET, body: BODY, timestamp: undefined, signature: 'v1=x', now: NOW })).toEqual({
    ok: false,
    reason: 'missing-headers',
  });
  expect(verifyWebhookSignature({ secret: SECRET, body: BODY, timestamp: TIMESTAMP, signature: undefined, now: NOW })).toEqual({
    ok: false,
    reason: 'missing-headers',
  });
  expect(verifyWebhookSignature({ secret: SECRET, body: BODY, timestamp: '17e8', signature: 'v1=x', now: NOW })).toEqual({
    ok: false,
    reason: 'bad-timestamp',
  });
});
