import { webhookEndpoints, type WebhookSubscription, type WebhookSubscriptionCreated } from '../api/webhook-endpoints';
import { EVENT_LABELS, formatTime } from './labels';

interface Props {
  items: WebhookSubscription[];
  canManage: boolean;
  selected: string | undefined;
  onSelect: (subscriptionId: string | undefined) => void;
  /** After every action, successful or not (a 409 means the list is stale): reload. */
  onChanged: () => void;
  onSecret: (created: WebhookSubscriptionCreated) => void;
  onError: (error: unknown) => void;
}

/** Subscriptions in the user's scope, with enable/disable, secret rotation and deletion for managers. */
export function SubscriptionsTable({ items, canManage, selected, onSelect, onChanged, onSecret, onError }: Props) {
  const act = async (action: () => Promise<unknown>) => {
    try {
      await action();
      onChanged();
    } catch (caught) {
      onError(caught);
      onChanged();
    }
  };

  if (items.length === 0) return <p className="muted">无订阅 No subscriptions in your scope.</p>;
  return (
    <table className="grid" aria-label="subscriptions">
      <thead>
        <tr>
          <th>机构 Unit</th>
          <th>地址 URL</th>
          <th>事件 Events</th>
          <th>状态 Status</th>
          <th>连续失败 Failures</th>
          <th>密钥 Secret</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.subscriptionId} data-testid={`subscription-${item.subscriptionId}`} aria-selected={item.subscriptionId === selected}>
            <td>{item.orgUnit}</td>
            <td>
              <code>{item.url}</code>
              {item.description && <div className="muted">{item.description}</div>}
              <div className="muted">
                {item.subscriptionId} · {item.owner} · v{item.version}
              </div>
            </td>
            <td>
              {item.eventTypes.map((type) => (
                <div key={type}>{EVENT_LABELS[type]}</div>
              ))}
            </td>
            <td data-testid="subscription-status">
              {item.enabled ? <span className="pass">启用 enabled</span> : <span className="fail">停用 disabled</span>}
              {item.disabledReason && (
                <div className="muted">
                  {item.disabledReason} · {formatTime(item.disabledAt)}
                </div>
              )}
            </td>
            <td>{item.consecutiveFailures}</td>
            <td>
              <code>{item.secretHint}</code>
            </td>
            <td>
              <div className="row">
                <button type="button" className="secondary" onClick={() => onSelect(item.subscriptionId === selected ? undefined : item.subscriptionId)}>
                  {item.subscriptionId === selected ? '全部记录 All deliveries' : '投递记录 Deliveries'}
                </button>
                {canManage && (
                  <>
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => void act(() => webhookEndpoints.update(item.subscriptionId, { version: item.version, enabled: !item.enabled }))}
                    >
                      {item.enabled ? '停用 Disable' : '启用 Enable'}
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => void act(async () => onSecret(await webhookEndpoints.rotateSecret(item.subscriptionId, item.version)))}
                    >
                      更换密钥 Rotate secret
                    </button>
                    <button
                      type="button"
                      className="danger"
                      onClick={() => {
                        if (confirm(`Delete subscription ${item.subscriptionId}? Pending deliveries are cancelled.`))
                          void act(() => webhookEndpoints.remove(item.subscriptionId, item.version));
                      }}
                    >
                      删除 Delete
                    </button>
                  </>
                )}
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
