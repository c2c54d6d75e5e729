import { useCallback, useEffect, useRef, useState } from 'react';
import { isAborted } from '../api/client';

/** A page of a list the API pages by `before` (the work queues, the claim cases, audit, job runs, deliveries). */
export interface ListPage<T> {
  items: T[];
  nextBefore?: string | null;
}

/**
 * Loads the first page whenever `fetchPage` changes (wrap it in useCallback over the applied
 * filters) and appends older pages on `load(nextBefore)`; a failed first page clears the list.
 *
 * Only the latest request may paint: each load cancels the one before it (its AbortSignal, for
 * fetchers that pass it to the API) and an answer to a superseded request is dropped even when
 * it arrives, so a slow answer to an older filter never shows its rows under the newer filter.
 * `loading` is true while the latest request runs.
 */
export function usePagedList<T>(fetchPage: (before: string | undefined, signal: AbortSignal) => Promise<ListPage<T>>) {
  const [items, setItems] = useState<T[]>();
  const [nextBefore, setNextBefore] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);
  const latest = useRef<AbortController>(undefined);

  const load = useCallback(
    async (before?: string) => {
      latest.current?.abort();
      const mine = new AbortController();
      latest.current = mine;
      setError(undefined);
      setLoading(true);
      try {
        const page = await fetchPage(before, mine.signal);
        if (latest.current !== mine) return;
        setItems((current) => (before ? [...(current ?? []), ...page.items] : page.items));
        setNextBefore(page.nextBefore ?? undefined);
      } catch (caught) {
        if (latest.current !== mine || isAborted(caught)) return;
        setError(caught);
        if (!before) setItems(undefined);
      } finally {
        if (latest.current === mine) setLoading(false);
      }
    },
    [fetchPage],
  );

  useEffect(() => {
    void load();
  }, [load]);
  // Leaving the page cancels what is still on its way.
  useEffect(() => () => latest.current?.abort(), []);

  return { items, setItems, nextBefore, error, loading, load };
}
