import { useEffect, useState } from 'react';
import { monitoringEndpoints, type Decision } from '../api/monitoring-endpoints';
import { Pending } from '../components/Status';
import { Tabs } from '../components/Tabs';
import { MONITORING_TERMS, when } from '../monitoring/labels';
import '../monitoring/monitoring.css';
import { Link } from '../router';
import { EVENT_TYPE_LABELS } from '../terms';

/** One logged decision: which rule set version decided, on what facts (personal fields masked), with what events. */
export function DecisionPage({ decisionId }: { decisionId: string }) {
  const [decision, setDecision] = useState<Decision>();
  const [error, setError] = useState<unknown>();
  const [view, setView] = useState<'events' | 'facts'>('events');

  useEffect(() => {
    monitoringEndpoints.decision(decisionId).then(setDecision, setError);
  }, [decisionId]);

  if (error || !decision) return <Pending error={error} />;
  return (
    <>
      <h1>
        {MONITORING_TERMS.decision} <code>{decision.decisionId}</code>
      </h1>
      <section className="card" aria-label="decision">
        <dl className="facts-list">
          <dt>规则集 Rule set</dt>
          <dd data-testid="decision-ruleset">
            <Link to={`/rulesets/${decision.ruleSet.key}/v/${decision.ruleSet.version}`}>
              {decision.ruleSet.key} v{decision.ruleSet.version}
            </Link>
          </dd>
          <dt>时间 At</dt>
          <dd>
            {when(decision.at)} · {decision.durationMs.toFixed(2)} ms
          </dd>
          <dt>调用方 Caller</dt>
          <dd>
            {decision.caller}
            {decision.orgUnit ? ` · ${decision.orgUnit}` : ''}
          </dd>
          {/* Decisions logged before missing facts were recorded have no list: say nothing rather than "none". */}
          {decision.missingFacts && (
            <>
              <dt>缺失指标 Missing facts</dt>
              <dd data-testid="decision-missing-facts">{decision.missingFacts.length > 0 ? decision.missingFacts.join(', ') : '无 none'}</dd>
            </>
          )}
        </dl>
        <Tabs
          label="decision views"
          idPrefix="decision"
          selected={view}
          onSelect={setView}
          panelClassName="tab-body"
          tabs={[
            { id: 'events', label: `事件 Events (${decision.events.length})` },
            { id: 'facts', label: `指标 Facts (${Object.keys(decision.facts).length})` },
          ]}
        >
          {view === 'events' ? (
            <table className="grid" aria-label="decision events">
              <thead>
                <tr>
                  <th>类型 Type</th>
                  <th>规则 Rule</th>
                  <th>参数 Params</th>
                </tr>
              </thead>
              <tbody>
                {decision.events.map((event, index) => (
                  <tr key={index}>
                    <td>{EVENT_TYPE_LABELS[event.type] ?? event.type}</td>
                    <td>{event.rule ?? '—'}</td>
                    <td className="description">
                      {event.params
                        ? Object.entries(event.params)
                            .map(([name, value]) => `${name}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
                            .join(', ')
                        : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <table className="grid facts-table" aria-label="decision facts">
              <tbody>
                {Object.entries(decision.facts).map(([name, value]) => (
                  <tr key={name}>
                    <th>{name}</th>
                    <td>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Tabs>
      </section>
    </>
  );
}
