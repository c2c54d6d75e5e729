import type { ReactNode } from 'react';

export interface Count {
  /** Where the figure sits in the report (e.g. `alerts.raised.red`), so a reader or a test can find it. */
  path: string;
  label: ReactNode;
  value: number;
}

/** A group of the report's counts, each labelled, as a definition list. */
export function Counts({ title, counts }: { title: string; counts: Count[] }) {
  return (
    <div className="count-group">
      <h3>{title}</h3>
      <dl className="counts" aria-label={title}>
        {counts.map((count) => (
          <div key={count.path}>
            <dt>{count.label}</dt>
            <dd data-count={count.path}>{count.value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
