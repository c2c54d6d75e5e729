import type { KeyMetrics } from '../api/report-endpoints';
import { Provisional } from './Completeness';
import { formatMetric } from './format';
import { KEY_METRICS, METRIC_NAMES, REPORT_TERMS } from './labels';

/** The whole book's key metrics for the month (the report carries them for HQ only). */
export function WholeBook({ total, complete }: { total: KeyMetrics; complete: boolean }) {
  return (
    <section className="card">
      <h2>
        {REPORT_TERMS.wholeBook}
        <Provisional complete={complete} />
      </h2>
      <dl className="metric-cards" aria-label={REPORT_TERMS.wholeBook}>
        {METRIC_NAMES.map((name) => (
          <div key={name} data-metric={name}>
            <dt>{KEY_METRICS[name].label}</dt>
            <dd data-testid="current">{formatMetric(name, total[name])}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
