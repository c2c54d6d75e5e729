import { useCallback, useState, type FormEvent } from 'react';
import type { PrincipalView } from '../api/types';
import { BusyButton } from '../components/BusyButton';
import { LineChart } from '../components/LineChart';
import { Status } from '../components/Status';
import { Link } from '../router';
import { useLoaded } from '../vendors/use-loaded';
import { FinancialsForm } from './FinancialsForm';
import { StressBars } from './StressBars';
import { stressEndpoints, type StressResult } from './stress-endpoints';
import { STATUS_LABELS, STRESS_TERMS as T } from './terms';
import './stress.css';

export const STRESS_PATH = '/stress-tests';
const COLORS = ['#1f6feb', '#d9480f', '#2b8a3e', '#862e9c', '#e8590c', '#0b7285'];
const yuan = (cents: number) => (cents / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const ratio = (bp: number) => `${(bp / 100).toFixed(2)}%`;

/** Mirrors the server (docs/stress-tests.md): staff read their units' results; HQ owners and admins run; approvers approve. */
export const stressAccess = {
  read: (me: PrincipalView) => me.roles.some((role) => role !== 'integration'),
  run: (me: PrincipalView) => me.roles.some((role) => role === 'admin' || role === 'policy-owner' || role === 'approver'),
  approve: (me: PrincipalView) => me.roles.includes('approver'),
  prepare: (me: PrincipalView) => me.roles.some((role) => role === 'admin' || role === 'policy-owner'),
};

/** /stress-tests (run and list) and /stress-tests/:resultId (one result with its charts). */
export function StressPage({ path, me }: { path: string; me: PrincipalView }) {
  const resultId = /^\/stress-tests\/([^/]+)\/?$/.exec(path)?.[1];
  if (resultId) return <ResultView key={resultId} resultId={decodeURIComponent(resultId)} me={me} />;
  return <ResultList me={me} />;
}

function ResultList({ me }: { me: PrincipalView }) {
  const load = useCallback(() => stressEndpoints.list({ limit: 50 }), []);
  const { data, loadError, actionError, busy, notice, run } = useLoaded(load);
  const [orgUnit, setOrgUnit] = useState(me.orgUnit);
  const [period, setPeriod] = useState('');
  const [ran, setRan] = useState<StressResult>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(T.ran, async () => setRan(await stressEndpoints.run(orgUnit.trim(), period.trim())));
  };
  return (
    <>
      <div className="page-header">
        <h1>{T.navigation}</h1>
        <Link to="/rulesets/stress.scenario">{T.editScenarios}</Link>
      </div>
      <Status error={loadError ?? actionError} notice={notice} busy={!data && !loadError} />
      {stressAccess.run(me) && (
        <form className="card" aria-label="run a stress test" onSubmit={submit}>
          <h2>{T.run}</h2>
          <label>
            {T.orgUnit} <input name="orgUnit" value={orgUnit} onChange={(event) => setOrgUnit(event.target.value)} required />
          </label>{' '}
          <label>
            {T.period}{' '}
            <input
              name="period"
              value={period}
              placeholder={T.periodHint}
              pattern="\d{4}(-Q[1-4])?"
              onChange={(event) => setPeriod(event.target.value)}
              required
            />
          </label>{' '}
          <BusyButton type="submit" busy={busy}>
            {T.runButton}
          </BusyButton>
          {ran && (
            <p data-testid="ran">
              <Link to={`${STRESS_PATH}/${encodeURIComponent(ran.resultId)}`}>{ran.resultId}</Link>
            </p>
          )}
        </form>
      )}
      {stressAccess.prepare(me) && <FinancialsForm orgUnit={me.orgUnit} />}
      {data && (
        <section className="card" aria-label="stress-test results">
          <h2>{T.results}</h2>
          {data.items.length === 0 ? (
            <p className="muted">{T.none}</p>
          ) : (
            <table className="grid">
              <thead>
                <tr>
                  <th>{T.orgUnit}</th>
                  <th>{T.period}</th>
                  <th>{T.horizon}</th>
                  <th>{T.status}</th>
                  <th>{T.breaches}</th>
                  <th>{T.worstCashFlow}</th>
                  <th>{T.scenarioSet}</th>
                  <th>{T.requestedBy}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((item) => (
                  <tr key={item.resultId} data-testid={`result-${item.resultId}`}>
                    <td>
                      <Link to={`${STRESS_PATH}/${encodeURIComponent(item.resultId)}`}>{item.orgUnit}</Link>
                    </td>
                    <td>{item.period}</td>
                    <td>{item.horizonPeriod}</td>
                    <td>{STATUS_LABELS[item.status]}</td>
                    <td className={item.breaches > 0 ? 'stress-breach' : undefined}>{item.breaches}</td>
                    <td>{yuan(item.worstOperatingCashFlowCents)}</td>
                    <td>v{item.scenarioSet.version}</td>
                    <td>{item.requestedBy}</td>
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

/** One result: status and approval, the scenarios compared in bars, the tables, and the unit's periods compared. */
function ResultView({ resultId, me }: { resultId: string; me: PrincipalView }) {
  const load = useCallback(() => stressEndpoints.result(resultId), [resultId]);
  const { data, loadError, actionError, busy, notice, run } = useLoaded<StressResult>(load);
  return (
    <>
      <div className="page-header">
        <h1>
          {T.navigation} {data ? `${data.orgUnit} ${data.period} → ${data.horizonPeriod}` : ''}
        </h1>
        <Link to={STRESS_PATH}>{T.back}</Link>
      </div>
      <Status error={loadError ?? actionError} notice={notice} busy={!data && !loadError} />
      {data && (
        <>
          <section className="card" aria-label="stress-test status">
            <p data-testid="stress-status">
              {STATUS_LABELS[data.status]} · {T.requestedBy} {data.requestedBy}
              {data.approvedBy ? ` · ${T.approvedBy} ${data.approvedBy}` : ''} · {T.scenarioSet}{' '}
              <Link to={`/rulesets/${encodeURIComponent(data.scenarioSet.key)}/v/${data.scenarioSet.version}`}>
                {data.scenarioSet.key} v{data.scenarioSet.version}
              </Link>
            </p>
            <a href={stressEndpoints.printUrl(resultId)} target="_blank" rel="noreferrer">
              {T.print}
            </a>{' '}
            {data.status === 'draft' && stressAccess.approve(me) && data.requestedBy !== me.name && (
              <BusyButton busy={busy} onClick={() => void run(T.approved, () => stressEndpoints.approve(resultId, data.revision))}>
                {T.approve}
              </BusyButton>
            )}
          </section>
          <Liquidity result={data} />
          <Solvency result={data} />
          <Periods result={data} />
        </>
      )}
    </>
  );
}

function Liquidity({ result }: { result: StressResult }) {
  const { baseline, scenarios } = result.liquidity;
  return (
    <section className="card" aria-label="liquidity">
      <h2>{T.liquidity}</h2>
      <StressBars
        label="operating cash flow by scenario"
        caption={`${T.operatingCashFlow} · ${result.horizonPeriod}`}
        entries={[
          { key: 'baseline', name: T.baseline, value: baseline.operatingCashFlowCents },
          ...scenarios.map((scenario) => ({ key: scenario.id, name: scenario.label, value: scenario.operatingCashFlowCents })),
        ]}
        format={yuan}
      />
      <table className="grid">
        <thead>
          <tr>
            <th>{T.scenario}</th>
            <th>{T.premiumCollected}</th>
            <th>{T.claimsPaid}</th>
            <th>{T.operatingCashFlow}</th>
            <th>{T.change}</th>
          </tr>
        </thead>
        <tbody>
          {scenarios.map((scenario) => (
            <tr key={scenario.id} data-testid={`liquidity-${scenario.id}`}>
              <th>
                {scenario.label} <small className="muted">{scenario.mandated ? T.mandated : T.extra}</small>
              </th>
              <td>{yuan(scenario.premiumCollectedCents)}</td>
              <td>{yuan(scenario.claimsPaidCents)}</td>
              <td>{yuan(scenario.operatingCashFlowCents)}</td>
              <td>{yuan(scenario.changeCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Solvency({ result }: { result: StressResult }) {
  const { baseline, scenarios } = result.solvency;
  return (
    <section className="card" aria-label="solvency">
      <h2>{T.solvency}</h2>
      <p className="muted">
        {T.averageRetainedLiability} {yuan(result.inputs.averageRetainedLiabilityCents)} · {T.minimumCapital} {yuan(result.inputs.minimumCapitalCents)}
      </p>
      <StressBars
        label="comprehensive ratio by scenario"
        caption={T.comprehensiveRatio}
        entries={[
          { key: 'baseline-ratio', name: T.baseline, value: baseline.comprehensiveRatioBp },
          ...scenarios.map((scenario) => ({ key: `${scenario.id}-ratio`, name: scenario.label, value: scenario.comprehensiveRatioBp })),
        ]}
        format={ratio}
      />
      <table className="grid">
        <thead>
          <tr>
            <th>{T.scenario}</th>
            <th>{T.loss}</th>
            <th>{T.lossAfterTax}</th>
            <th>{T.actualCapital}</th>
            <th>{T.comprehensiveRatio}</th>
            <th>{T.coreRatio}</th>
            {baseline.thresholds.map((threshold) => (
              <th key={threshold.id}>
                {threshold.label} ≥ {ratio(threshold.minimumRatioBp)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {scenarios.map((scenario) => (
            <tr key={scenario.id} data-testid={`solvency-${scenario.id}`}>
              <th>{scenario.label}</th>
              <td>{yuan(scenario.lossCents)}</td>
              <td>{yuan(scenario.lossAfterTaxCents)}</td>
              <td>{yuan(scenario.actualCapitalCents)}</td>
              <td>{ratio(scenario.comprehensiveRatioBp)}</td>
              <td>{ratio(scenario.coreRatioBp)}</td>
              {scenario.thresholds.map((threshold) => (
                <td key={threshold.id} className={threshold.outcome === 'breach' ? 'stress-breach' : undefined}>
                  {threshold.outcome === 'breach' ? T.breach : T.pass}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The unit's base periods compared: the comprehensive ratio under each solvency scenario in the latest result of each period. */
function Periods({ result }: { result: StressResult }) {
  const load = useCallback(async () => {
    const page = await stressEndpoints.list({ orgUnit: result.orgUnit, limit: 50 });
    const latest = new Map<string, string>();
    for (const item of page.items)
      if (item.orgUnit === result.orgUnit && item.horizon === result.horizon && !latest.has(item.period)) latest.set(item.period, item.resultId);
    const periods = [...latest.keys()].sort().slice(-8);
    return Promise.all(periods.map((period) => (latest.get(period) === result.resultId ? result : stressEndpoints.result(latest.get(period)!))));
  }, [result]);
  const { data } = useLoaded(load);
  if (!data) return null;
  const ids = result.solvency.scenarios.map((scenario) => scenario.id);
  return (
    <section className="card" aria-label="periods compared">
      <h2>{T.periods}</h2>
      <p className="muted">{T.periodsHint}</p>
      <LineChart
        title={T.comprehensiveRatio}
        labels={data.map((item) => item.period)}
        series={ids.map((id, index) => ({
          name: result.solvency.scenarios[index]!.label,
          values: data.map((item) => item.solvency.scenarios.find((scenario) => scenario.id === id)?.comprehensiveRatioBp ?? null),
          color: COLORS[index % COLORS.length]!,
        }))}
        format={ratio}
      />
    </section>
  );
}
