import type { ReactNode } from 'react';
import { ErrorView } from './ErrorView';

/** "Loading" while a request runs; screen readers hear it (role=status). */
export function Loading({ when }: { when: boolean }) {
  if (!when) return null;
  return (
    <p className="muted loading" role="status" aria-live="polite">
      加载中 Loading…
    </p>
  );
}

interface StatusProps {
  busy?: boolean;
  error?: unknown;
  /** Offers to dismiss the error. */
  onDismiss?: () => void;
  notice?: ReactNode;
  /** A click on the notice dismisses it. */
  onDismissNotice?: () => void;
}

/**
 * The one place a page or panel says how its last request went: the error (dismissable when
 * onDismiss is given), a notice of what just succeeded, and "Loading" while a request runs.
 * Every page uses this rather than writing the three blocks out again.
 */
export function Status({ busy = false, error, onDismiss, notice, onDismissNotice }: StatusProps) {
  return (
    <>
      <ErrorView error={error} onDismiss={onDismiss} />
      {notice && (
        <p className="notice" role="status" onClick={onDismissNotice}>
          {notice}
        </p>
      )}
      <Loading when={busy} />
    </>
  );
}

/** What stands in for content that has not arrived: the error that stopped it, else "Loading". */
export function Pending({ error }: { error: unknown }) {
  return <Status error={error} busy={!error} />;
}
