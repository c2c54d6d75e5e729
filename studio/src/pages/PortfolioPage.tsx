import { useEffect, useState, type ReactNode } from 'react';
import { endpoints } from '../api/endpoints';
import type { PortfolioFacts, PortfolioMetrics, RollRateMatrix, VintageCurves } from '../api/types';
import { ErrorView } from '../components/ErrorView';
import { LineChart } from '../components/LineChart';
import { monthComplete, useCompleteness } from '../reports/completeness';
import { CompletenessNote, markedMonths, Provisional } from '../reports/Completeness';
import { COMPLETENESS_TERMS } from '../reports/labels';
import { shiftMonth } from '../reports/month';
import { IndicatorDefinition } from '../indicators/IndicatorDefinition';
import { usePublishedIndicators } from '../indicators/indicator-endpoints';
import { INDICATOR_TERMS } from '../indicators/terms';
import '../reports/report.css';
import '../indicators/indicators.css';

const GROUPINGS: [string, string][] = [
  ['', '合计 Total only'],
  ['customerTier', '客群资质 Customer tier'],
  ['channel', '渠道 Channel'],
  ['product', '产品 Product'],
  ['orgUnit', '机构 Org unit'],
  ['vintage', '放款月 Vintage'],
  ['customerTier,channel', '客群 × 渠道 Tier × channel'],
];
const COMPLETENESS_NOTE = COMPLETENESS_TERMS.provisionalTitle;
const COLORS = ['#1c5fb8', '#d64545', '#e8a33d', '#2f8f5b', '#7b4fb8', '#3f9fbf', '#8a5a44', '#c2418e'];

