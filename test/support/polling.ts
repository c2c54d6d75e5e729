/**
 * The one home for waiting in tests. A test that asserts "nothing (more) happened" never sleeps
 * first: it drives the mechanism one explicit step (a dispatcher's deliverDue(), a job run) or
 * waits for a positive marker that proves the system got past the point, then asserts.
 */

/** Waits as long as asked, for a real elapsed-time reason (never to let "nothing happen"). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `probe` until it gives a truthy value, and returns that value; past `timeoutMs` it throws,
 * naming `what` it waited for. `pollMs` is how soon a change is noticed (a fault test that must
 * act the moment a state appears polls often).
 */
type Falsy = false | null | undefined | 0 | '';

export async function waitUntil<T>(probe: () => T | Falsy | Promise<T | Falsy>, timeoutMs: number, what: string, pollMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(pollMs);
  }
}

/**
 * Polls `probe` until `accept` holds and returns that value; past `timeoutMs` it returns the last
 * value instead of throwing, so the caller's own assertion on it says what was wrong.
 */
export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000, pollMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!accept(last) && Date.now() < deadline) {
    await sleep(pollMs);
    last = await probe();
  }
  return last;
}
