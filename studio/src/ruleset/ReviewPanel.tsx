import { useState } from 'react';
import { endpoints } from '../api/endpoints';
import type { PrincipalView, RuleSetSummary, RuleSetVersionView } from '../api/types';
import { ErrorView, FieldErrors } from '../components/ErrorView';
import { STATE_LABELS } from '../terms';
import { DiffPanel } from './DiffPanel';
import { ImpactPanel } from './ImpactPanel';
import { BacktestPanel } from '../backtest/BacktestPanel';
import { BACKTEST_TERMS } from '../backtest/terms';
import { localTime, REVIEW_TERMS } from './review-terms';
import { TestsPanel } from './TestsPanel';
import { BusyButton } from '../components/BusyButton';

interface Props {
  view: RuleSetVersionView;
  summary: RuleSetSummary;
  me: PrincipalView;
  beforeSubmit: () => Promise<boolean>;
  onDone: (view: RuleSetVersionView) => void;
  onProblems: (error: unknown) => void;
}

const has = (me: PrincipalView, role: string) => me.roles.includes(role as never) || me.roles.includes('admin');
const frozen = () => Promise.resolve(true);

/** The version's state in words; a publication for later says when it takes effect. */
function stateText(view: RuleSetVersionView): string {
  if (view.state === 'scheduled') return `${REVIEW_TERMS.scheduledFor} ${view.effectiveFrom ? localTime(view.effectiveFrom) : '—'}`;
  return STATE_LABELS[view.state] ?? view.state;
}

/**
 * The lifecycle actions that fit the version's state and the user's roles, and for a version in
 * review or approved, what the approver decides on: the submitter's note, the changes against the
 * published version, the embedded tests and the impact preview. The server has the last word
 * (maker-checker between natural persons, server/identity/natural-person.ts); the studio only
 * leaves out what it knows the server would refuse.
 */
export function ReviewPanel({ view, summary, me, beforeSubmit, onDone, onProblems }: Props) {
  const [note, setNote] = useState('');
  const [when, setWhen] = useState<'now' | 'at'>('now');
  const [at, setAt] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // The publication runs from the confirmation, which closes at once: the Publish button shows it running.
  const [publishing, setPublishing] = useState(false);

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
      setPublishing(false);
    }
  };
  const reason = note.trim() || undefined;
  const { key, version, state } = view;
  const underReview = state === 'in-review' || state === 'approved';
  // Approval needs the approver role itself (admin does not stand in) and no hand in the version.
  const maker = (view.makers ?? [view.author]).includes(me.name);
  const approver = me.roles.includes('approver');
  const effectiveFrom = when === 'at' && at ? new Date(at).toISOString() : undefined;

  return (
    <section aria-label="review" className="card">
      <p>
        状态 State: <strong data-testid="version-state">{stateText(view)}</strong> · 作者 author {view.author}
        {view.makers && view.makers.length > 1 && ` · 编辑 edited by ${view.makers.filter((name) => name !== view.author).join(', ')}`}
        {view.approvedBy && ` · 批准 approved by ${view.approvedBy}`}
        {view.publishedBy && ` · 发布 published by ${view.publishedBy}`}
        {view.effectiveFrom && ` · 生效 effective from ${localTime(view.effectiveFrom)}`}
      </p>
      {underReview && <ReviewMaterial view={view} summary={summary} />}
      <label>
        说明 / 审批意见 Note / review comment
        <textarea aria-label="note" rows={3} value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
      <FieldErrors error={error} path="/body/reason" />
      <FieldErrors error={error} path="/body/text" />
      {state === 'in-review' && approver && maker && (
        <p className="notice" data-testid="not-approvable">
          {REVIEW_TERMS.notApprovable}
        </p>
      )}
      {state === 'in-review' && !approver && me.roles.includes('admin') && <p className="muted">{REVIEW_TERMS.needsApproverRole}</p>}
      <div className="row">
        {(has(me, 'approver') || has(me, 'policy-owner') || has(me, 'auditor')) && (
          <BusyButton busy={busy} type="button" disabled={!reason} onClick={() => act(() => endpoints.comment(key, version, reason!))}>
            评论 Comment only
          </BusyButton>
        )}
        {state === 'draft' && has(me, 'policy-owner') && (
          <BusyButton busy={busy} type="button" onClick={() => act(async () => ((await beforeSubmit()) ? endpoints.submit(key, version, reason) : view))}>
            提交审批 Submit for review
          </BusyButton>
        )}
        {state === 'in-review' && approver && !maker && (
          <>
            <BusyButton busy={busy} type="button" onClick={() => act(() => endpoints.approve(key, version, reason))}>
              批准 Approve
            </BusyButton>
            <BusyButton busy={busy} type="button" className="danger" onClick={() => act(() => endpoints.reject(key, version, reason))}>
              驳回 Reject
            </BusyButton>
          </>
        )}
        {state === 'approved' && has(me, 'approver') && (
          <>
            <label className="inline">
              <input type="radio" name="when" checked={when === 'now'} onChange={() => setWhen('now')} /> 立即 now
            </label>
            <label className="inline">
              <input type="radio" name="when" checked={when === 'at'} onChange={() => setWhen('at')} /> 定时 at
            </label>
            {when === 'at' && <input type="datetime-local" aria-label="effective from" value={at} onChange={(event) => setAt(event.target.value)} />}
            <BusyButton busy={busy} working={publishing} disabled={confirming || (when === 'at' && !at)} onClick={() => setConfirming(true)}>
              发布 Publish
            </BusyButton>
          </>
        )}
        {(state === 'published' || state === 'retired') && (has(me, 'policy-owner') || has(me, 'approver')) && (
          <BusyButton
            busy={busy}
            type="button"
            className="secondary"
            disabled={!reason}
            title="需要说明 needs a note"
            onClick={() => act(() => endpoints.rollback(key, version, reason!))}
          >
            回滚到此版本 Roll back to this version
          </BusyButton>
        )}
      </div>
      {confirming && state === 'approved' && (
        <div className="card confirm" role="alertdialog" aria-label="confirm publish" aria-describedby="confirm-publish-text">
          <p id="confirm-publish-text">
            <strong>
              {key} v{version}
            </strong>{' '}
            {effectiveFrom
              ? `将于 ${localTime(effectiveFrom)} 起生效，在此之前 v${summary.activeVersion ?? '—'} 继续有效。Takes effect at ${localTime(effectiveFrom)}; until then v${summary.activeVersion ?? '—'} stays in force.`
              : `将立即生效，替代 v${summary.activeVersion ?? '—'}。Takes effect now, in place of v${summary.activeVersion ?? '—'}, for every evaluation.`}
          </p>
          <div className="row">
            <BusyButton
              busy={busy}
              type="button"
              onClick={() => {
                setConfirming(false);
                setPublishing(true);
                void act(() => endpoints.publish(key, version, { ...(reason ? { reason } : {}), ...(effectiveFrom ? { effectiveFrom } : {}) }));
              }}
            >
              {REVIEW_TERMS.confirmPublish}
            </BusyButton>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              {REVIEW_TERMS.cancel}
            </button>
          </div>
        </div>
      )}
      <FieldErrors error={error} path="/body/effectiveFrom" />
      <ErrorView error={error} />
    </section>
  );
}

