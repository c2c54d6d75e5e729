import { useEffect, useState } from 'react';
import type { PrincipalView } from '../api/types';
import { useServerCall } from '../api/useServerCall';
import { BusyButton } from '../components/BusyButton';
import { Status } from '../components/Status';
import { Link } from '../router';
import { challengerEndpoints, type ChallengerComparison, type ChallengerTest } from './challenger-endpoints';
import { ComparisonTable } from './ComparisonTable';
import { CHALLENGER_TERMS as T, STATUS_LABELS } from './terms';

/** One test: what it compares, its history, start (an approver who did not request it) or end, and the comparison. */
export function TestView({ testId, me }: { testId: string; me: PrincipalView }) {
  const load = useServerCall<{ test: ChallengerTest; comparison: ChallengerComparison }>();
  const act = useServerCall<ChallengerTest>();
  const [winner, setWinner] = useState<'champion' | 'challenger'>('champion');
  const [reason, setReason] = useState('');
  const refresh = () =>
    load.run(async () => {
      const [test, comparison] = await Promise.all([challengerEndpoints.get(testId), challengerEndpoints.comparison(testId)]);
      return { test, comparison };
    });
  useEffect(() => {
    void refresh();
    // Loaded when the page opens on a test; actions reload it.
  }, [testId]);
  const test = load.result?.test;
  const approver = me.roles.includes('approver');
  const decider = approver || me.roles.includes('policy-owner') || me.roles.includes('admin');
  const after = (call: () => Promise<ChallengerTest>) => void act.run(call, (error) => (error ? undefined : void refresh()));
  return (
    <>
      <p>
        <Link to="/challenger">← {T.tests}</Link>
      </p>
      <Status busy={load.busy} error={load.error} />
      {test && (
        <section className="card" aria-label="champion/challenger test">
          <h2>
            {test.testId} · {test.key}
          </h2>
          <dl className="facts">
            <dt>{T.status}</dt>
            <dd data-testid="challenger-status">{STATUS_LABELS[test.status] ?? test.status}</dd>
            <dt>{T.championVersion}</dt>
            <dd>v{test.championVersion}</dd>
            <dt>{T.challengerVersion}</dt>
            <dd>v{test.challengerVersion}</dd>
            <dt>{T.share}</dt>
            <dd>{(test.shareBasisPoints / 100).toFixed(2)}</dd>
            <dt>{T.orgUnit}</dt>
            <dd>
              {test.orgUnit}
              {test.segments.length > 0 && ` · ${test.segments.map((segment) => Object.values(segment).join('/')).join(', ')}`}
            </dd>
            <dt>{T.reason}</dt>
            <dd>{test.reason}</dd>
            {test.winner && (
              <>
                <dt>{T.winner}</dt>
                <dd>{test.winner === 'challenger' ? T.challenger : T.champion}</dd>
              </>
            )}
            {test.promotedVersion && (
              <>
                <dt>{T.promoted}</dt>
                <dd>
                  <Link to={`/rulesets/${encodeURIComponent(test.key)}/v/${test.promotedVersion}`}>v{test.promotedVersion}</Link>
                </dd>
              </>
            )}
          </dl>
          <Status error={act.error} />
          {test.status === 'requested' && approver && (
            <BusyButton busy={act.busy} onClick={() => after(() => challengerEndpoints.start(test.testId, test.revision))}>
              {T.start}
            </BusyButton>
          )}
          {test.status === 'running' && decider && (
            <form
              aria-label="end the test"
              className="row"
              onSubmit={(event) => {
                event.preventDefault();
                after(() => challengerEndpoints.end(test.testId, { revision: test.revision, winner, reason }));
              }}
            >
              <label className="inline">
                {T.winner}{' '}
                <select aria-label={T.winner} value={winner} onChange={(event) => setWinner(event.target.value as 'champion' | 'challenger')}>
                  <option value="champion">{T.champion}</option>
                  <option value="challenger">{T.challenger}</option>
                </select>
              </label>
              <label className="inline">
                {T.reason} <input aria-label={T.reason} required value={reason} onChange={(event) => setReason(event.target.value)} />
              </label>
              <BusyButton type="submit" busy={act.busy}>
                {T.end}
              </BusyButton>
            </form>
          )}
          <h3>{T.history}</h3>
          <ul>
            {test.history.map((entry) => (
              <li key={`${entry.action}-${entry.at}`}>
                {entry.at.slice(0, 16).replace('T', ' ')} · {entry.action} · {entry.actor}
                {entry.note ? ` · ${entry.note}` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
      {load.result && <ComparisonTable comparison={load.result.comparison} />}
    </>
  );
}
