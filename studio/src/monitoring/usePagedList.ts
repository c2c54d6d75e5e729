import { useCallback, useEffect, useState } from 'react';

/** A page of a list the API pages by `before` (the work queues, the claim cases). */
export interface ListPage<T> {
  items: T[];
  nextBefore?: string | null;
}

/**
 * Loads the first page whenever `fetchPage` changes (wrap it in useCallback over the applied
 * filters) and appends older pages on `load(nextBefore)`; a failed first page clears the list.
 */
export function usePagedList<T>(fetchPage: (before?: string) => Promise<ListPage<T>>) {
  const [items, setItems] = useState<T[]>();
  const [nextBefore, setNextBefore] = useState<string>();
  const [error, setError] = useState<unknown>();

  const load = useCallback(async (before?: string) => {
    setError(undefined);
    try {
      const page = await fetchPage(before);
      setItems((current) => (before ? [...(current ?? []), ...page.items] : page.items));
      setNextBefore(page.nextBefore ?? undefined);
    } catch (caught) {
      setError(caught);
      if (!before) setItems(undefined);
    }
  }, [fetchPage]);
  useEffect(() => {
    void load();
  }, [load]);

  return { items, setItems, nextBefore, error, load };
}
