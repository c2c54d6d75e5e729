import { useRef, useState } from 'react';
import { isAborted } from './client';

/**
 * The state of one server call a panel runs on demand: its last result, its error and whether
 * it is running. A failed call clears the previous result, so a stale answer is never shown
 * beside a new error; a call started while another runs supersedes it, and the older one's
 * answer (or error) is dropped when it arrives. A call its caller aborted ends with neither a
 * result nor an error.
 */
export function useServerCall<T>() {
  const [result, setResult] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const latest = useRef(0);

  /** Runs `call` (which may return undefined to do nothing); tells `settled` the outcome unless a newer call superseded it. */
  const run = async (call: () => Promise<T | undefined>, settled?: (error: unknown) => void): Promise<void> => {
    const mine = ++latest.current;
    setBusy(true);
    setError(undefined);
    try {
      const value = await call();
      if (mine !== latest.current || value === undefined) return;
      setResult(value);
      settled?.(undefined);
    } catch (caught) {
      if (mine !== latest.current) return;
      setResult(undefined);
      // Cancelled by its caller (a Cancel button): no result and nothing went wrong.
      if (isAborted(caught)) return;
      setError(caught);
      settled?.(caught);
    } finally {
      if (mine === latest.current) setBusy(false);
    }
  };

  return { result, error, busy, run };
}
