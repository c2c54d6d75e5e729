/** A small SVG line chart (no chart library, nothing from a CDN): one or more series over shared x labels. */
export interface Series {
  name: string;
  values: (number | null)[];
  color: string;
}

const WIDTH = 520;
const HEIGHT = 200;
const FONT_SIZE = 10;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };

/**
 * The width a label takes at FONT_SIZE, on the generous side: a digit is at most 0.66 em in the
 * usual sans fonts (DejaVu Sans, the widest), a CJK character 1.05 em. The padding is made from
 * it, so "58,301.91" is shown whole rather than cut at the chart's left edge.
 */
export function labelWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u2e80-\u9fff\uff00-\uffef]/.test(char) ? 1.05 : 0.66;
  return width * FONT_SIZE;
}

export function LineChart({ title, labels, series, format }: { title: string; labels: string[]; series: Series[]; format: (value: number) => string }) {
  const values = series.flatMap((item) => item.values.filter((value): value is number => value !== null && Number.isFinite(value)));
  const max = Math.max(...values, 0) || 1;
  const ticks = [0, 0.5, 1].map((fraction) => ({ fraction, text: format(max * fraction) }));
  const step = Math.max(1, Math.ceil(labels.length / 8));
  const shown = labels.filter((_, index) => index % step === 0);
  // Room for the longest value label on the left, and for half of the first and last x labels (centred on their points).
  const left = Math.ceil(Math.max(PAD.left, ...ticks.map((tick) => labelWidth(tick.text) + 8), labelWidth(shown[0] ?? '') / 2 + 2));
  const right = Math.ceil(Math.max(PAD.right, labelWidth(shown.at(-1) ?? '') / 2 + 2));
  const x = (index: number) => left + (labels.length <= 1 ? 0 : (index * (WIDTH - left - right)) / (labels.length - 1));
  const y = (value: number) => HEIGHT - PAD.bottom - (value / max) * (HEIGHT - PAD.top - PAD.bottom);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
        <line x1={left} y1={HEIGHT - PAD.bottom} x2={WIDTH - right} y2={HEIGHT - PAD.bottom} stroke="#9aa5b1" />
        <line x1={left} y1={PAD.top} x2={left} y2={HEIGHT - PAD.bottom} stroke="#9aa5b1" />
        {ticks.map((tick) => (
          <text key={tick.fraction} x={left - 4} y={y(max * tick.fraction) + 4} textAnchor="end" fontSize={FONT_SIZE} fill="#52606d">
            {tick.text}
          </text>
        ))}
        {labels.map((label, index) =>
          index % step === 0 ? (
            <text key={label} x={x(index)} y={HEIGHT - 8} textAnchor="middle" fontSize={FONT_SIZE} fill="#52606d">
              {label}
            </text>
          ) : null,
        )}
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
          <span key={item.name}>
            <span className="swatch" style={{ background: item.color }} /> {item.name}
          </span>
        ))}
      </div>
    </figure>
  );
}
