import { labelWidth } from '../../components/LineChart';

/** One bar: its label and value. */
export interface Bar {
  label: string;
  value: number;
}

const WIDTH = 520;
const ROW = 22;
const FONT_SIZE = 10;

/**
 * A small horizontal SVG bar chart (no chart library, nothing from a CDN), beside LineChart:
 * one bar per row, largest first as given, the value at the bar's end.
 */
export function BarChart({ title, bars, color = '#1c5fb8' }: { title: string; bars: Bar[]; color?: string }) {
  const max = Math.max(...bars.map((bar) => bar.value), 0) || 1;
  const left = Math.ceil(Math.min(WIDTH / 2, Math.max(40, ...bars.map((bar) => labelWidth(bar.label) + 8))));
  const room = WIDTH - left - 40;
  const height = Math.max(1, bars.length) * ROW + 8;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={title}>
        {bars.map((bar, index) => {
          const y = 4 + index * ROW;
          const width = Math.max(1, (bar.value / max) * room);
          return (
            <g key={bar.label}>
              <text x={left - 4} y={y + ROW / 2 + 3} textAnchor="end" fontSize={FONT_SIZE} fill="#52606d">
                {bar.label}
              </text>
              <rect x={left} y={y + 3} width={width} height={ROW - 8} fill={color} />
              <text x={left + width + 4} y={y + ROW / 2 + 3} fontSize={FONT_SIZE} fill="#1f2933">
                {bar.value}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
