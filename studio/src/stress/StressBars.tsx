/**
 * A horizontal bar chart of signed amounts (cash flows go below zero): one row per entry, bars to the right of the middle
 * for positive values and to the left for negative ones, scaled to the largest magnitude. Each row carries its value
 * (data-value) so tests and assistive tools read the number, not pixels.
 */
export function StressBars({
  label,
  caption,
  entries,
  format,
}: {
  label: string;
  caption: string;
  entries: { key: string; name: string; value: number }[];
  format: (value: number) => string;
}) {
  const max = Math.max(1, ...entries.map((entry) => Math.abs(entry.value)));
  return (
    <figure className="bar-chart stress-bars" aria-label={label}>
      <figcaption>{caption}</figcaption>
      {entries.map((entry) => {
        const width = `${(Math.abs(entry.value) / max) * 50}%`;
        const negative = entry.value < 0;
        return (
          <div className="bar-row" key={entry.key} data-testid={`bar-${entry.key}`} data-value={entry.value}>
            <span>{entry.name}</span>
            <span className="bar-track" aria-hidden="true" style={{ position: 'relative', display: 'block', height: 12 }}>
              <span
                className="bar-fill"
                style={{
                  position: 'absolute',
                  top: 0,
                  bottom: 0,
                  width,
                  ...(negative ? { right: '50%', background: '#c92a2a' } : { left: '50%' }),
                }}
              />
            </span>
            <span>{format(entry.value)}</span>
          </div>
        );
      })}
    </figure>
  );
}
