import { useState } from 'react';
import type { PrincipalView } from '../api/types';
import { BusyButton } from '../components/BusyButton';
import type { ClaimWorkflowDetail } from './claim-endpoints';
import { CLAIM_TERMS, DOCUMENT_LABELS, LINE_LABELS } from './terms';

type Post = (action: string, body: Record<string, unknown>) => Promise<boolean>;
type Workflow = ClaimWorkflowDetail['workflow'];

const FIGURES = ['unpaidPrincipal', 'interest', 'penaltyInterest', 'repaidBeforeClaim', 'claimedAmount'] as const;
const money = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toFixed(2));

/** The case file's parts below the actions: figures and differences, estimated loss, adjustment, documents, history. */
export function CaseSections({ me, detail, busy, post }: { me: PrincipalView; detail: ClaimWorkflowDetail; busy: boolean; post: Post }) {
  const { workflow } = detail;
  const operator = me.roles.includes('branch-operator' as never);
  const canReconcile = operator && detail.workflow.nextActions.includes('reconcile');
  const canRecord = operator && detail.workflow.nextActions.includes('documents');
  return (
    <>
      <Figures workflow={workflow} />
      <Differences workflow={workflow} busy={busy} post={post} canReconcile={canReconcile} />
      <section aria-label="estimated loss">
        <h2>{CLAIM_TERMS.estimatedLoss}</h2>
        <p>
          {money(workflow.estimatedLoss)} {workflow.complexity ? `· ${CLAIM_TERMS.complexity}: ${workflow.complexity}` : ''}
        </p>
      </section>
      <section aria-label="adjustment">
        <h2>{CLAIM_TERMS.adjustment}</h2>
        {workflow.adjustment ? (
          <table>
            <thead>
              <tr>
                <th>{CLAIM_TERMS.figure}</th>
                <th>{CLAIM_TERMS.base}</th>
                <th>{CLAIM_TERMS.amount}</th>
                <th>{CLAIM_TERMS.note}</th>
              </tr>
            </thead>
            <tbody>
              {workflow.adjustment.lines.map((line) => (
                <tr key={line.item}>
                  <td>{LINE_LABELS[line.item] ?? line.item}</td>
                  <td>{money(line.base)}</td>
                  <td>{money(line.amount)}</td>
                  <td>{line.note}</td>
                </tr>
              ))}
              <tr>
                <th>{CLAIM_TERMS.indemnity}</th>
                <td />
                <th data-testid="indemnity">{money(workflow.adjustment.indemnity)}</th>
                <td>
                  {workflow.adjustment.by} {workflow.adjustment.on}
                </td>
              </tr>
            </tbody>
          </table>
        ) : (
          <p className="muted">—</p>
        )}
      </section>
      <Documents workflow={workflow} busy={busy} post={post} canRecord={canRecord} />
      <section aria-label="history">
        <h2>{CLAIM_TERMS.history}</h2>
        <ol>
          {detail.history.map((entry) => (
            <li key={entry.revision}>
              {entry.asOf ?? ''} · {entry.action} · {entry.actor}
              {entry.note ? ` · ${entry.note}` : ''}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

/** The insured's report and the platform's figures side by side. */
function Figures({ workflow }: { workflow: Workflow }) {
  const report = workflow.report;
  const platform = workflow.platformFigures as Record<string, number> | null;
  return (
    <section aria-label="report and platform figures">
      <h2>
        {CLAIM_TERMS.report} / {CLAIM_TERMS.platform}
      </h2>
      {report ? (
        <>
          <p>
            {CLAIM_TERMS.channel}: {report.channel} · {CLAIM_TERMS.receivedOn}: {report.receivedOn} · {report.by}
          </p>
          <table>
            <thead>
              <tr>
                <th>{CLAIM_TERMS.figure}</th>
                <th>{CLAIM_TERMS.insured}</th>
                <th>{CLAIM_TERMS.platform}</th>
              </tr>
            </thead>
            <tbody>
              {FIGURES.map((name) => (
                <tr key={name}>
                  <td>{CLAIM_TERMS[name]}</td>
                  <td>{money(report[name])}</td>
                  <td>{money(platform?.[name])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p className="muted">—</p>
      )}
    </section>
  );
}

/** Each difference and its reconciliation; an open one is reconciled in place (accepted figure and a note). */
function Differences({ workflow, busy, post, canReconcile }: { workflow: Workflow; busy: boolean; post: Post; canReconcile: boolean }) {
  const [values, setValues] = useState<Record<string, { accepted: string; note: string }>>({});
  return (
    <section aria-label="differences">
      <h2>{CLAIM_TERMS.differences}</h2>
      {workflow.differences.length === 0 && <p className="muted">{CLAIM_TERMS.noDifferences}</p>}
      <ul>
        {workflow.differences.map((difference) => {
          const value = values[difference.field] ?? { accepted: String(difference.platform), note: '' };
          return (
            <li key={difference.field} aria-label={`difference ${difference.field}`}>
              {CLAIM_TERMS[difference.field]}: {CLAIM_TERMS.insured} {money(difference.insured)} · {CLAIM_TERMS.platform} {money(difference.platform)} ·{' '}
              {difference.reconciled ? (
                <span>
                  {CLAIM_TERMS.reconciled} {money(difference.reconciled.accepted)} ({difference.reconciled.note}, {difference.reconciled.by}{' '}
                  {difference.reconciled.on})
                </span>
              ) : (
                <strong>{CLAIM_TERMS.unreconciled}</strong>
              )}
              {!difference.reconciled && canReconcile && (
                <form
                  aria-label={`reconcile ${difference.field}`}
                  onSubmit={(event) => {
                    event.preventDefault();
                    void post('reconcile', { field: difference.field, accepted: Number(value.accepted), note: value.note });
                  }}
                >
                  <label>
                    {CLAIM_TERMS.accepted}{' '}
                    <input
                      aria-label="accepted"
                      type="number"
                      step="0.01"
                      required
                      value={value.accepted}
                      onChange={(event) => setValues({ ...values, [difference.field]: { ...value, accepted: event.target.value } })}
                    />
                  </label>{' '}
                  <label>
                    {CLAIM_TERMS.note}{' '}
                    <input
                      aria-label="note"
                      required
                      value={value.note}
                      onChange={(event) => setValues({ ...values, [difference.field]: { ...value, note: event.target.value } })}
                    />
                  </label>{' '}
                  <BusyButton busy={busy} type="submit">
                    {CLAIM_TERMS.reconcile}
                  </BusyButton>
                </form>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The Art. 18 checklist and the documents recorded; a document is recorded by kind and where it is kept. */
function Documents({ workflow, busy, post, canRecord }: { workflow: Workflow; busy: boolean; post: Post; canRecord: boolean }) {
  const [kind, setKind] = useState('policy');
  const [reference, setReference] = useState('');
  return (
    <section aria-label="documents">
      <h2>{CLAIM_TERMS.documents}</h2>
      <ul>
        {workflow.checklist.map((item) => (
          <li key={item.kind}>
            {DOCUMENT_LABELS[item.kind] ?? item.kind}: {item.present ? CLAIM_TERMS.present : <strong>{CLAIM_TERMS.missing}</strong>}
          </li>
        ))}
      </ul>
      <ul>
        {workflow.documents.map((document, index) => (
          <li key={index}>
            {DOCUMENT_LABELS[document.kind] ?? document.kind} · {document.reference} · {document.by} {document.on}
          </li>
        ))}
      </ul>
      {canRecord && (
        <form
          aria-label="record a document"
          onSubmit={(event) => {
            event.preventDefault();
            void post('documents', { documents: [{ kind, reference }] }).then((ok) => ok && setReference(''));
          }}
        >
          <label>
            {CLAIM_TERMS.documentKind}{' '}
            <select aria-label="document kind" value={kind} onChange={(event) => setKind(event.target.value)}>
              {Object.entries(DOCUMENT_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            {CLAIM_TERMS.reference} <input aria-label="document reference" required value={reference} onChange={(event) => setReference(event.target.value)} />
          </label>{' '}
          <BusyButton busy={busy} type="submit">
            {CLAIM_TERMS.recordDocument}
          </BusyButton>
        </form>
      )}
    </section>
  );
}
