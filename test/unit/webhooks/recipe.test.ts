import fs from 'node:fs';
import path from 'node:path';
import { signWebhook } from '../../../server/webhooks/webhook-signature';

/** The receiver recipe in docs/webhooks.md, run as written against the server's signatures. */
type Verify = (rawBody: string | Buffer, headers: Record<string, string | undefined>, secret: string, toleranceSeconds?: number, nowMs?: number) => boolean;

function loadRecipe(): Verify {
  const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/webhooks.md'), 'utf8');
  const match = /<!-- receiver-recipe[^>]*-->\s*```js\n([\s\S]*?)```/.exec(doc);
  if (!match) throw new Error('docs/webhooks.md has no receiver-recipe block');
  return new Function('require', `${match[1]}\nreturn verifyWebhook;`)(require) as Verify;
}

const verify = loadRecipe();
const SECRET = 'whsec_recipe-test';
const BODY = '{"id":"task.overdue:T-1","type":"task.overdue","orgUnit":"BR-SH","occurredAt":"2026-05-01T00:00:00.000Z","data":{"taskId":"T-1","note":"逾期"}}';
const NOW = Date.parse('2026-05-01T00:00:30Z');
const timestamp = String(Math.floor(NOW / 1000) - 30);
const headers = (signature: string, at = timestamp) => ({ 'x-webhook-timestamp': at, 'x-webhook-signature': signature });

test('the documented recipe accepts what the server signs, as a string or as raw bytes', () => {
  const signature = signWebhook(SECRET, timestamp, BODY);
  expect(verify(BODY, headers(signature), SECRET, 300, NOW)).toBe(true);
  expect(verify(Buffer.from(BODY, 'utf8'), headers(signature), SECRET, 300, NOW)).toBe(true);
  expect(verify(BODY, headers(`v1=${'a'.repeat(64)},${signature}`), SECRET, 300, NOW)).toBe(true);
});

test('the documented recipe refuses tampering, other secrets, stale timestamps and missing headers', () => {
  const signature = signWebhook(SECRET, timestamp, BODY);
  expect(verify(BODY.replace('T-1', 'T-2'), headers(signature), SECRET, 300, NOW)).toBe(false);
  expect(verify(BODY, headers(signature), 'whsec_other', 300, NOW)).toBe(false);
  expect(verify(BODY, headers(signature), SECRET, 300, NOW + 400_000)).toBe(false);
  const old = String(Number(timestamp) - 600);
  expect(verify(BODY, headers(signWebhook(SECRET, old, BODY), old), SECRET, 300, NOW)).toBe(false);
  expect(verify(BODY, { 'x-webhook-signature': signature }, SECRET, 300, NOW)).toBe(false);
  expect(verify(BODY, { 'x-webhook-timestamp': timestamp }, SECRET, 300, NOW)).toBe(false);
});
