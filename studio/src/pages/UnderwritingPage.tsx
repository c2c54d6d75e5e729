import { useCallback, useState } from 'react';
import type { PrincipalView } from '../api/types';
import { BusyButton } from '../components/BusyButton';
import { ListWithDetail } from '../components/SidePanel';
import { Status } from '../components/Status';
import { applyFilters, readFilters, setFilters, useSearch } from '../monitoring/search';
import { usePagedList } from '../monitoring/usePagedList';
import { underwritingAccess } from '../underwriting/access';
import { RecordDetail } from '../underwriting/RecordDetail';
import { KIND_LABELS, SCOPE_LABELS, SOURCE_LABELS, STATUS_LABELS, UNDERWRITING_TERMS as T } from '../underwriting/terms';
import {
  underwritingEndpoints,
  type UnderwritingRecord,
  type UnderwritingRecordQuery,
  type UnderwritingSourceKind,
} from '../underwriting/underwriting-endpoints';

export const UNDERWRITING_PATH = '/underwriting';
const PAGE = 50;
const DEFAULTS = { obligorId: '', segmentKey: '', source: '', active: 'true' };
type Filters = typeof DEFAULTS;

/**
 * 新业务管控 Underwriting blocks (docs/underwriting.md, Arts 4, 8): the block and limit records in the user's scope with
 * their filters in the address, a record beside the list (rectification recorded, then confirmed by another approver),
 * and the form that records a funder's notice of loan-purpose misuse.
 */
export function UnderwritingPage({ me }: { me: PrincipalView }) {
  const search = useSearch();
  const applied = readFilters(search, DEFAULTS);
  const [draft, setDraft] = useState<Filters>(applied);
  const [selected, setSelected] = useState<string>();
  const [generation, setGeneration] = useState(0);
  const fetchPage = useCallback(
    (before: string | undefined, signal: AbortSignal) => {
      const set = setFilters(applied);
      const query: UnderwritingRecordQuery = {
        limit: PAGE,
        ...(set.obligorId ? { obligorId: set.obligorId } : {}),
        ...(set.segmentKey ? { segmentKey: set.segmentKey } : {}),
        ...(set.source ? { source: set.source as UnderwritingSourceKind } : {}),
        ...(set.active ? { active: set.active === 'true' } : {}),
        ...(before ? { before } : {}),
      };
      return underwritingEndpoints.records(query, signal);
    },
    // search holds the applied filters; generation reloads after a change
    [search, generation],
  );
  const { items, nextBefore, error, loading, load } = usePagedList<UnderwritingRecord>(fetchPage);
  const changed = () => setGeneration((value) => value + 1);
  const field = (name: keyof Filters, label: string) => (
    <label>
      {label}
      <input aria-label={name} value={draft[name]} onChange={(event) => setDraft({ ...draft, [name]: event.target.value })} />
    </label>
  );
  const list = (
    <>
      <form
        className="card filters"
        aria-label={T.filters}
        onSubmit={(event) => {
          event.preventDefault();
          applyFilters(draft, DEFAULTS);
        }}
      >
        {field('obligorId', T.obligor)}
        {field('segmentKey', T.segment)}
        <label>
          {T.source}
          <select aria-label="source" value={draft.source} onChange={(event) => setDraft({ ...draft, source: event.target.value })}>
            <option value="">{T.any}</option>
            {Object.entries(SOURCE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {T.active}
          <select aria-label="active" value={draft.active} onChange={(event) => setDraft({ ...draft, active: event.target.value })}>
            <option value="">{T.any}</option>
            <option value="true">{T.yes}</option>
            <option value="false">{T.no}</option>
          </select>
        </label>
        <button type="submit">{T.apply}</button>
      </form>
      <Status error={error} busy={loading} />
      {items && (
        <section className="card" aria-busy={loading} aria-label="underwriting records">
          <div className="scroll">
            <table className="grid">
              <thead>
                <tr>
                  <th>{T.obligor}</th>
                  <th>{T.kind}</th>
                  <th>{T.scope}</th>
                  <th>{T.source}</th>
                  <th>{T.share}</th>
                  <th>{T.startOn}</th>
                  <th>{T.endOn}</th>
                  <th>{T.status}</th>
                  <th>{T.unit}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.recordId} data-testid={`record-${item.recordId}`} className={item.recordId === selected ? 'selected' : undefined}>
                    <td>
                      <button type="button" className="link" onClick={() => setSelected(item.recordId)}>
                        {item.obligorId ?? item.segmentKey}
                      </button>
                    </td>
                    <td>{KIND_LABELS[item.kind]}</td>
                    <td>{SCOPE_LABELS[item.scope]}</td>
                    <td>{SOURCE_LABELS[item.source.kind]}</td>
                    <td>{item.share === null ? '—' : `${Math.round(item.share * 1000) / 10} %`}</td>
                    <td>{item.startOn}</td>
                    <td>{item.endOn ?? T.openEnded}</td>
                    <td>{STATUS_LABELS[item.status]}</td>
                    <td>{item.orgUnit}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {items.length === 0 && !loading && <p className="muted">{T.noRecords}</p>}
          {nextBefore && (
            <button type="button" className="secondary" disabled={loading} onClick={() => void load(nextBefore)}>
              {T.older}
            </button>
          )}
        </section>
      )}
      {underwritingAccess.recordNotice(me) && (
        <NoticeForm
          onRecorded={(recordId) => {
            changed();
            setSelected(recordId);
          }}
        />
      )}
    </>
  );
  return (
    <>
      <div className="page-header">
        <h1>{T.title}</h1>
      </div>
      <ListWithDetail
        label="underwriting record"
        list={list}
        detail={selected && <RecordDetail key={selected} recordId={selected} me={me} onChanged={changed} />}
        onClose={() => setSelected(undefined)}
      />
    </>
  );
}

/** A funder's notice that the obligor misused the loan purpose (Art. 4): the obligor is blocked until rectified. */
function NoticeForm({ onRecorded }: { onRecorded: (recordId: string) => void }) {
  const [form, setForm] = useState({ obligorId: '', funder: '', date: '', evidenceRef: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const input = (name: keyof typeof form, label: string, type = 'text') => (
    <label>
      {label}
      <input aria-label={`notice ${name}`} type={type} value={form[name]} onChange={(event) => setForm({ ...form, [name]: event.target.value })} />
    </label>
  );
  return (
    <section className="card" aria-label="funder notice">
      <h2>{T.notice}</h2>
      {input('obligorId', T.obligor)}
      {input('funder', T.funder)}
      {input('date', T.noticeDate, 'date')}
      {input('evidenceRef', T.evidenceRef)}
      <Status error={error} onDismiss={() => setError(undefined)} notice={notice} onDismissNotice={() => setNotice(undefined)} />
      <BusyButton
        busy={busy}
        disabled={!form.obligorId || !form.funder || !form.date || !form.evidenceRef}
        onClick={async () => {
          setBusy(true);
          setError(undefined);
          try {
            const recorded = await underwritingEndpoints.notice(form);
            setNotice(T.noticeRecorded);
            setForm({ obligorId: '', funder: '', date: '', evidenceRef: '' });
            onRecorded(recorded.record.recordId);
          } catch (failure) {
            setError(failure);
          } finally {
            setBusy(false);
          }
        }}
      >
        {T.recordNotice}
      </BusyButton>
    </section>
  );
}
