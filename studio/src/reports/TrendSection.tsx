import type { BusinessQualityReport } from '../api/report-endpoints';
import { LineChart } from '../components/LineChart';
import { markedMonths, Provisional } from './Completeness';
import { formatMetric } from './format';
import { KEY_METRICS, METRIC_NAMES, REPORT_TERMS } from './labels';

const percent = (value: number) => formatMetric('overdueRate', value);

/** The key metrics month by month up to the report's month, as a table and the two ratios the guideline watches most. */
export function TrendSection({ trend }: { trend: BusinessQualityReport['trend'] }) {
  const complete = new Map(trend.map((point) => [point.month, point.complete]));
  const { labels: months, note } = markedMonths(
    trend.map((point) => point.month),
    (month) => complete.get(month) ?? false,
  );
  return (
    <section className="card">
      <h2>{REPORT_TERMS.trend}</h2>
      <div className="scroll">
        <table className="grid numbers report-trend" aria-label="trend">
          <thead>
            <tr>
              <th>月份 Month</th>
              {METRIC_NAMES.map((name) => (
                <th key={name}>{KEY_METRICS[name].label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {trend.map((point) => (
              <tr key={point.month} data-month={point.month} data-complete={point.complete}>
                <td>
                  {point.month}
                  <Provisional complete={point.complete} />
                </td>
                {METRIC_NAMES.map((name) => (
                  <td key={name} data-metric={name}>
                    {formatMetric(name, point.metrics[name])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="charts">
        <LineChart
          title="逾期率 Overdue rate"
          labels={months}
          series={[{ name: 'overdueRate', values: trend.map((point) => point.metrics.overdueRate), color: '#1c5fb8' }]}
          format={percent}
        />
        <LineChart
          title="转化率 M0_1 and M0_2"
          labels={months}
          series={[
            { name: 'M0_1', values: trend.map((point) => point.metrics.m0_1), color: '#d64545' },
            { name: 'M0_2', values: trend.map((point) => point.metrics.m0_2), color: '#e8a33d' },
          ]}
          format={percent}
        />
      </div>
      {note && <p className="chart-note">{note}</p>}
    </section>
  );
}
