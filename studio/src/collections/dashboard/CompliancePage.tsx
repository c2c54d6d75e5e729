import { useEffect, useState, type FormEvent } from 'react';
import type { PrincipalView } from '../../api/types';
import { LineChart } from '../../components/LineChart';
import { Status } from '../../components/Status';
import { applyFilters, readFilters, useSearch } from '../../monitoring/search';
import { BarChart } from './BarChart';
import { complianceReport, type ComplianceReport } from './compliance-endpoints';
import { DASHBOARD_TERMS as T, REASON_LABELS, SEVERITY_LABELS, TAG_LABELS } from './terms';

export const DASHBOARD_PATH = '/collections/compliance';

/** Filters in the address: empty means the server's default (the last 30 days, your own unit, by day). */
const DEFAULTS = { from: '', to: '', orgUnit: '', groupBy: 'day' };
type Filters = typeof DEFAULTS;
type Count = ComplianceReport['blockedByReason'][number];

const TOTALS: [keyof ComplianceReport['totals'], string][] = [
  ['checks', T.checks],
  ['blocked', T.blocked],
  ['requireConsent', T.requireConsent],
  ['activities', T.activities],
  ['quietHourBreaches', T.quietHourBreaches],
  ['capBreaches', T.capBreaches],
  ['findings', T.findings],
];

const labelOf = (labels: Record<string, string>) => (key: string | null) => (key === null ? T.unattributed : (labels[key] ?? key));
/** Axis labels of counts: whole numbers as they are, a half tick with one decimal. */
const count = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
const plain = (key: string | null) => key ?? T.unattributed;

/**
 * 合规看板: the collection compliance dashboard of the user's unit and below (GET
 * /collection/compliance): totals, blocks and breaches and findings over time, and tables by
 * reason, conduct tag, severity, team and agency. Filters live in the address.
 */
export function CompliancePage({ me }: { me: PrincipalView }) {
  const search = useSearch();
  const filters = readFilters(search, DEFAULTS);
  const [form, setForm] = useState<Filters>(filters);
  const [report, setReport] = useState<ComplianceReport>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const current = readFilters(search, DEFAULTS);
    setForm(current);
    const controller = new AbortController();
    setBusy(true);
    setError(undefined);
    complianceReport({ ...current, groupBy: current.groupBy as ComplianceReport['groupBy'] }, controller.signal).then(
      (answer) => {
        setReport(answer);
        setBusy(false);
      },
      (caught: unknown) => {
        if (controller.signal.aborted) return;
        setError(caught);
        setReport(undefined);
        setBusy(false);
      },
    );
    return () => controller.abort();
  }, [search]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    applyFilters(form, DEFAULTS);
  };
  const choose = (name: keyof Filters, value: string) => setForm((before) => ({ ...before, [name]: value }));

  return (
    <section aria-label={T.title}>
      <div className="page-header">
        <h1>{T.title}</h1>
        <span className="muted">
          {T.orgUnit}: {report?.orgUnit ?? (filters.orgUnit || me.orgUnit)}
          {report ? ` · ${report.from} – ${report.to}` : ''}
        </span>
      </div>
      <p className="muted">{T.intro}</p>
      <form className="row filters" aria-label="compliance filters" onSubmit={submit}>
        <label className="inline">
          {T.from}
          <input type="date" aria-label="from" value={form.from} onChange={(event) => choose('from', event.target.value)} />
        </label>
        <label className="inline">
          {T.to}
          <input type="date" aria-label="to" value={form.to} onChange={(event) => choose('to', event.target.value)} />
        </label>
        <label className="inline">
          {T.orgUnit}
          <input aria-label="org unit" placeholder={T.orgUnitHint} value={form.orgUnit} onChange={(event) => choose('orgUnit', event.target.value)} />
        </label>
        <label className="inline">
          {T.groupBy}
          <select aria-label="group by" value={form.groupBy} onChange={(event) => choose('groupBy', event.target.value)}>
            <option value="day">{T.day}</option>
            <option value="week">{T.week}</option>
            <option value="month">{T.month}</option>
          </select>
        </label>
        <button type="submit">{T.apply}</button>
      </form>
      <Status busy={busy} error={error} onDismiss={() => setError(undefined)} />
      {report && <Dashboard report={report} />}
    </section>
  );
}

function Dashboard({ report }: { report: ComplianceReport }) {
  const labels = report.series.map((period) => period.period);
  return (
    <>
      <h2>{T.totals}</h2>
      <dl className="row" aria-label="totals" data-testid="compliance-totals">
        {TOTALS.map(([field, label]) => (
          <div key={field} className="card">
            <dt>{label}</dt>
            <dd data-testid={`total-${field}`}>{report.totals[field]}</dd>
          </div>
        ))}
      </dl>
      <h2>{T.overTime}</h2>
      <div className="grid">
        <LineChart
          title={T.blocksChart}
          labels={labels}
          series={[
            { name: T.blocked, values: report.series.map((period) => period.blocked), color: '#1c5fb8' },
            { name: T.quietHourBreaches, values: report.series.map((period) => period.quietHourBreaches), color: '#d64545' },
            { name: T.capBreaches, values: report.series.map((period) => period.capBreaches), color: '#e8a33d' },
          ]}
          format={count}
        />
        <LineChart
          title={T.findingsChart}
          labels={labels}
          series={[{ name: T.findings, values: report.series.map((period) => period.findings), color: '#7b4fb8' }]}
          format={count}
        />
      </div>
      <p className="muted">{T.breachNote}</p>
      <div className="grid">
        <CountTable title={T.blockedByReason} rows={report.blockedByReason} label={labelOf(REASON_LABELS)} chart />
        <CountTable title={T.breachesByKind} rows={report.breachesByKind} label={labelOf(REASON_LABELS)} chart />
        <CountTable title={T.findingsByTag} rows={report.findingsByTag} label={labelOf(TAG_LABELS)} chart />
        <CountTable title={T.requireConsentByReason} rows={report.requireConsentByReason} label={labelOf(REASON_LABELS)} />
        <CountTable title={T.findingsBySeverity} rows={report.findingsBySeverity} label={labelOf(SEVERITY_LABELS)} />
        <CountTable title={T.findingsByTeam} rows={report.findingsByTeam} label={plain} />
        <CountTable title={T.findingsByAgency} rows={report.findingsByAgency} label={plain} />
      </div>
      <table aria-label={T.overTime}>
        <thead>
          <tr>
            <th>{T.period}</th>
            {TOTALS.map(([field, label]) => (
              <th key={field}>{label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.series.map((period) => (
            <tr key={period.period}>
              <td>{period.period}</td>
              {TOTALS.map(([field]) => (
                <td key={field}>{period[field]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function CountTable({ title, rows, label, chart = false }: { title: string; rows: Count[]; label: (key: string | null) => string; chart?: boolean }) {
  return (
    <div className="card">
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="muted">{T.none}</p>
      ) : (
        <>
          {chart && <BarChart title={title} bars={rows.map((row) => ({ label: label(row.key), value: row.count }))} />}
          <table aria-label={title}>
            <thead>
              <tr>
                <th>{T.key}</th>
                <th>{T.count}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key ?? '-'}>
                  <td>{label(row.key)}</td>
                  <td>{row.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
