import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Deliveries are signed over `timestamp + "." + body`, so a captured request cannot be replayed
 * later with a fresh timestamp, nor its body changed. The header carries a version prefix so
 * the scheme can change without breaking receivers that check `v1`.
 */
export const SIGNATURE_VERSION = 'v1';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export const WEBHOOK_HEADERS = {
  id: 'x-webhook-id',
  event: 'x-webhook-event',
  timestamp: 'x-webhook-timestamp',
  signature: 'x-webhook-signature',
  attempt: 'x-webhook-attempt',
} as const;

export function signWebhook(secret: string, timestamp: number | string, body: string): string {
  const digest = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `${SIGNATURE_VERSION}=${digest}`;
}

export interface VerificationInput {
  secret: string;
  /** The raw request body exactly as received (not re-serialised JSON). */
  body: string | Buffer;
  /** The X-Webhook-Timestamp header: Unix seconds. */
  timestamp: string | undefined;
  /** The X-Webhook-Signature header: one or more `v1=<hex>`, comma-separated. */
  signature: string | undefined;
  toleranceSeconds?: number;
  now?: Date;
}

export type VerificationResult =
  { ok: true } | { ok: false; reason: 'missing-headers' | 'bad-timestamp' | 'timestamp-out-of-tolerance' | 'signature-mismatch' };

/** What a receiver runs on each request (docs/webhooks.md has the same recipe without this module). */
export function verifyWebhookSignature(input: VerificationInput): VerificationResult {
  if (!input.timestamp || !input.signature) return { ok: false, reason: 'missing-headers' };
  if (!/^\d{1,12}$/.test(input.timestamp)) return { ok: false, reason: 'bad-timestamp' };
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - Number(input.timestamp)) > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
    return { ok: false, reason: 'timestamp-out-of-tolerance' };
  }
  const body = typeof input.body === 'string' ? input.body : input.body.toString('utf8');
  const expected = Buffer.from(signWebhook(input.secret, input.timestamp, body));
  const matches = input.signature
    .split(',')
    .map((part) => Buffer.from(part.trim()))
    .some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected));
  return matches ? { ok: true } : { ok: false, reason: 'signature-mismatch' };
}
