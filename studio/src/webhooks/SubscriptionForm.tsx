import { useState } from 'react';
import type { PrincipalView } from '../api/types';
import { webhookEndpoints, type WebhookEventType, type WebhookSubscriptionCreated } from '../api/webhook-endpoints';
import { ErrorView, FieldErrors } from '../components/ErrorView';
import { EVENT_LABELS } from './labels';
import { BusyButton } from '../components/BusyButton';

/** A new subscription: unit, URL, description, event types. The server checks everything and names the fields. */
export function SubscriptionForm({
  me,
  eventTypes,
  onCreated,
}: {
  me: PrincipalView;
  eventTypes: WebhookEventType[];
  onCreated: (created: WebhookSubscriptionCreated) => void;
}) {
  const [orgUnit, setOrgUnit] = useState(me.orgUnit);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [chosen, setChosen] = useState<WebhookEventType[]>([]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const toggle = (type: WebhookEventType) => setChosen((current) => (current.includes(type) ? current.filter((item) => item !== type) : [...current, type]));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await webhookEndpoints.create({ orgUnit, url, eventTypes: chosen, ...(description ? { description } : {}) });
      setUrl('');
      setDescription('');
      setChosen([]);
      onCreated(created);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" aria-label="new subscription" onSubmit={submit}>
      <h2>新建订阅 New subscription</h2>
      <div className="row">
        <label className="inline">
          机构 Org unit <input aria-label="org unit" value={orgUnit} onChange={(event) => setOrgUnit(event.target.value)} size={10} />
        </label>
        <label className="inline">
          地址 URL <input aria-label="url" value={url} onChange={(event) => setUrl(event.target.value)} size={48} placeholder="https://example.com/hooks" />
        </label>
        <label className="inline">
          说明 Description <input aria-label="description" value={description} onChange={(event) => setDescription(event.target.value)} size={24} />
        </label>
      </div>
      <FieldErrors error={error} path="/body/orgUnit" />
      <FieldErrors error={error} path="/body/url" />
      <fieldset aria-label="event types">
        <legend>事件 Event types</legend>
        {eventTypes.map((type) => (
          <label key={type} className="inline">
            <input type="checkbox" checked={chosen.includes(type)} onChange={() => toggle(type)} aria-label={type} /> {EVENT_LABELS[type]}
          </label>
        ))}
      </fieldset>
      <FieldErrors error={error} path="/body/eventTypes" />
      <ErrorView error={error} />
      <BusyButton busy={busy} type="submit">
        创建 Create subscription
      </BusyButton>
    </form>
  );
}
