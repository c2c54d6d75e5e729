import { type FormEvent, useEffect, useState } from 'react';
import { COLLECTION_CHANNEL_VALUES, type CollectionChannel } from '../../../server/generated/schema-types';
import type { PrincipalView } from '../api/types';
import { useServerCall } from '../api/useServerCall';
import { BusyButton } from '../components/BusyButton';
import { FieldErrors } from '../components/ErrorView';
import { Status } from '../components/Status';
import { CHANNEL_LABELS } from '../collections/terms';
import { bureauAccess } from './access';
import { bureauEndpoints, type BureauItemDetail } from './bureau-endpoints';
import { BUREAU_KIND_LABELS, BUREAU_STATUS_LABELS, BUREAU_TERMS as T, VALUE_LABELS, valueText } from './terms';

const today = () => new Date().toLocaleDateString('sv');

/** One item: what it reports, its links, its history; HQ records a pending notice as sent here. */
export function ItemDetail({ itemId, me, onChanged }: { itemId: string; me: PrincipalView; onChanged: () => void }) {
  const loaded = useServerCall<BureauItemDetail>();
  const { run } = loaded;
  useEffect(() => {
    void run(() => bureauEndpoints.detail(itemId));
    // load once per item
  }, [itemId]);
  const detail = loaded.result;
  if (!detail) return <Status busy={loaded.busy} error={loaded.error} />;
  const { item, history } = detail;
  return (
    <section aria-label="bureau item detail">
      <h2>
        {T.item} <code>{item.itemId}</code>
      </h2>
      <dl className="facts">
        <dt>{T.kind}</dt>
        <dd>{BUREAU_KIND_LABELS[item.kind]}</dd>
        <dt>{T.status}</dt>
        <dd data-testid="item-status">{BUREAU_STATUS_LABELS[item.status]}</dd>
        <dt>{T.loan}</dt>
        <dd>{item.loanId}</dd>
        <dt>{T.obligor}</dt>
        <dd>{item.obligorId}</dd>
        <dt>{T.eventDate}</dt>
        <dd>{item.eventDate}</dd>
        {Object.entries(item.values).map(([field, value]) => (
          <div key={field} className="contents">
            <dt>{VALUE_LABELS[field] ?? field}</dt>
            <dd>{valueText(field, value)}</dd>
          </div>
        ))}
        {item.notice && (
          <>
            <dt>{T.sentOn}</dt>
            <dd>
              {item.notice.sentOn} · {CHANNEL_LABELS[item.notice.channel] ?? item.notice.channel} · {item.notice.recordedBy}
            </dd>
            <dt>{T.noticeReadyOn}</dt>
            <dd data-testid="notice-ready-on">{item.noticeReadyOn}</dd>
          </>
        )}
        {item.batchId && (
          <>
            <dt>{T.batch}</dt>
            <dd>{item.batchId}</dd>
          </>
        )}
        {item.rejectionReason && (
          <>
            <dt>{T.rejection}</dt>
            <dd>{item.rejectionReason}</dd>
          </>
        )}
        {item.correctsItemId && (
          <>
            <dt>{T.corrects}</dt>
            <dd>{item.correctsItemId}</dd>
          </>
        )}
        {item.correctedByItemId && (
          <>
            <dt>{T.correctedBy}</dt>
            <dd>{item.correctedByItemId}</dd>
          </>
        )}
      </dl>
      {item.kind === 'default-notice' && item.status === 'pending' && bureauAccess.run(me) && (
        <NoticeForm
          itemId={item.itemId}
          revision={item.revision}
          onRecorded={(next) => {
            void run(() => Promise.resolve(next));
            onChanged();
          }}
        />
      )}
      <h3>{T.history}</h3>
      <ol className="history" aria-label="item history">
        {history.map((entry) => (
          <li key={entry.revision}>
            {new Date(entry.at).toLocaleString()} · {entry.action} · {entry.actor}
            {entry.note ? ` · ${entry.note}` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}

function NoticeForm({ itemId, revision, onRecorded }: { itemId: string; revision: number; onRecorded: (detail: BureauItemDetail) => void }) {
  const [sentOn, setSentOn] = useState(today());
  const [channel, setChannel] = useState<CollectionChannel>('letter');
  const call = useServerCall<BureauItemDetail>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void call.run(() => bureauEndpoints.recordNotice(itemId, { sentOn, channel, expectedRevision: revision }));
  };
  useEffect(() => {
    if (call.result) onRecorded(call.result);
    // tell the parent once per answer
  }, [call.result]);
  return (
    <form className="card" aria-label="record notice" onSubmit={submit}>
      <h3>{T.notice}</h3>
      <label>
        {T.sentOn} <input aria-label="sent on" type="date" value={sentOn} max={today()} onChange={(event) => setSentOn(event.target.value)} required />
      </label>
      <label>
        {T.channel}{' '}
        <select aria-label="channel" value={channel} onChange={(event) => setChannel(event.target.value as CollectionChannel)}>
          {COLLECTION_CHANNEL_VALUES.map((value) => (
            <option key={value} value={value}>
              {CHANNEL_LABELS[value] ?? value}
            </option>
          ))}
        </select>
      </label>
      <FieldErrors error={call.error} path="/body/sentOn" />
      <Status error={call.error} />
      <BusyButton type="submit" busy={call.busy}>
        {T.recordNotice}
      </BusyButton>
    </form>
  );
}
