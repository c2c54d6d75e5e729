import { useEffect, useState } from 'react';

/**
 * The query string of the current URL, kept up to date on navigation. The router tracks only
 * the path; the queue pages read their initial filters (e.g. ?obligorId=&open=) from here and
 * start afresh when it changes.
 */
export function useSearch(): string {
  const [search, setSearch] = useState(location.search);
  useEffect(() => {
    const update = () => setSearch(location.search);
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return search;
}

export function searchParam(search: string, name: string): string {
  return new URLSearchParams(search).get(name) ?? '';
}
