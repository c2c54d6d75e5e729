/**
 * Retry timing: exponential backoff with "equal jitter" (half the delay fixed, half random),
 * so retries spread out when many deliveries failed at once, yet each wait still grows.
 */
export interface RetryPolicy {
  /** The delay before the second attempt, before jitter. */
  baseDelayMs: number;
  /** No wait is longer than this. */
  maxDelayMs: number;
  /** Attempts per delivery (and per replay) before it is marked failed. */
  maxAttempts: number;
}

/** The wait after failed attempt number `attempt` (1-based): between half and all of min(max, base * 2^(attempt-1)). */
export function retryDelayMs(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export type AfterFailure = { retry: true; delayMs: number } | { retry: false };

/** After failed attempt `attemptInRound` (counting from the delivery's creation or its latest replay). */
export function afterFailure(attemptInRound: number, policy: RetryPolicy, random?: () => number): AfterFailure {
  if (attemptInRound >= policy.maxAttempts) return { retry: false };
  return { retry: true, delayMs: retryDelayMs(attemptInRound, policy, random) };
}
