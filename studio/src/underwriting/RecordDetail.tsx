import { useCallback, useEffect, useState } from 'react';
import type { PrincipalView } from '../api/types';
import { BusyButton } from '../components/BusyButton';
import { Pending, Status } from '../components/Status';
import { underwritingAccess } from './access';
import { KIND_LABELS, SOURCE_LABELS, STATUS_LABELS, UNDERWRITING_TERMS as T } from './terms';
import { underwritingEndpoints, type UnderwritingRecordDetail } from './underwriting-endpoints';

/** One record beside the list: its source and dates, the rectification of a funder-notice block (record, then confirm by another approver), its history. */
export function RecordDetail({ recordId, me, onChanged }: { recordId: string; me: PrincipalView; onChanged: () => void }) {
  const [detail, setDetail] = useState<UnderwritingRecordDetail>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const reload = useCallback(() => underwritingEndpoints.detail(recordId).then(setDetail, setError), [recordId]);
  useEffect(() => void reload(), [reload]);
  if (!detail) return <Pending error={error} />;
  const { record, history } = detail;
  const act = async (call: () => Promise<UnderwritingRecordDetail>) => {
    setBusy(true);
    setError(undefined);
    try {
      setDetail(await call());
      setNote('');
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-label="underwriting record detail">
      <h2>
        {KIND_LABELS[record.kind]} · {record.obligorId ?? record.segmentKey}
      </h2>
      <dl className="facts">
        <dt>{T.status}</dt>
        <dd data-testid="record-status">{STATUS_LABELS[record.status]}</dd>
        <dt>{T.source}</dt>
        <dd>
          {SOURCE_LABELS[record.source.kind]}
          {record.source.funder ? ` · ${record.source.funder} · ${record.source.noticeDate} · ${record.source.evidenceRef}` : ''}
          {record.source.alertId ? ` · ${record.source.alertId}` : ''}
        </dd>
        <dt>{T.reason}</dt>
        <dd>{record.reason}</dd>
        <dt>{T.startOn}</dt>
        <dd>{record.startOn}</dd>
        <dt>{T.endOn}</dt>
        <dd>{record.endOn ?? T.openEnded}</dd>
        {record.share !== null && (
          <>
            <dt>{T.share}</dt>
            <dd>{Math.round(record.share * 1000) / 10} %</dd>
          </>
        )}
        {record.rectification && (
          <>
            <dt>{T.recordedBy}</dt>
            <dd>
              {record.rectification.recordedBy} · {record.rectification.note}
            </dd>
            <dt>{T.confirmedBy}</dt>
            <dd>{record.rectification.confirmedBy ?? '—'}</dd>
          </>
        )}
      </dl>
      <Status error={error} onDismiss={() => setError(undefined)} />
      {(record.status === 'active' || record.status === 'rectification-recorded') && (
        <div className="actions">
          {record.source.kind === 'funder-notice' && record.status === 'active' && underwritingAccess.recordNotice(me) && (
            <>
              <label>
                {T.note}
                <textarea aria-label="rectification note" value={note} onChange={(event) => setNote(event.target.value)} />
              </label>
              <BusyButton
                busy={busy}
                disabled={!note.trim()}
                onClick={() => void act(() => underwritingEndpoints.rectify(recordId, { revision: record.revision, note }))}
              >
                {T.recordRectification}
              </BusyButton>
            </>
          )}
          {record.status === 'rectification-recorded' && underwritingAccess.approve(me) && (
            <>
              <p className="muted">{T.makerChecker}</p>
              <BusyButton busy={busy} onClick={() => void act(() => underwritingEndpoints.confirm(recordId, { revision: record.revision }))}>
                {T.confirmRectification}
              </BusyButton>
            </>
          )}
          {record.source.kind !== 'funder-notice' && underwritingAccess.approve(me) && (
            <BusyButton busy={busy} onClick={() => void act(() => underwritingEndpoints.end(recordId, { revision: record.revision }))}>
              {T.endRecord}
            </BusyButton>
          )}
        </div>
      )}
      <h3>{T.history}</h3>
      <ol className="history">
        {history.map((entry) => (
          <li key={entry.revision}>
            {new Date(entry.at).toLocaleString()} · {entry.actor} · {entry.action}
            {entry.note ? ` · ${entry.note}` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}
