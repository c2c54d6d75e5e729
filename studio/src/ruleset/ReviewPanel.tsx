import { useState } from 'react';
import { endpoints } from '../api/endpoints';
import type { PrincipalView, RuleSetVersionView } from '../api/types';
import { ErrorView, FieldErrors } from '../components/ErrorView';
import { STATE_LABELS } from '../terms';

interface Props {
  view: RuleSetVersionView;
  me: PrincipalView;
  beforeSubmit: () => Promise<boolean>;
  onDone: (view: RuleSetVersionView) => void;
  onProblems: (error: unknown) => void;
}

const has = (me: PrincipalView, role: string) => me.roles.includes(role as never) || me.roles.includes('admin');

/** The lifecycle actions that fit the version's state and the user's roles; the server has the last word. */
export function ReviewPanel({ view, me, beforeSubmit, onDone, onProblems }: Props) {
  const [note, setNote] = useState('');
  const [when, setWhen] = useState<'now' | 'at'>('now');
  const [at, setAt] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const act = async (action: () => Promise<RuleSetVersionView>) => {
    setBusy(true);
    setError(undefined);
    try {
      onDone(await action());
      setNote('');
    } catch (caught) {
      setError(caught);
      onProblems(caught);
    } finally {
      setBusy(false);
    }
  };
  const reason = note.trim() || undefined;
  const { key, version, state } = view;

  return (
    <section aria-label="review" className="card">
      <p>
        状态 State: <strong data-testid="version-state">{STATE_LABELS[state] ?? state}</strong> · 作者 author {view.author}
        {view.approvedBy && ` · 批准 approved by ${view.approvedBy}`}
        {view.publishedBy && ` · 发布 published by ${view.publishedBy}`}
        {view.effectiveFrom && ` · 生效 effective from ${new Date(view.effectiveFrom).toLocaleString()}`}
      </p>
      <label>
        说明 / 审批意见 Note / review comment
        <textarea aria-label="note" rows={3} value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
      <FieldErrors error={error} path="/body/reason" />
      <FieldErrors error={error} path="/body/text" />
      <div className="row">
        {(has(me, 'approver') || has(me, 'policy-owner') || has(me, 'auditor')) && (
          <button type="button" disabled={busy || !reason} onClick={() => act(() => endpoints.comment(key, version, reason!))}>
            评论 Comment only
          </button>
        )}
        {state === 'draft' && has(me, 'policy-owner') && (
          <button type="button" disabled={busy} onClick={() => act(async () => ((await beforeSubmit()) ? endpoints.submit(key, version, reason) : view))}>
            提交审批 Submit for review
          </button>
        )}
        {state === 'in-review' && has(me, 'approver') && (
          <>
            <button type="button" disabled={busy} onClick={() => act(() => endpoints.approve(key, version, reason))}>批准 Approve</button>
            <button type="button" className="danger" disabled={busy} onClick={() => act(() => endpoints.reject(key, version, reason))}>驳回 Reject</button>
          </>
        )}
        {state === 'approved' && has(me, 'approver') && (
          <>
            <label className="inline"><input type="radio" name="when" checked={when === 'now'} onChange={() => setWhen('now')} /> 立即 now</label>
            <label className="inline"><input type="radio" name="when" checked={when === 'at'} onChange={() => setWhen('at')} /> 定时 at</label>
            {when === 'at' && <input type="datetime-local" aria-label="effective from" value={at} onChange={(event) => setAt(event.target.value)} />}
            <button
              type="button"
              disabled={busy || (when === 'at' && !at)}
              onClick={() => act(() => endpoints.publish(key, version, { ...(reason ? { reason } : {}), ...(when === 'at' ? { effectiveFrom: new Date(at).toISOString() } : {}) }))}
            >
              发布 Publish
            </button>
          </>
        )}
        {(state === 'published' || state === 'retired') && (has(me, 'policy-owner') || has(me, 'approver')) && (
          <button type="button" className="secondary" disabled={busy || !reason} title="需要说明 needs a note" onClick={() => act(() => endpoints.rollback(key, version, reason!))}>
            回滚到此版本 Roll back to this version
          </button>
        )}
      </div>
      <FieldErrors error={error} path="/body/effectiveFrom" />
      <ErrorView error={error} />
    </section>
  );
}
