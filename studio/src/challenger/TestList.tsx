import { useEffect } from 'react';
import { useServerCall } from '../api/useServerCall';
import { Status } from '../components/Status';
import { Link } from '../router';
import { challengerEndpoints } from './challenger-endpoints';
import { CHALLENGER_TERMS as T, STATUS_LABELS } from './terms';

/** The tests of the caller's unit and below, newest first. */
export function TestList() {
  const call = useServerCall<Awaited<ReturnType<typeof challengerEndpoints.list>>>();
  useEffect(() => {
    void call.run(() => challengerEndpoints.list());
    // Loaded once per visit of the page.
  }, []);
  const items = call.result?.items ?? [];
  return (
    <section className="card" aria-label="champion/challenger tests">
      <h2>{T.tests}</h2>
      <Status busy={call.busy} error={call.error} />
      {call.result && items.length === 0 && <p className="muted">{T.none}</p>}
      {items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Id</th>
              <th>{T.ruleSet}</th>
              <th>{T.championVersion}</th>
              <th>{T.challengerVersion}</th>
              <th>{T.share}</th>
              <th>{T.orgUnit}</th>
              <th>{T.status}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((test) => (
              <tr key={test.testId}>
                <td>
                  <Link to={`/challenger/${encodeURIComponent(test.testId)}`}>{test.testId}</Link>
                </td>
                <td>{test.key}</td>
                <td>v{test.championVersion}</td>
                <td>v{test.challengerVersion}</td>
                <td>{(test.shareBasisPoints / 100).toFixed(2)}</td>
                <td>{test.orgUnit}</td>
                <td>{STATUS_LABELS[test.status] ?? test.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
