/**
 * Money is yuan with two decimals at the API edge and integer cents (fen) inside, so sums are
 * exact. Float64 holds integer cents exactly up to 2^53 (about 90 trillion yuan); one amount is at most 10 billion yuan.
 */
export function centsFromYuan(yuan: number): number | undefined {
  const cents = Math.round(yuan * 100);
  // Reject a third decimal instead of silently rounding it away.
  return Math.abs(cents - yuan * 100) < 1e-3 ? cents : undefined;
}

export function yuanFromCents(cents: number): number {
  return Math.round(cents) / 100;
}
