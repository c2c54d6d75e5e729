/** "Loading" for a list while its latest request runs; screen readers hear it (role=status). */
export function Loading({ when }: { when: boolean }) {
  if (!when) return null;
  return (
    <p className="muted loading" role="status" aria-live="polite">
      加载中 Loading…
    </p>
  );
}
