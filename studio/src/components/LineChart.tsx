/** A small SVG line chart (no chart library, nothing from a CDN): one or more series over shared x labels. */
export interface Series {
  name: string;
  values: (number | null)[];
  color: string;
}

const WIDTH = 520;
const HEIGHT = 200;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };

export function LineChart({ title, labels, series, format }: { title: string; labels: string[]; series: Series[]; format: (value: number) => string }) {
  const values = series.flatMap((item) => item.values.filter((value): value is number => value !== null && Number.isFinite(value)));
  const max = Math.max(...values, 0) || 1;
  const x = (index: number) => PAD.left + (labels.length <= 1 ? 0 : (index * (WIDTH - PAD.left - PAD.right)) / (labels.length - 1));
  const y = (value: number) => HEIGHT - PAD.bottom - (value / max) * (HEIGHT - PAD.top - PAD.bottom);
  const step = Math.max(1, Math.ceil(labels.length / 8));
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
        <line x1={PAD.left} y1={HEIGHT - PAD.bottom} x2={WIDTH - PAD.right} y2={HEIGHT - PAD.bottom} stroke="#9aa5b1" />
        <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={HEIGHT - PAD.bottom} stroke="#9aa5b1" />
        {[0, 0.5, 1].map((fraction) => (
          <text key={fraction} x={PAD.left - 4} y={y(max * fraction) + 4} textAnchor="end" fontSize="10" fill="#52606d">{format(max * fraction)}</text>
        ))}
        {labels.map((label, index) => (index % step === 0 ? <text key={label} x={x(index)} y={HEIGHT - 8} textAnchor="middle" fontSize="10" fill="#52606d">{label}</text> : null))}
        {series.map((item) => {
          // Gaps (null: denominator zero) break the line rather than drawing a false zero.
          const segments: string[] = [];
          let current = '';
          item.values.forEach((value, index) => {
            if (value === null || !Number.isFinite(value)) {
              if (current) segments.push(current);
              current = '';
            } else current += `${current ? 'L' : 'M'}${x(index).toFixed(1)},${y(value).toFixed(1)}`;
          });
          if (current) segments.push(current);
          return segments.map((path, index) => <path key={`${item.name}-${index}`} d={path} fill="none" stroke={item.color} strokeWidth="2" />);
        })}
      </svg>
      <div className="legend">
        {series.map((item) => (
          <span key={item.name}><span className="swatch" style={{ background: item.color }} /> {item.name}</span>
        ))}
      </div>
    </figure>
  );
}