/** What an approver decides on, on one screen. */
function ReviewMaterial({ view, summary }: { view: RuleSetVersionView; summary: RuleSetSummary }) {
  const submitted = [...(view.history ?? [])]
    .reverse()
    .find((entry) => entry.version === view.version && (entry.action === 'submit' || entry.action === 'rollback'));
  const published = summary.activeVersion && summary.activeVersion !== view.version ? summary.activeVersion : undefined;
  return (
    <div className="review-material">
      <div className="card" data-testid="submitter-note">
        <h3>{REVIEW_TERMS.submitterNote}</h3>
        {submitted ? (
          <p>
            {submitted.reason ?? REVIEW_TERMS.noNote}{' '}
            <span className="muted">
              — {submitted.actor}, {localTime(submitted.at)}
            </span>
          </p>
        ) : (
          <p className="muted">{REVIEW_TERMS.noNote}</p>
        )}
      </div>
      <h3>{REVIEW_TERMS.diffAgainstPublished}</h3>
      {published ? <DiffPanel summary={summary} defaultFrom={published} defaultTo={view.version} /> : <p className="muted">{REVIEW_TERMS.nothingPublished}</p>}
      <h3>{REVIEW_TERMS.testResults}</h3>
      <TestsPanel ruleSetKey={view.key} version={view.version} beforeRun={frozen} onProblems={() => undefined} autoRun />
      {view.ruleSet.family === 'warning.obligor' && (
        <>
          <h3>{REVIEW_TERMS.impactPreview}</h3>
          <ImpactPanel ruleSetKey={view.key} version={view.version} beforeRun={frozen} autoRun />
          <h3>{BACKTEST_TERMS.title}</h3>
          <BacktestPanel ruleSetKey={view.key} version={view.version} />
        </>
      )}
      {view.ruleSet.family === 'warning.portfolio' && (
        <>
          <h3>{BACKTEST_TERMS.title}</h3>
          <BacktestPanel ruleSetKey={view.key} version={view.version} />
        </>
      )}
    </div>
  );
}
