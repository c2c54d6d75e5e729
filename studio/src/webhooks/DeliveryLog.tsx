import { useCallback, useState } from 'react';
import { webhookEndpoints, type WebhookDelivery, type WebhookDeliveryDetail, type WebhookDeliveryState } from '../api/webhook-endpoints';
import { Status } from '../components/Status';
import { usePagedList } from '../monitoring/usePagedList';
import { EVENT_LABELS, formatTime, STATE_LABELS } from './labels';

const STATES = Object.keys(STATE_LABELS) as WebhookDeliveryState[];

/**
 * The delivery log (of one subscription or all in scope), one delivery's attempts and body, and
 * replay. The subscription and state come from the address (the page keeps them there); only the
 * latest request paints, so a slow answer for another subscription never shows its deliveries.
 */
export function DeliveryLog({
  subscriptionId,
  state,
  onState,
  canManage,
  refreshKey,
}: {
  subscriptionId: string | undefined;
  state: WebhookDeliveryState | '';
  onState: (state: WebhookDeliveryState | '') => void;
  canManage: boolean;
  refreshKey: number;
}) {
  const [open, setOpen] = useState<WebhookDeliveryDetail>();
  const [actionError, setActionError] = useState<unknown>();

  const fetchPage = useCallback(
    (before: string | undefined, signal: AbortSignal) => webhookEndpoints.deliveries({ subscriptionId, state, before }, signal),
    // refreshKey: the page asks for a fresh read after its own changes.
    [subscriptionId, state, refreshKey],
  );
  const { items, nextBefore, error: listError, loading, load } = usePagedList<WebhookDelivery>(fetchPage);
  const error = actionError ?? listError;
  const setError = setActionError;

  const show = async (deliveryId: string) => {
    setError(undefined);
    try {
      // The list row and the detail come from the same moment, so they never disagree on screen.
      const [detail] = await Promise.all([webhookEndpoints.delivery(deliveryId), load()]);
      setOpen(detail);
    } catch (caught) {
      setError(caught);
    }
  };

  const replay = async (deliveryId: string) => {
    setError(undefined);
    try {
      await webhookEndpoints.replay(deliveryId);
      await show(deliveryId);
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <section className="card" aria-label="delivery log">
      <h2>投递记录 Delivery log {subscriptionId ? `· ${subscriptionId}` : '· 全部 all'}</h2>
      <div className="row">
        <label className="inline">
          状态 State{' '}
          <select aria-label="delivery state" value={state} onChange={(event) => onState(event.target.value as WebhookDeliveryState | '')}>
            <option value="">全部 All</option>
            {STATES.map((item) => (
              <option key={item} value={item}>
                {STATE_LABELS[item]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="secondary" onClick={() => void load()}>
          刷新 Refresh
        </button>
      </div>
      <Status error={error} onDismiss={() => setError(undefined)} busy={loading} />
      {items && items.length === 0 && !loading && <p className="muted">无投递 No deliveries.</p>}
      {items && items.length > 0 && (
        <table className="grid" aria-label="deliveries" aria-busy={loading}>
          <thead>
            <tr>
              <th>时间 Created</th>
              <th>事件 Event</th>
              <th>状态 State</th>
              <th>尝试 Attempts</th>
              <th>最近 Last status</th>
              <th>耗时 Latency</th>
              <th>下次 Next attempt</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.deliveryId} className={item.state === 'failed' ? 'fail' : undefined}>
                <td>{formatTime(item.createdAt)}</td>
                <td data-testid="delivery-event">
                  {EVENT_LABELS[item.eventType] ?? item.eventType}
                  <div className="muted">
                    {item.eventId} · {item.eventOrgUnit}
                  </div>
                </td>
                <td data-testid="delivery-state">{STATE_LABELS[item.state]}</td>
                <td>
                  {item.attempts}
                  {item.replays > 0 && <span className="muted"> ({item.replays} replay)</span>}
                </td>
                <td>
                  {item.lastStatus ?? '—'}
                  {item.lastError && <div className="muted">{item.lastError}</div>}
                </td>
                <td>{item.lastLatencyMs === null ? '—' : `${item.lastLatencyMs} ms`}</td>
                <td>{formatTime(item.nextAttemptAt)}</td>
                <td>
                  <div className="row">
                    <button type="button" className="secondary" onClick={() => void show(item.deliveryId)}>
                      详情 Details
                    </button>
                    {canManage && (item.state === 'succeeded' || item.state === 'failed') && (
                      <button type="button" onClick={() => void replay(item.deliveryId)}>
                        重发 Replay
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextBefore && (
        <button type="button" className="secondary" disabled={loading} onClick={() => void load(nextBefore)}>
          更早 Older
        </button>
      )}
      {open && (
        <div className="card" aria-label="delivery detail">
          <h3>
            {open.delivery.deliveryId} · {STATE_LABELS[open.delivery.state]}
          </h3>
          <table className="grid" aria-label="attempts">
            <thead>
              <tr>
                <th>#</th>
                <th>时间 At</th>
                <th>结果 Outcome</th>
                <th>状态码 Status</th>
                <th>耗时 Latency</th>
                <th>错误 Error</th>
                <th>重试间隔 Retry in</th>
              </tr>
            </thead>
            <tbody>
              {open.attemptLog.map((attempt) => (
                <tr key={attempt.number} className={attempt.outcome === 'failed' ? 'fail' : undefined}>
                  <td>
                    {attempt.number}
                    {attempt.replay ? ' (replay)' : ''}
                  </td>
                  <td>{formatTime(attempt.at)}</td>
                  <td className={attempt.outcome === 'failed' ? 'fail' : 'pass'}>{attempt.outcome}</td>
                  <td>{attempt.status ?? '—'}</td>
                  <td>{attempt.latencyMs} ms</td>
                  <td>{attempt.error ?? ''}</td>
                  <td>{attempt.retryInMs === null ? '—' : `${attempt.retryInMs} ms`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>请求体 Body sent</h3>
          <pre aria-label="payload">{JSON.stringify(open.payload, null, 2)}</pre>
          <button type="button" className="link" onClick={() => setOpen(undefined)}>
            关闭 Close
          </button>
        </div>
      )}
    </section>
  );
}
