import { useEffect, useState } from 'react';

/** A few paths are all the studio needs; the server's SPA fallback serves index.html for each. */
export function navigate(path: string): void {
  if (path === location.pathname + location.search) return;
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return path;
}

/** Follows a plain left click inside the studio; a modified or middle click keeps the browser's own behaviour (new tab, window). */
function followInApp(event: React.MouseEvent<HTMLAnchorElement>, to: string): void {
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(to);
}

export function Link({ to, children, className }: { to: string; children: React.ReactNode; className?: string }) {
  return (
    <a href={to} className={className} onClick={(event) => followInApp(event, to)}>
      {children}
    </a>
  );
}

/**
 * A navigation entry that says when it is the current page: aria-current="page" (for screen
 * readers) and the `current` class (for everyone else). `also` lists other path prefixes that
 * belong to the same entry (a rule set's own page belongs to "Rule sets").
 */
export function NavLink({ to, path, also = [], children }: { to: string; path: string; also?: string[]; children: React.ReactNode }) {
  const target = to.split('?')[0]!;
  const current = (target === '/' ? path === '/' : path === target || path.startsWith(`${target}/`)) || also.some((prefix) => path.startsWith(prefix));
  return (
    <a href={to} aria-current={current ? 'page' : undefined} className={current ? 'current' : undefined} onClick={(event) => followInApp(event, to)}>
      {children}
    </a>
  );
}

/** Sets the document title for the page on show: "<page> · 策略工作台". */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · 策略工作台`;
  }, [title]);
}
