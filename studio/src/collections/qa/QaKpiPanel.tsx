import { useEffect, useState } from 'react';
import { Status } from '../../components/Status';
import { qaEndpoints, type QaKpi } from './qa-endpoints';
import { QA_TERMS } from './terms';

const BY_LABELS = { team: '团队 Team', agent: '催收员 Agent', agency: '委外机构 Agency' } as const;
type By = keyof typeof BY_LABELS;
const thisMonth = () => new Date().toISOString().slice(0, 7);

/**
 * The compliance score per team, agent or agency over months, ranked by the score: collectors are
 * never ranked on amount recovered alone (the weights are shown with the table).
 */
export function QaKpiPanel({ initialMonth = thisMonth() }: { initialMonth?: string }) {
  const [by, setBy] = useState<By>('team');
  const [from, setFrom] = useState(initialMonth);
  const [to, setTo] = useState(initialMonth);
  const [kpi, setKpi] = useState<QaKpi>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!/^\d{4}-\d{2}$/.test(from) || !/^\d{4}-\d{2}$/.test(to)) return;
    let current = true;
    setBusy(true);
    setError(undefined);
    qaEndpoints
      .kpi({ by, from, to })
      .then(
        (answer) => current && setKpi(answer),
        (caught: unknown) => current && setError(caught),
      )
      .finally(() => current && setBusy(false));
    return () => {
      current = false;
    };
  }, [by, from, to]);

  return (
    <section className="card" aria-label="compliance score">
      <h2>{QA_TERMS.kpi}</h2>
      <div className="row filters">
        <label className="inline">
          维度 By{' '}
          <select aria-label="score by" value={by} onChange={(event) => setBy(event.target.value as By)}>
            {Object.entries(BY_LABELS).map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          自 From <input aria-label="from month" type="month" value={from} onChange={(event) => setFrom(event.target.value)} />
        </label>
        <label className="inline">
          至 To <input aria-label="to month" type="month" value={to} onChange={(event) => setTo(event.target.value)} />
        </label>
      </div>
      <Status error={error} busy={busy && !kpi} />
      {kpi && (
        <>
          <table className="grid" aria-label="compliance scores">
            <thead>
              <tr>
                <th>排名 Rank</th>
                <th>{BY_LABELS[kpi.by]}</th>
                <th>合规得分 Score</th>
                <th>记录 Activities</th>
                <th>抽样 Sampled</th>
                <th>已质检 Reviewed</th>
                <th>发现 低/中/高/严重 Findings L/M/H/C</th>
                <th>拦截 Gate blocks</th>
              </tr>
            </thead>
            <tbody>
              {kpi.items.map((item) => (
                <tr key={item.key}>
                  <td>{item.rank ?? '—'}</td>
                  <td>{item.key}</td>
                  <td>{item.score ?? '—'}</td>
                  <td>{item.activities}</td>
                  <td>{item.sampled}</td>
                  <td>{item.reviewed}</td>
                  <td>
                    {item.findings.low}/{item.findings.medium}/{item.findings.high}/{item.findings.critical}
                  </td>
                  <td>{item.gateBlocks}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">
            得分 = 100 − 发现(按严重程度加权,每百次质检)− 未质检样本 − 拦截(每百条记录);不按回款金额排名。Score = 100 − weighted findings per 100 reviews (low{' '}
            {kpi.weights.severity.low}, medium {kpi.weights.severity.medium}, high {kpi.weights.severity.high}, critical {kpi.weights.severity.critical}) −{' '}
            {kpi.weights.coverage} × share of samples not reviewed − {kpi.weights.gateBlocksPer100} × gate blocks per 100 activities; never ranked by amount
            recovered.
          </p>
        </>
      )}
    </section>
  );
}
