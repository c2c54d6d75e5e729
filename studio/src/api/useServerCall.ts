import { useState } from 'react';

/**
 * The state of one server call a panel runs on demand: its last result, its error and whether
 * it is running. A failed call clears the previous result, so a stale answer is never shown
 * beside a new error.
 */
export function useServerCall<T>() {
  const [result, setResult] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  /** Runs `call` (which may return undefined to do nothing); tells `settled` the outcome. */
  const run = async (call: () => Promise<T | undefined>, settled?: (error: unknown) => void): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const value = await call();
      if (value === undefined) return;
      setResult(value);
      settled?.(undefined);
    } catch (caught) {
      setResult(undefined);
      setError(caught);
      settled?.(caught);
    } finally {
      setBusy(false);
    }
  };

  return { result, error, busy, run };
}
