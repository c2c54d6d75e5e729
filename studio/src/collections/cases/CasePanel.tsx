import { type FormEvent, useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import type { PrincipalView } from '../../api/types';
import { BusyButton } from '../../components/BusyButton';
import { Status } from '../../components/Status';
import { Link } from '../../router';
import { CASE_ACTION_LABELS, CASE_STATUS_LABELS, COLLECTION_TERMS, HANDLER_LABELS, MALICE_LABELS } from '../terms';
import { caseEndpoints, type Case, type CaseDetail } from './case-endpoints';

export const timelinePath = (obligorId: string) => `/collection/obligors/${encodeURIComponent(obligorId)}/timeline`;

/** One case beside the list: its fields, the funder's details and plan, the malice assessment and reassignment (collection staff), and its history. */
export function CasePanel({ caseId, me, onChanged }: { caseId: string; me: PrincipalView; onChanged: (updated: Case) => void }) {
  const [detail, setDetail] = useState<CaseDetail>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
  // Bumped by Reload after a 409: the panel reads the case again and its forms start from the latest revision.
  const [reads, setReads] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    setBusy(true);
    caseEndpoints
      .detail(caseId, abort.signal)
      .then(setDetail, (caught: unknown) => !abort.signal.aborted && setError(caught))
      .finally(() => !abort.signal.aborted && setBusy(false));
    return () => abort.abort();
  }, [caseId, reads]);

  /** A change names the revision the panel shows; a stale one answers 409 and the words say so (the panel keeps what was typed). */
  const change = async (call: () => Promise<CaseDetail>, done: string) => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const updated = await call();
      setDetail(updated);
      onChanged(updated.case);
      setNotice(done);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const worker = me.roles.includes('branch-operator');
  const item = detail?.case;
  return (
    <div className="case-panel">
      <h2>
        {COLLECTION_TERMS.case} {caseId}
      </h2>
      <Status error={error} busy={busy && !detail} notice={notice} onDismiss={() => setError(undefined)} onDismissNotice={() => setNotice(undefined)} />
      {error instanceof ApiError && error.status === 409 && (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setError(undefined);
            setReads((count) => count + 1);
          }}
        >
          重新加载 Reload the latest
        </button>
      )}
      {item && (
        <>
          <p>
            <Link to={timelinePath(item.obligorId)}>{COLLECTION_TERMS.timeline}</Link>
          </p>
          <dl className="fields" aria-label="case fields">
            <dt>{COLLECTION_TERMS.obligor}</dt>
            <dd>{item.obligorId}</dd>
            <dt>{COLLECTION_TERMS.funderLine}</dt>
            <dd>{item.funderLine}</dd>
            <dt>{COLLECTION_TERMS.stage}</dt>
            <dd>
              {item.stage} · {COLLECTION_TERMS.stageSince} {item.stageSince}
            </dd>
            <dt>{COLLECTION_TERMS.status}</dt>
            <dd>
              {CASE_STATUS_LABELS[item.status] ?? item.status}
              {item.closedReason ? ` (${item.closedReason})` : ''}
            </dd>
            <dt>{COLLECTION_TERMS.openedOn}</dt>
            <dd>{item.openedOn}</dd>
            <dt>{COLLECTION_TERMS.handler}</dt>
            <dd data-testid="case-handler">
              {item.handler
                ? `${HANDLER_LABELS[item.handler.type] ?? item.handler.type}${item.handler.agencyCategory ? ` · ${item.handler.agencyCategory}` : ''} — ${item.handler.reason} (${item.handler.basis})`
                : '—'}
            </dd>
            <dt>{COLLECTION_TERMS.treatment}</dt>
            <dd>{item.handler?.treatment.map((step) => `${step.channel} ${step.on}`).join(', ') || '—'}</dd>
            <dt>{COLLECTION_TERMS.delinquency}</dt>
            <dd>
              {item.delinquencyDetails
                ? `${item.delinquencyDetails.reportedOn} · ${item.delinquencyDetails.source}: ${item.delinquencyDetails.note}`
                : COLLECTION_TERMS.none}
            </dd>
            <dt>{COLLECTION_TERMS.plan}</dt>
            <dd>
              {item.collectionPlan
                ? `${item.collectionPlan.measures.join(', ')} (${item.collectionPlan.from} – ${item.collectionPlan.to})${item.collectionPlan.agreedWith ? ` · ${item.collectionPlan.agreedWith}` : ''}`
                : COLLECTION_TERMS.none}
            </dd>
            <dt>{COLLECTION_TERMS.malice}</dt>
            <dd data-testid="malice-assessment">
              {item.maliceAssessment
                ? `${MALICE_LABELS[item.maliceAssessment.assessment] ?? item.maliceAssessment.assessment} · ${item.maliceAssessment.reasons.join('; ')} (${item.maliceAssessment.assessor}, ${item.maliceAssessment.assessedOn})`
                : COLLECTION_TERMS.none}
            </dd>
          </dl>
          {worker && (
            <MaliceForm
              key={`malice-${item.revision}-${reads}`}
              item={item}
              busy={busy}
              onSave={(body) => change(() => caseEndpoints.assessMalice(item.caseId, body), '已保存评估 Assessment saved')}
            />
          )}
          {worker && item.status === 'open' && (
            <ReassignForm
              busy={busy}
              onSave={(body) => change(() => caseEndpoints.reassign(item.caseId, { ...body, revision: item.revision }), '已改派 Reassigned')}
            />
          )}
          <h3>{COLLECTION_TERMS.history}</h3>
          <ol className="history" aria-label="case history">
            {detail.history.map((entry) => (
              <li key={entry.revision}>
                {entry.asOf ?? entry.at.slice(0, 10)} · {CASE_ACTION_LABELS[entry.action] ?? entry.action} · {entry.actor}
                {entry.note ? ` — ${entry.note}` : ''}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

/** The revision is the one shown when the form was opened: editing a case someone changed meanwhile is refused (409), not overwritten. */
function MaliceForm({
  item,
  busy,
  onSave,
}: {
  item: Case;
  busy: boolean;
  onSave: (body: { revision: number; assessment: 'yes' | 'no' | 'unclear'; reasons: string[]; evidence: string[] }) => Promise<void>;
}) {
  const [assessment, setAssessment] = useState<'yes' | 'no' | 'unclear'>(item.maliceAssessment?.assessment ?? 'unclear');
  const [reasons, setReasons] = useState(item.maliceAssessment?.reasons.join('\n') ?? '');
  const [evidence, setEvidence] = useState(item.maliceAssessment?.evidence.join('\n') ?? '');
  const [revision] = useState(item.revision);
  const lines = (text: string) =>
    text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSave({ revision, assessment, reasons: lines(reasons), evidence: lines(evidence) });
  };
  return (
    <form className="card" aria-label="malice assessment" onSubmit={submit}>
      <h3>{COLLECTION_TERMS.malice}</h3>
      <label>
        评估 Assessment{' '}
        <select aria-label="assessment" value={assessment} onChange={(event) => setAssessment(event.target.value as typeof assessment)}>
          {Object.entries(MALICE_LABELS).map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </label>
      <label>
        {COLLECTION_TERMS.reason} (每行一条 one a line)
        <textarea aria-label="reasons" rows={2} value={reasons} onChange={(event) => setReasons(event.target.value)} required />
      </label>
      <label>
        {COLLECTION_TERMS.evidence} (每行一条 one a line)
        <textarea aria-label="evidence" rows={2} value={evidence} onChange={(event) => setEvidence(event.target.value)} />
      </label>
      <BusyButton type="submit" busy={busy}>
        {COLLECTION_TERMS.save}
      </BusyButton>
    </form>
  );
}

function ReassignForm({
  busy,
  onSave,
}: {
  busy: boolean;
  onSave: (body: { handler: 'central-team' | 'local-team' | 'agency'; agencyCategory?: string; reason: string }) => Promise<void>;
}) {
  const [handler, setHandler] = useState<'central-team' | 'local-team' | 'agency'>('central-team');
  const [agencyCategory, setAgencyCategory] = useState('collection-agency');
  const [reason, setReason] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSave({ handler, ...(handler === 'agency' ? { agencyCategory } : {}), reason: reason.trim() });
  };
  return (
    <form className="card" aria-label="reassign" onSubmit={submit}>
      <h3>{COLLECTION_TERMS.reassign}</h3>
      <label>
        {COLLECTION_TERMS.handler}{' '}
        <select aria-label="handler" value={handler} onChange={(event) => setHandler(event.target.value as typeof handler)}>
          {Object.entries(HANDLER_LABELS).map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </label>
      {handler === 'agency' && (
        <label>
          机构类别 Agency category <input aria-label="agency category" value={agencyCategory} onChange={(event) => setAgencyCategory(event.target.value)} />
        </label>
      )}
      <label>
        {COLLECTION_TERMS.reason} <input aria-label="reassign reason" value={reason} onChange={(event) => setReason(event.target.value)} required />
      </label>
      <BusyButton type="submit" busy={busy}>
        {COLLECTION_TERMS.reassign}
      </BusyButton>
    </form>
  );
}
