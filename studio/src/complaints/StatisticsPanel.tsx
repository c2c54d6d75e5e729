import { type FormEvent, useState } from 'react';
import { useServerCall } from '../api/useServerCall';
import { BusyButton } from '../components/BusyButton';
import { ErrorView } from '../components/ErrorView';
import { BarChart, byCount } from './BarChart';
import { complaintEndpoints, type ComplaintStatistics } from './complaint-endpoints';
import { COMPLAINT_TERMS as T, ROOT_CAUSE_LABELS, SUBJECT_LABELS } from './terms';

const thisMonth = () => new Date().toISOString().slice(0, 7);
type Loaded = { month: string; figures: ComplaintStatistics | null };

/** Picks a month and loads its complaint figures (the monthly business-quality report's complaints section). */
function useMonthFigures() {
  const [month, setMonth] = useState(thisMonth);
  const call = useServerCall<Loaded>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void call.run(async () => ({ month, figures: await complaintEndpoints.statistics(month) }));
  };
  const form = (
    <form className="row filters" aria-label="month" onSubmit={submit}>
      <label className="inline">
        {T.month} <input type="month" aria-label={T.month} value={month} required onChange={(event) => setMonth(event.target.value)} />
      </label>
      <BusyButton type="submit" busy={call.busy}>
        {T.show}
      </BusyButton>
    </form>
  );
  return { form, call };
}

/**
 * 月度投诉统计 A month's complaint figures (docs/complaints.md "Feeds"): received, closed, rejected, the rate per 10,000
 * obligors, counts by subject, unit and root cause as bar charts, and the days to close (median, p90).
 */
export function StatisticsPanel() {
  const { form, call } = useMonthFigures();
  const figures = call.result?.figures;
  return (
    <>
      {form}
      <ErrorView error={call.error} />
      {call.result && !figures && <p className="muted">{T.noFigures}</p>}
      {figures && (
        <section className="card" aria-label="complaint statistics">
          <div className="stat-cards">
            <Figure label={T.received} id="stat-received" value={figures.received} />
            <Figure label={T.closed} id="stat-closed" value={figures.closed} />
            <Figure label={T.rejected} id="stat-rejected" value={figures.rejected} />
            <Figure label={T.obligors} id="stat-obligors" value={figures.obligors} />
            <Figure label={T.perTenThousand} id="stat-rate" value={figures.perTenThousandObligors === null ? '—' : figures.perTenThousandObligors.toFixed(2)} />
            <Figure label={`${T.daysToClose} · ${T.median}`} id="stat-median" value={figures.daysToClose.median ?? '—'} />
            <Figure label={`${T.daysToClose} · ${T.p90}`} id="stat-p90" value={figures.daysToClose.p90 ?? '—'} />
          </div>
          <BarChart label="complaints by subject" caption={T.bySubject} entries={byCount(figures.bySubject)} labels={SUBJECT_LABELS} />
          <BarChart
            label="complaints by unit"
            caption={T.byOrgUnit}
            entries={figures.byOrgUnit.map((row) => [row.orgUnit, row.received] as [string, number]).sort(([a, x], [b, y]) => y - x || a.localeCompare(b))}
          />
          <BarChart label="complaints by root cause" caption={T.byRootCause} entries={byCount(figures.byRootCause)} labels={ROOT_CAUSE_LABELS} />
        </section>
      )}
    </>
  );
}

/** 根因分析 The root causes of a month's complaints (Art. 28: trace each case to its source): a chart and each cause's share. */
export function RootCausePanel() {
  const { form, call } = useMonthFigures();
  const figures = call.result?.figures;
  const entries = figures ? byCount(figures.byRootCause) : [];
  const total = entries.reduce((sum, [, value]) => sum + value, 0);
  return (
    <>
      {form}
      <ErrorView error={call.error} />
      {call.result && !figures && <p className="muted">{T.noFigures}</p>}
      {figures && (
        <section className="card" aria-label="root causes">
          <BarChart label="complaints by root cause" caption={T.byRootCause} entries={entries} labels={ROOT_CAUSE_LABELS} />
          <table className="grid" aria-label="root cause shares">
            <thead>
              <tr>
                <th>{T.rootCause}</th>
                <th>{T.count}</th>
                <th>{T.share}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map(([code, value]) => (
                <tr key={code}>
                  <td>{ROOT_CAUSE_LABELS[code as keyof typeof ROOT_CAUSE_LABELS] ?? code}</td>
                  <td>{value}</td>
                  <td>{total > 0 ? `${((value / total) * 100).toFixed(1)}%` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}

function Figure({ label, id, value }: { label: string; id: string; value: number | string }) {
  return (
    <div>
      <span className="muted">{label}</span>
      <strong data-testid={id}>{value}</strong>
    </div>
  );
}
