import { useCallback } from 'react';
import type { PrincipalView } from '../api/types';
import { BusyButton } from '../components/BusyButton';
import { LineChart } from '../components/LineChart';
import { Status } from '../components/Status';
import { Link } from '../router';
import { useLoaded } from '../vendors/use-loaded';
import { recoveryAccess } from './access';
import { recoveryEndpoints, type Lookback, type LookbackRateRow } from './recovery-endpoints';
import { RECOVERY_TERMS as T, STATUS_LABELS, STAGE_LABELS, percentText, yuanText } from './terms';

const COLORS = ['#1f6feb', '#d9480f', '#2b8a3e', '#862e9c', '#e8590c', '#0b7285'];
const cents = (value: number) => yuanText(value / 100);

/** The quarters prepared so far (HQ reads them; docs/recovery.md#the-quarterly-look-back). */
export function LookbackList() {
  const load = useCallback(() => recoveryEndpoints.lookbacks(), []);
  const { data, loadError } = useLoaded(load);
  return (
    <>
      <Status error={loadError} busy={!data && !loadError} />
      {data && (
        <section className="card" aria-label="look-backs">
          {data.items.length === 0 ? (
            <p className="muted">{T.noLookbacks}</p>
          ) : (
            <table className="grid">
              <thead>
                <tr>
                  <th>{T.quarter}</th>
                  <th>{T.status}</th>
                  <th>{T.preparedBy}</th>
                  <th>{T.approvedBy}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((item) => (
                  <tr key={item.quarter} data-testid={`lookback-${item.quarter}`}>
                    <td>
                      <Link to={`/recovery/lookbacks/${encodeURIComponent(item.quarter)}`}>{item.quarter}</Link>
                    </td>
                    <td>{STATUS_LABELS[item.status]}</td>
                    <td>{item.preparedBy}</td>
                    <td>{item.approvedBy ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </>
  );
}

/** A quarter's look-back: the figures with charts, the printable page, and approval by an approver who did not prepare it. */
export function LookbackQuarter({ quarter, me }: { quarter: string; me: PrincipalView }) {
  const load = useCallback(() => recoveryEndpoints.lookback(quarter), [quarter]);
  const { data, loadError, actionError, busy, notice, run } = useLoaded<Lookback>(load);
  return (
    <>
      <div className="page-header">
        <h1>
          {T.lookbacks} {quarter}
        </h1>
        <Link to="/recovery/lookbacks">{T.back}</Link>
      </div>
      <Status error={loadError ?? actionError} notice={notice} busy={!data && !loadError} />
      {data && (
        <>
          <section className="card" aria-label="look-back status">
            <p data-testid="lookback-status">
              {STATUS_LABELS[data.status]} · {T.preparedBy} {data.preparedBy}
              {data.approvedBy ? ` · ${T.approvedBy} ${data.approvedBy}` : ''}
            </p>
            <a href={recoveryEndpoints.printUrl(quarter)} target="_blank" rel="noreferrer">
              {T.print}
            </a>{' '}
            {data.status === 'prepared' && recoveryAccess.approve(me) && data.preparedBy !== me.name && (
              <BusyButton busy={busy} onClick={() => void run(T.lookbackApproved, () => recoveryEndpoints.approveLookback(quarter, data.revision))}>
                {T.approveLookback}
              </BusyButton>
            )}
          </section>
          <Figures lookback={data} />
        </>
      )}
    </>
  );
}

function Figures({ lookback }: { lookback: Lookback }) {
  const { figures } = lookback;
  const months = Math.max(0, ...figures.curves.map((curve) => curve.points.length));
  return (
    <>
      <RateTable title={T.totals} rows={[figures.totals]} label="totals" />
      <section className="card" aria-label="recovery curves">
        <LineChart
          title={T.curves}
          labels={Array.from({ length: months }, (_, index) => String(index))}
          series={figures.curves.map((curve, index) => ({
            name: curve.vintage,
            values: Array.from({ length: months }, (_, month) => curve.points[month]?.rate ?? null),
            color: COLORS[index % COLORS.length]!,
          }))}
          format={percentText}
        />
      </section>
      <RateTable title={T.byVintage} rows={figures.byVintage} label="by vintage" />
      <RateTable title={T.byChannel} rows={figures.byChannel} label="by channel" />
      <RateTable title={T.byBranch} rows={figures.byBranch} label="by branch" />
      <RateTable title={T.byAgency} rows={figures.byAgency} label="by agency" />
      <section className="card" aria-label="ageing and impairment">
        <h2>{T.ageing}</h2>
        <table className="grid">
          <tbody>
            {figures.ageing.map((row) => (
              <tr key={row.bucket}>
                <th>{row.bucket}</th>
                <td>{row.cases}</td>
                <td>{cents(row.receivableCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{T.impairmentMovement}</h2>
        <p>
          {T.opening} {cents(figures.impairment.openingAllowanceCents)} · {T.closing} {cents(figures.impairment.closingAllowanceCents)} · {T.movement}{' '}
          {cents(figures.impairment.movementCents)}
        </p>
        {figures.impairment.byStage && (
          <ul>
            {figures.impairment.byStage.map((row) => (
              <li key={row.stage}>
                {STAGE_LABELS[row.stage] ?? row.stage}: {row.cases} · {cents(row.allowanceCents)}
              </li>
            ))}
          </ul>
        )}
        <h2>{T.findings}</h2>
        <p>
          {[`${figures.findings.total} (${figures.findings.open} ${T.open})`, ...figures.findings.bySeverity.map((row) => `${row.key} ${row.count}`)].join(
            ' · ',
          )}
        </p>
      </section>
    </>
  );
}

/** A table of recovery rates with a bar per row (the amount rate), so rates compare at a glance. */
function RateTable({ title, rows, label }: { title: string; rows: LookbackRateRow[]; label: string }) {
  return (
    <section className="card" aria-label={label}>
      <h2>{title}</h2>
      <table className="grid">
        <thead>
          <tr>
            <th />
            <th>{T.casesCount}</th>
            <th>{T.paid}</th>
            <th>{T.recovered}</th>
            <th>{T.recoveredInQuarter}</th>
            <th>{T.amountRate}</th>
            <th>{T.countRate}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-testid={`${label}-${row.key}`}>
              <th>{row.key}</th>
              <td>{row.cases}</td>
              <td>{cents(row.paidCents)}</td>
              <td>{cents(row.recoveredCents)}</td>
              <td>{cents(row.recoveredInQuarterCents)}</td>
              <td>
                <span
                  className="rate-bar"
                  style={{ display: 'inline-block', width: `${Math.round(row.amountRate * 80)}px`, height: 8, background: '#1f6feb' }}
                />{' '}
                {percentText(row.amountRate)}
              </td>
              <td>{percentText(row.countRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
