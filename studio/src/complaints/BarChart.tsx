/**
 * A horizontal bar chart of counts: one row per entry (label, a bar scaled to the largest, the count), the figure named
 * for screen readers; each bar carries its value (data-value) so tests and assistive tools read the number, not pixels.
 */
export function BarChart({
  label,
  caption,
  entries,
  labels = {},
}: {
  label: string;
  caption: string;
  entries: [string, number][];
  labels?: Record<string, string>;
}) {
  const max = Math.max(1, ...entries.map(([, value]) => value));
  return (
    <figure className="bar-chart" aria-label={label}>
      <figcaption>{caption}</figcaption>
      {entries.length === 0 && <p className="muted">—</p>}
      {entries.map(([key, value]) => (
        <div className="bar-row" key={key} data-testid={`bar-${key}`} data-value={value}>
          <span>{labels[key] ?? key}</span>
          <span className="bar-track" aria-hidden="true">
            <span className="bar-fill" style={{ display: 'block', width: `${(value / max) * 100}%` }} />
          </span>
          <span>{value}</span>
        </div>
      ))}
    </figure>
  );
}

/** Entries largest first (ties by key), for a chart. */
export const byCount = (counts: Record<string, number>): [string, number][] => Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
