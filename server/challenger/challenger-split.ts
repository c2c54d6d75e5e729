import { createHash } from 'node:crypto';

/** Shares are in basis points: 10,000 = every obligor in scope goes to the challenger. */
export const SHARE_SCALE = 10_000;

export type Arm = 'champion' | 'challenger';

/** A segment of the book a test may be limited to; a field left out matches any value. */
export interface Segment {
  customerTier?: string;
  channel?: string;
  product?: string;
}

/** What the split needs of a test: its id (the hash seed), the share, and the scope. */
export interface SplitTest {
  testId: string;
  shareBasisPoints: number;
  /** The org units whose obligors are in the test (the test's unit and those below it); undefined: the whole book (HQ). */
  units: ReadonlySet<string> | undefined;
  /** Empty: every segment. */
  segments: readonly Segment[];
}

export interface SplitSubject {
  obligorId: string;
  orgUnit: string;
  customerTier: string | null;
  channel: string | null;
  product: string | null;
}

/**
 * The obligor's bucket 0..9999 in a test: the first four bytes of SHA-256(testId|obligorId). Pure, so the
 * same obligor lands in the same arm every day, in every process and after restarts; seeded by the test so
 * two tests do not always pick the same obligors. (2^32 is not a multiple of 10,000: the bias is 10^-6.)
 */
export function bucketOf(testId: string, obligorId: string): number {
  return createHash('sha256').update(`${testId}|${obligorId}`).digest().readUInt32BE(0) % SHARE_SCALE;
}

export function inScope(test: SplitTest, subject: SplitSubject): boolean {
  if (test.units && !test.units.has(subject.orgUnit)) return false;
  if (test.segments.length === 0) return true;
  return test.segments.some(
    (segment) =>
      (segment.customerTier === undefined || segment.customerTier === subject.customerTier) &&
      (segment.channel === undefined || segment.channel === subject.channel) &&
      (segment.product === undefined || segment.product === subject.product),
  );
}

/** The arm that decides for the obligor, or null when the obligor is not in the test (the champion decides, unrecorded). */
export function armOf(test: SplitTest, subject: SplitSubject): Arm | null {
  if (!inScope(test, subject)) return null;
  return bucketOf(test.testId, subject.obligorId) < test.shareBasisPoints ? 'challenger' : 'champion';
}
