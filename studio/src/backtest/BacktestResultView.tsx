import type { Backtest, BacktestMeasures, BacktestVersionResult } from '../../../server/generated/schema-types';
import { BarChart } from '../complaints/BarChart';
import { BACKTEST_TERMS, DIMENSION_LABELS, LEVEL_LABELS } from './terms';

const percent = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`);
const number = (value: number | null | undefined, digits = 2) => (value === null || value === undefined ? '—' : value.toFixed(digits));

/** One version's measures: precision and recall by level, lift, lead times, then the segment table. */
function VersionMeasures({ result, role }: { result: BacktestVersionResult; role: string }) {
  const { overall } = result;
  const levelEntries = (pick: (level: BacktestMeasures['levels'][number]) => number | null) =>
    overall.levels.map((level) => [level.level, Math.round((pick(level) ?? 0) * 1000) / 10] as [string, number]);
  return (
    <section className="card" aria-label={`backtest ${role}`} data-testid={`backtest-${role}`}>
      <h4>
        {result.key} v{result.version} <span className="muted">{result.hash.slice(0, 12)}</span>
      </h4>
      <p>
        {BACKTEST_TERMS.observations} {overall.observations} · {BACKTEST_TERMS.bad} {overall.bad} · KS {number(overall.ks)} · AUC{' '}
        <strong data-testid={`auc-${role}`}>{number(overall.auc)}</strong>
      </p>
      <BarChart
        label={`${role} precision`}
        caption={`${BACKTEST_TERMS.precision} %`}
        entries={levelEntries((level) => level.precision)}
        labels={LEVEL_LABELS}
      />
      <BarChart label={`${role} recall`} caption={`${BACKTEST_TERMS.recall} %`} entries={levelEntries((level) => level.recall)} labels={LEVEL_LABELS} />
      <BarChart
        label={`${role} lift`}
        caption={BACKTEST_TERMS.lift}
        entries={overall.levels.map((level) => [level.level, Math.round((level.lift ?? 0) * 100) / 100])}
        labels={LEVEL_LABELS}
      />
      <BarChart
        label={`${role} lead time`}
        caption={BACKTEST_TERMS.leadTime}
        entries={overall.leadTime.map((band) => [`${band.fromDays}-${band.toDays ?? '…'}`, band.count])}
      />
      <table aria-label={`${role} segments`}>
        <caption>{BACKTEST_TERMS.segments}</caption>
        <thead>
          <tr>
            <th>{BACKTEST_TERMS.dimension}</th>
            <th>{BACKTEST_TERMS.value}</th>
            <th>{BACKTEST_TERMS.observations}</th>
            <th>{BACKTEST_TERMS.bad}</th>
            {overall.levels.map((level) => (
              <th key={level.level}>{LEVEL_LABELS[level.level]} P / R</th>
            ))}
            <th>AUC</th>
          </tr>
        </thead>
        <tbody>
          {result.segments.map((segment) => (
            <tr key={`${segment.dimension}|${segment.value}`} data-testid={`segment-${segment.dimension}-${segment.value}`}>
              <td>{DIMENSION_LABELS[segment.dimension] ?? segment.dimension}</td>
              <td>{segment.value || '—'}</td>
              <td>{segment.measures.observations}</td>
              <td>{segment.measures.bad}</td>
              {segment.measures.levels.map((level) => (
                <td key={level.level}>
                  {percent(level.precision)} / {percent(level.recall)}
                </td>
              ))}
              <td>{number(segment.measures.auc)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted" data-testid={`missing-facts-${role}`}>
        {BACKTEST_TERMS.missingFacts}:{' '}
        {result.missingFacts.length === 0 ? BACKTEST_TERMS.none : result.missingFacts.map((missing) => `${missing.fact} (${missing.evaluations})`).join(', ')}
      </p>
    </section>
  );
}

/** A finished backtest: what it compared, over which month-ends, each version's measures and the difference. */
export function BacktestResultView({ backtest }: { backtest: Backtest }) {
  const result = backtest.result;
  if (!result) return null;
  return (
    <div className="backtest-result" data-testid="backtest-result">
      <p>
        {BACKTEST_TERMS.versions}:{' '}
        {backtest.versions.map((entry) => `${entry.role === 'version' ? '' : 'vs '}v${entry.version} (${entry.hash.slice(0, 8)})`).join(' ')} ·{' '}
        {BACKTEST_TERMS.window} {backtest.monthEnds[0]} … {backtest.monthEnds[backtest.monthEnds.length - 1]} · {BACKTEST_TERMS.outcome}{' '}
        {backtest.outcomeMonths} · {BACKTEST_TERMS.excluded} {result.excluded.alreadyBad} / {result.excluded.settled}
      </p>
      {result.difference && (
        <p data-testid="backtest-difference">
          {BACKTEST_TERMS.difference}:{' '}
          {result.difference.levels.map((level) => `${LEVEL_LABELS[level.level]} P ${percent(level.precision)} R ${percent(level.recall)}`).join(' · ')} · AUC{' '}
          {number(result.difference.auc)}
        </p>
      )}
      <div className="side-by-side">
        <VersionMeasures result={result.version} role="version" />
        {result.against && <VersionMeasures result={result.against} role="against" />}
      </div>
    </div>
  );
}