const percent = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(2)}%`);
const yuan = (value: number) => value.toLocaleString('zh-CN', { maximumFractionDigits: 0 });

const COLUMNS: [keyof PortfolioMetrics, string, (value: never) => string][] = [
  ['loanCount', '笔数 Loans', (value: number) => String(value)],
  ['remainingPrincipal', '剩余本金 Remaining principal', yuan],
  ['m0Principal', 'M0', yuan],
  ['m1Principal', 'M1', yuan],
  ['m2Principal', 'M2', yuan],
  ['m3Principal', 'M3', yuan],
  ['overdueRate', '逾期率 Overdue rate', percent],
  ['m0_1', '转化率 M0_1', percent],
  ['m0_2', '转化率 M0_2', percent],
  ['annualizedLossRate', '年化损失率 Annualized loss', percent],
  ['combinedLossRatio', '综合赔付率 Combined loss ratio', percent],
];

/** A chart with the note that explains its marked (incomplete) months. */
function Marked({ note, children }: { note?: string; children: ReactNode }) {
  return (
    <div>
      {children}
      {note && <p className="chart-note">{note}</p>}
    </div>
  );
}

/**
 * Portfolio metrics by month and segment (Art. 9, Art. 35): table, trends, vintage curves, roll
 * rates. Opens on the last month whose data is complete, and marks every figure of a month that is not.
 */
export function PortfolioPage() {
  const { completeness, defaultMonth } = useCompleteness();
  const [chosen, setChosen] = useState<string>();
  const month = chosen ?? defaultMonth;
  const [groupBy, setGroupBy] = useState('customerTier');
  const [facts, setFacts] = useState<PortfolioFacts>();
  const [trend, setTrend] = useState<{ month: string; metrics: PortfolioMetrics }[]>();
  const [vintages, setVintages] = useState<VintageCurves>();
  const [rollRates, setRollRates] = useState<RollRateMatrix>();
  const [error, setError] = useState<unknown>();
  // Each figure's definition from the published indicator catalogue (Art. 6), as a tooltip and, on a click, beside the table.
  const indicators = usePublishedIndicators();
  const [explained, setExplained] = useState<string>();

  useEffect(() => {
    if (!month) return undefined;
    let live = true;
    setError(undefined);
    const months = Array.from({ length: 12 }, (_value, index) => shiftMonth(month, index - 11));
    Promise.all([
      endpoints.portfolio(month, groupBy),
      Promise.all(months.map((item) => endpoints.portfolio(item, '').then((result) => ({ month: item, metrics: result.total.metrics })))),
      endpoints.vintages(shiftMonth(month, -11), month, month),
      endpoints.rollRates(month),
    ]).then(
      ([monthFacts, trendFacts, curves, matrix]) => {
        if (!live) return;
        setFacts(monthFacts);
        setTrend(trendFacts);
        setVintages(curves);
        setRollRates(matrix);
      },
      (caught) => live && setError(caught),
    );
    return () => {
      live = false;
    };
  }, [month, groupBy]);

  const through = completeness?.dataCompleteThrough ?? facts?.dataCompleteThrough ?? null;
  const complete = (item: string) => monthComplete(item, through);
  const trendMarks = trend
    ? markedMonths(
        trend.map((item) => item.month),
        complete,
      )
    : undefined;
  const rows = facts
    ? [
        ...facts.segments.map((segment) => ({ name: Object.values(segment.segment).join(' · '), metrics: segment.metrics })),
        { name: '合计 Total', metrics: facts.total.metrics },
      ]
    : [];
  const maxMonths = Math.max(0, ...(vintages?.vintages.map((vintage) => vintage.curve.length) ?? [0]));

  return (
    <>
      <h1>资产组合 Portfolio</h1>
      <div className="row">
        <label className="inline">
          月份 Month <input type="month" aria-label="month" value={month ?? ''} onChange={(event) => event.target.value && setChosen(event.target.value)} />
        </label>
        <label className="inline">
          分组 Group by{' '}
          <select aria-label="group by" value={groupBy} onChange={(event) => setGroupBy(event.target.value)}>
            {GROUPINGS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorView error={error} />
      {facts && <CompletenessNote month={facts.month} completeness={completeness ?? facts} complete={complete(facts.month)} />}
      {facts && (
        <section className="card">
          <h2 data-testid="figures-month">
            {facts.month} {facts.snapshot ? '· 月末快照 month-end snapshot' : ''}
            <Provisional complete={complete(facts.month)} />
          </h2>
          <div className="scroll">
            <table className="grid numbers" aria-label="portfolio metrics">
              <thead>
                <tr>
                  <th>客群 Segment</th>
                  {COLUMNS.map(([key, label]) => {
                    const indicator = indicators?.get(key);
                    return (
                      <th key={key} title={indicator ? `${indicator.content.definition}\n${indicator.content.formula}` : undefined}>
                        {label}
                        {indicator && (
                          <button
                            type="button"
                            className="link definition-button"
                            aria-label={`${INDICATOR_TERMS.definitionOf}: ${key}`}
                            aria-expanded={explained === key}
                            onClick={() => setExplained(explained === key ? undefined : key)}
                          >
                            ⓘ
                          </button>
                        )}
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.name}>
                    <td>{row.name || '合计 Total'}</td>
                    {COLUMNS.map(([key, , format]) => (
                      <td key={key}>{format(row.metrics[key] as never)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {explained && indicators?.get(explained) && (
            <aside className="card" aria-label={INDICATOR_TERMS.definitionOf}>
              <button type="button" className="link close" onClick={() => setExplained(undefined)}>
                ✕ {INDICATOR_TERMS.close}
              </button>
              <IndicatorDefinition indicator={indicators.get(explained)!} />
            </aside>
          )}
        </section>
      )}
      <div className="charts">
        {trend && trendMarks && (
          <>
            <Marked note={trendMarks.note}>
              <LineChart
                title="逾期率趋势 Overdue rate (total)"
                labels={trendMarks.labels}
                series={[{ name: 'overdueRate', values: trend.map((item) => item.metrics.overdueRate), color: COLORS[0]! }]}
                format={percent}
              />
            </Marked>
            <Marked note={trendMarks.note}>
              <LineChart
                title="转化率趋势 M0_1 and M0_2 (total)"
                labels={trendMarks.labels}
                series={[
                  { name: 'M0_1', values: trend.map((item) => item.metrics.m0_1), color: COLORS[1]! },
                  { name: 'M0_2', values: trend.map((item) => item.metrics.m0_2), color: COLORS[2]! },
                ]}
                format={percent}
              />
            </Marked>
          </>
        )}
        {vintages && (
          <Marked note={complete(vintages.asOf) ? undefined : `${vintages.asOf}: ${COMPLETENESS_NOTE}`}>
            <LineChart
              title={`账龄曲线 Vintage curves: share of principal ≥ ${vintages.threshold} dpd by month on book`}
              labels={Array.from({ length: maxMonths }, (_value, index) => String(index + 1))}
              series={vintages.vintages
                .slice(-8)
                .map((vintage, index) => ({ name: vintage.vintage, values: vintage.curve.map((point) => point.share), color: COLORS[index % COLORS.length]! }))}
              format={percent}
            />
          </Marked>
        )}
      </div>
      {rollRates && (
        <section className="card">
          <h2>
            迁徙矩阵 Roll-rate matrix {rollRates.previousMonth} → {rollRates.month}
            <Provisional complete={complete(rollRates.month)} />
          </h2>
          <table className="grid numbers matrix" aria-label="roll rates">
            <thead>
              <tr>
                <th>从 From</th>
                <th>笔数 Loans</th>
                <th>本金 Principal</th>
                {rollRates.buckets.map((bucket) => (
                  <th key={bucket}>{bucket}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rollRates.rows.map((row) => (
                <tr key={row.from}>
                  <th>{row.from}</th>
                  <td>{row.loanCount}</td>
                  <td>{yuan(row.principal)}</td>
                  {rollRates.buckets.map((bucket) => (
                    <td key={bucket}>{percent((row.to as Record<string, number | null | undefined>)[bucket])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
