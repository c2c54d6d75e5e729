import { useEffect, useState } from 'react';
import { navigate } from '../router';

/**
 * The query string of the current URL, kept up to date on navigation. The router tracks only
 * the path; the list pages keep their filters here (so a reload, a link and back/forward keep
 * them) and start afresh when it changes.
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

export type Filters = Record<string, string>;

/** A list's filters from the query string: a name that is absent takes its default, a name that is present (even empty: "all") its value. */
export function readFilters<F extends Filters>(search: string, defaults: F): F {
  const query = new URLSearchParams(search);
  return Object.fromEntries(Object.entries(defaults).map(([name, value]) => [name, query.get(name) ?? value])) as F;
}

/** The query string for these filters: only the ones that differ from their defaults, so plain addresses stay plain. */
export function filtersSearch<F extends Filters>(filters: F, defaults: F): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value !== defaults[name]) query.set(name, value);
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** Applies filters by navigating to them: a history entry per change, so back returns to the filters before. */
export function applyFilters<F extends Filters>(filters: F, defaults: F): void {
  navigate(`${location.pathname}${filtersSearch(filters, defaults)}`);
}

/** The set filters as an API query (empty values left out). */
export function setFilters<F extends Filters>(filters: F): Partial<F> {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== '')) as Partial<F>;
}
