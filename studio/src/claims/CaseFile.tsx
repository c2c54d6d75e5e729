import { useCallback, useState } from 'react';
import type { PrincipalView } from '../api/types';
import { BusyButton } from '../components/BusyButton';
import { ErrorView } from '../components/ErrorView';
import { Link } from '../router';
import { useLoaded } from '../vendors/use-loaded';
import { claimEndpoints, type ClaimDeadlineCase, type ClaimWorkflowDetail } from './claim-endpoints';
import { CaseSections } from './CaseSections';
import { STEP_FIELDS, STEP_PATH, stepBody, stepRole } from './step-forms';
import { CLAIM_TERMS, DEADLINE_STATE_LABELS, STAGE_LABELS, STEP_LABELS } from './terms';

const WORKBENCH = '/claim-workbench';

/**
 * One claim case: its deadlines, the report beside the platform's figures with each difference (reconciled in place),
 * the estimated loss, the adjustment line by line, the documents checklist, the history, and the steps its status and
 * the user's roles allow. Every step posts the revision read: a case changed meanwhile answers 409, shown in words.
 */
export function CaseFile({ me, caseId }: { me: PrincipalView; caseId: string }) {
  const load = useCallback(
    async (): Promise<{ detail: ClaimWorkflowDetail; deadlines: ClaimDeadlineCase }> => ({
      detail: await claimEndpoints.detail(caseId),
      deadlines: await claimEndpoints.deadlines(caseId),
    }),
    [caseId],
  );
  const loaded = useLoaded(load);
  const { data, loadError, actionError, busy, notice, run } = loaded;
  if (loadError) return <ErrorView error={loadError} />;
  if (!data) return <p aria-busy="true">…</p>;
  const { detail, deadlines } = data;
  const post = (action: string, body: Record<string, unknown>) =>
    run(`${STEP_LABELS[action] ?? action} · ${CLAIM_TERMS.done}`, () =>
      claimEndpoints.step(caseId, STEP_PATH[action] ?? action, { revision: detail.claim.revision, ...body }),
    );
  return (
    <section aria-label="claim case file">
      <p>
        <Link to={WORKBENCH}>{CLAIM_TERMS.back}</Link>
      </p>
      <h1>
        {CLAIM_TERMS.caseFile} {detail.claim.caseId}
      </h1>
      <p>
        {CLAIM_TERMS.status}: <strong data-testid="claim-status">{detail.claim.status}</strong> · {CLAIM_TERMS.loan} {detail.claim.loanId} · {CLAIM_TERMS.unit}{' '}
        {detail.claim.orgUnit} · r{detail.claim.revision}
      </p>
      <section aria-label="deadlines">
        <h2>{CLAIM_TERMS.deadlines}</h2>
        {deadlines.deadlines.length === 0 ? (
          <p className="muted">{DEADLINE_STATE_LABELS.none}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{CLAIM_TERMS.stage}</th>
                <th>{CLAIM_TERMS.dueOn}</th>
                <th>{CLAIM_TERMS.daysLeft}</th>
                <th>{CLAIM_TERMS.limit}</th>
                <th>{CLAIM_TERMS.limitSource}</th>
                <th>{CLAIM_TERMS.deadlineState}</th>
              </tr>
            </thead>
            <tbody>
              {deadlines.deadlines.map((deadline) => (
                <tr key={deadline.stage}>
                  <td>{STAGE_LABELS[deadline.stage]}</td>
                  <td>{deadline.dueOn ?? '—'}</td>
                  <td>{deadline.daysLeft ?? '—'}</td>
                  <td>{deadline.limitDays ?? '—'}</td>
                  <td>{deadline.limitSource}</td>
                  <td>{DEADLINE_STATE_LABELS[deadline.state]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorView error={actionError} />
      <Actions me={me} detail={detail} busy={busy} post={post} />
      <CaseSections me={me} detail={detail} busy={busy} post={post} />
    </section>
  );
}

/** The steps the case's status allows that the user's roles may take (the adjuster is not offered approval). */
function Actions({
  me,
  detail,
  busy,
  post,
}: {
  me: PrincipalView;
  detail: ClaimWorkflowDetail;
  busy: boolean;
  post: (action: string, body: Record<string, unknown>) => Promise<boolean>;
}) {
  const [open, setOpen] = useState<string>();
  const [values, setValues] = useState<Record<string, string>>({});
  const actions = detail.workflow.nextActions.filter(
    (action) => action in STEP_FIELDS && me.roles.includes(stepRole(action) as never) && !(action === 'approve' && detail.workflow.adjustment?.by === me.name),
  );
  return (
    <section aria-label="actions">
      <h2>{CLAIM_TERMS.actions}</h2>
      {actions.length === 0 && <p className="muted">{CLAIM_TERMS.noActions}</p>}
      <div className="actions">
        {actions.map((action) => {
          const fields = STEP_FIELDS[action]!;
          return fields.length === 0 ? (
            <BusyButton key={action} busy={busy} onClick={() => void post(action, {})}>
              {STEP_LABELS[action] ?? action}
            </BusyButton>
          ) : (
            <button key={action} type="button" disabled={busy} aria-expanded={open === action} onClick={() => setOpen(open === action ? undefined : action)}>
              {STEP_LABELS[action] ?? action}…
            </button>
          );
        })}
      </div>
      {open && actions.includes(open) && (
        <form
          aria-label={`${open} form`}
          onSubmit={(event) => {
            event.preventDefault();
            void post(open, stepBody(open, values)).then((ok) => {
              if (ok) {
                setOpen(undefined);
                setValues({});
              }
            });
          }}
        >
          {STEP_FIELDS[open]!.map((field) => (
            <label key={field.name}>
              {field.label}{' '}
              {field.kind === 'select' ? (
                <select
                  aria-label={field.name}
                  value={values[field.name] ?? ''}
                  onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
                >
                  <option value="" />
                  {field.options!.map((option) => (
                    <option key={option} value={option}>
                      {option}
                    </option>
                  ))}
                </select>
              ) : field.kind === 'lines' ? (
                <textarea
                  aria-label={field.name}
                  value={values[field.name] ?? ''}
                  onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
                />
              ) : (
                <input
                  aria-label={field.name}
                  type={field.kind === 'date' ? 'date' : field.kind === 'yuan' ? 'number' : 'text'}
                  step={field.kind === 'yuan' ? '0.01' : undefined}
                  required={field.required}
                  value={values[field.name] ?? ''}
                  onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
                />
              )}
            </label>
          ))}
          <BusyButton busy={busy} type="submit">
            {STEP_LABELS[open] ?? open}
          </BusyButton>
        </form>
      )}
    </section>
  );
}
