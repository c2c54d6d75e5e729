import { useEffect, useState } from 'react';
import { queryString } from '../api/monitoring-endpoints';
import { reportEndpoints, type BusinessQualityQuery, type BusinessQualityReport } from '../api/report-endpoints';
import type { PrincipalView } from '../api/types';
import { FieldErrors } from '../components/ErrorView';
import { Status } from '../components/Status';
import { scopeText, when } from '../monitoring/labels';
import { searchParam, useSearch } from '../monitoring/search';
import '../monitoring/monitoring.css';
import { AlertSummary } from '../reports/AlertSummary';
import { REPORT_TERMS } from '../reports/labels';
import { useCompleteness } from '../reports/completeness';
import { CompletenessNote } from '../reports/Completeness';
import '../reports/report.css';
import { SegmentMetricsTable } from '../reports/SegmentMetricsTable';
import { TrendSection } from '../reports/TrendSection';
import { WholeBook } from '../reports/WholeBook';
import { ClaimSummary, TaskSummary } from '../reports/WorkSummary';
import { navigate } from '../router';

export const REPORT_PATH = '/reports/business-quality';

/** The API's default trend length; the others are the lengths a monthly meeting asks for. */
const TREND_LENGTHS = ['3', '6', '12', '24'];
const DEFAULT_TREND_LENGTH = '6';

// An unusable value in the address goes to the server as it is, so its 400 names the field.
const reportQuery = (month: string, trendMonths: string): BusinessQualityQuery => ({ month, ...(trendMonths ? { trendMonths: Number(trendMonths) } : {}) });

/**
 * The monthly business-quality report (Art. 6) for the user's unit and below, as the API builds
 * it. Month and trend length live in the address (?month=&trendMonths=), so a report can be
 * linked and the back button returns to the month before. Without a month it opens on the last
 * month whose data is complete, and says how far the data is complete on every figure.
 */
export function ReportPage({ me }: { me: PrincipalView }) {
  const search = useSearch();
  const { defaultMonth } = useCompleteness();
  const month = searchParam(search, 'month') || defaultMonth;
  const trendMonths = searchParam(search, 'trendMonths');
  const [report, setReport] = useState<BusinessQualityReport>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    if (!month) return undefined;
    let live = true;
    // A new month starts empty: the previous month's figures never sit under the new month's name.
    setReport(undefined);
    setError(undefined);
    reportEndpoints.businessQuality(reportQuery(month, trendMonths)).then(
      (loaded) => live && setReport(loaded),
      (caught) => live && setError(caught),
    );
    return () => {
      live = false;
    };
  }, [month, trendMonths]);

  const show = (changes: { month?: string; trendMonths?: string }) => navigate(`${REPORT_PATH}${queryString({ month, trendMonths, ...changes })}`);
  const trendChoices = TREND_LENGTHS.includes(trendMonths || DEFAULT_TREND_LENGTH) ? TREND_LENGTHS : [...TREND_LENGTHS, trendMonths];

  return (
    <>
      <div className="page-header">
        <h1>{REPORT_TERMS.title}</h1>
        <span className="muted">范围 Scope: {scopeText(me)}</span>
      </div>
      <div className="row filters report-controls" aria-label="report month">
        <label className="inline">
          月份 Month
          <input type="month" aria-label="month" value={month ?? ''} onChange={(event) => event.target.value && show({ month: event.target.value })} />
        </label>
        <FieldErrors error={error} path="/query/month" />
        <label className="inline">
          趋势 Trend
          <select aria-label="trend months" value={trendMonths || DEFAULT_TREND_LENGTH} onChange={(event) => show({ trendMonths: event.target.value })}>
            {trendChoices.map((length) => (
              <option key={length} value={length}>
                {length} 个月 months
              </option>
            ))}
          </select>
        </label>
        <FieldErrors error={error} path="/query/trendMonths" />
        {month && (
          <a className="printable" href={reportEndpoints.businessQualityPrintable(reportQuery(month, trendMonths))} target="_blank" rel="noopener">
            {REPORT_TERMS.printable}
          </a>
        )}
      </div>
      <Status error={error} busy={!report && !error} />
      {report && (
        <>
          <p className="muted report-meta">
            <strong data-testid="report-month">{report.month}</strong> · 机构 Org unit {report.orgUnit} 及下级 and below · 生成 Generated{' '}
            {when(report.generatedAt)} · 月末数据，各数下方为上月，▲▼ 为比率较上月升降 Month-end figures, each with the month before under it; ▲▼ a ratio up or
            down on it.
          </p>
          <CompletenessNote month={report.month} completeness={report} complete={report.monthComplete} />
          {report.total && <WholeBook total={report.total} complete={report.monthComplete} />}
          <SegmentMetricsTable title={REPORT_TERMS.byOrgUnit} rows={report.segments.orgUnit} complete={report.monthComplete} />
          <SegmentMetricsTable title={REPORT_TERMS.byCustomerTierChannel} rows={report.segments.customerTierChannel} complete={report.monthComplete} />
          <TrendSection trend={report.trend} />
          <AlertSummary alerts={report.alerts} />
          <TaskSummary tasks={report.tasks} />
          <ClaimSummary claims={report.claims} />
        </>
      )}
    </>
  );
}
