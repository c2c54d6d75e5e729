import type { KeyMetrics, SegmentRow } from '../api/report-endpoints';
import { Provisional } from './Completeness';
import { formatMetric, NO_VALUE, ratioChange, segmentKey } from './format';
import { DIMENSION_LABELS, KEY_METRICS, METRIC_NAMES, REPORT_TERMS } from './labels';

const ARROWS = { up: '▲', down: '▼' } as const;

/** One cell: this month's figure with its direction, and the month before's figure under it. */
function MetricCell({ name, row }: { name: keyof KeyMetrics; row: SegmentRow }) {
  const change = ratioChange(name, row.metrics, row.previous);
  return (
    <td data-metric={name}>
      <span data-testid="current">{formatMetric(name, row.metrics[name])}</span>
      {change && (
        <span
          className={`change change-${change}`}
          data-testid="change"
          title={change === 'up' ? '较上月上升 up on the month before' : '较上月下降 down on the month before'}
        >
          {' '}
          {ARROWS[change]}
        </span>
      )}
      <span className="previous" data-testid="previous" title={REPORT_TERMS.monthBefore}>
        {formatMetric(name, row.previous?.[name])}
      </span>
    </td>
  );
}

/** Key metrics per segment for the month, each with the month before (Art. 6): one row per segment as the report lists them. */
export function SegmentMetricsTable({ title, rows, complete }: { title: string; rows: SegmentRow[]; complete: boolean }) {
  // The report decides the dimensions (a branch's tier rows also carry the org unit); show whichever it sent.
  const dimensions = [...new Set(rows.flatMap((row) => Object.keys(row.segment)))];
  return (
    <section className="card">
      <h2>
        {title}
        <Provisional complete={complete} />
      </h2>
      {rows.length === 0 ? (
        <p className="muted">本月无数据 No figures for this month.</p>
      ) : (
        <div className="scroll">
          <table className="grid numbers report-metrics" aria-label={title}>
            <thead>
              <tr>
                {dimensions.map((dimension) => (
                  <th key={dimension}>{DIMENSION_LABELS[dimension] ?? dimension}</th>
                ))}
                {METRIC_NAMES.map((name) => (
                  <th key={name}>{KEY_METRICS[name].label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={segmentKey(row.segment)} data-segment={segmentKey(row.segment)}>
                  {dimensions.map((dimension) => (
                    <td key={dimension} className="dimension">
                      {row.segment[dimension] ?? NO_VALUE}
                    </td>
                  ))}
                  {METRIC_NAMES.map((name) => (
                    <MetricCell key={name} name={name} row={row} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
