import { webhookEndpoints, type WebhookNotification } from '../api/webhook-endpoints';
import { formatTime } from './labels';

/** What owners must act on: subscriptions disabled after repeated failures. */
export function NotificationsPanel({ items, onChanged, onError }: { items: WebhookNotification[]; onChanged: () => void; onError: (error: unknown) => void }) {
  const unread = items.filter((item) => item.readAt === null);
  return (
    <section className="card" aria-label="notifications">
      <h2>通知 Notifications {unread.length > 0 && <span className="level level-red">{unread.length} 未读 unread</span>}</h2>
      {items.length === 0 ? (
        <p className="muted">无通知 Nothing needs attention.</p>
      ) : (
        <ul>
          {items.map((item) => (
            <li key={item.notificationId} className={item.readAt ? 'muted' : undefined}>
              {formatTime(item.createdAt)} · {item.orgUnit} · 致 to {item.recipient}: {item.message}{' '}
              {item.readAt ? (
                <span>(已读 read by {item.readBy})</span>
              ) : (
                <button type="button" className="link" onClick={() => void webhookEndpoints.markRead(item.notificationId).then(onChanged, onError)}>
                  标为已读 Mark read
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
