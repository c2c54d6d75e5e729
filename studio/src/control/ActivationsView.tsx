import { useCallback, useEffect, useState } from 'react';
import type { PrincipalView } from '../api/types';
import { useServerCall } from '../api/useServerCall';
import { Pending } from '../components/Status';
import { usePagedList } from '../monitoring/usePagedList';
import { controlEndpoints, type EmergencyActivation, type EmergencyActivationDetail } from './control-endpoints';
import { ActionForm, PagedTable, Select, Text } from './control-ui';
import { CONTROL_TERMS as T, STATUS_LABELS } from './terms';

const PAGE = 50;
const MAKERS = ['branch-operator', 'policy-owner', 'approver'];

/** The activations of emergency plans in scope; one opened below the list. */
export function ActivationsView({ me, generation, onChanged }: { me: PrincipalView; generation: number; onChanged: () => void }) {
  const [opened, setOpened] = useState<string>();
  // generation reloads the list after a change (here or in the plans above)
  const fetchPage = useCallback(
    (before: string | undefined, signal: AbortSignal) => controlEndpoints.activations({ limit: PAGE, before }, signal),
    [generation],
  );
  const activations = usePagedList<EmergencyActivation>(fetchPage);
  return (
    <>
      <PagedTable
        label="emergency activations"
        {...activations}
        head={
          <tr>
            <th>{T.plan}</th>
            <th>{T.status}</th>
            <th>{T.activatedBy}</th>
            <th>{T.reason}</th>
            <th>{T.steps}</th>
            <th>{T.review}</th>
            <th></th>
          </tr>
        }
        row={(activation) => (
          <tr key={activation.activationId} data-testid={`activation-${activation.activationId}`}>
            <td>
              {activation.title} v{activation.planVersion}
            </td>
            <td>{STATUS_LABELS[activation.status]}</td>
            <td>
              {activation.activatedBy} {new Date(activation.activatedAt).toLocaleString()}
            </td>
            <td>
              {activation.reason}
              {[...activation.alertIds, ...activation.warningIds].length > 0 && ` (${[...activation.alertIds, ...activation.warningIds].join(', ')})`}
            </td>
            <td>{activation.steps.map((step) => `${step.step}${step.doneBy ? ' ✓' : ' …'}`).join(' ')}</td>
            <td>{activation.closure ? `${activation.closure.by}: ${activation.closure.review}` : '—'}</td>
            <td>
              <button type="button" className="secondary" onClick={() => setOpened(opened === activation.activationId ? undefined : activation.activationId)}>
                {opened === activation.activationId ? T.hide : T.open}
              </button>
            </td>
          </tr>
        )}
      />
      {opened && <ActivationPanel key={opened} activationId={opened} me={me} onChanged={onChanged} />}
    </>
  );
}

/** One activation: its steps (marked done with what was done) and, for an approver, the closure with its review. */
function ActivationPanel({ activationId, me, onChanged }: { activationId: string; me: PrincipalView; onChanged: () => void }) {
  const [detail, setDetail] = useState<EmergencyActivationDetail>();
  const [loadError, setLoadError] = useState<unknown>();
  const [where, setWhere] = useState<string>();
  const [step, setStep] = useState('');
  const [note, setNote] = useState('');
  const [review, setReview] = useState('');
  const [lessons, setLessons] = useState('');
  const call = useServerCall<EmergencyActivationDetail>();
  const load = useCallback(() => {
    setLoadError(undefined);
    setWhere(undefined);
    controlEndpoints.activation(activationId).then(setDetail, setLoadError);
  }, [activationId]);
  useEffect(load, [load]);
  if (!detail) return <Pending error={loadError} />;
  const { activation } = detail;
  const act = (at: string, send: (revision: number) => Promise<EmergencyActivationDetail>, reset: () => void) => {
    setWhere(at);
    void call.run(async () => {
      const next = await send(activation.revision);
      setDetail(next);
      reset();
      onChanged();
      return next;
    });
  };
  const errorOf = (at: string) => (at === where ? call.error : undefined);
  const notDone = activation.steps.filter((item) => !item.doneBy);
  const chosen = step || String(notDone[0]?.step ?? '');
  const active = activation.status === 'active';
  return (
    <section className="card" aria-label={`activation ${activation.title}`}>
      <h2>
        {activation.title} v{activation.planVersion} <span className="muted">{activation.activationId}</span>{' '}
        <span className="badge" data-testid="activation-status">
          {STATUS_LABELS[activation.status]}
        </span>
      </h2>
      <p>
        {T.reason}: {activation.reason} · {T.activatedBy}: {activation.activatedBy} {new Date(activation.activatedAt).toLocaleString()}
      </p>
      <ol aria-label="activation steps">
        {activation.steps.map((item) => (
          <li key={item.step}>
            {item.action} ({item.role}) {item.doneBy ? `✓ ${item.doneBy} ${new Date(item.doneAt!).toLocaleString()}: ${item.note ?? ''}` : '…'}
          </li>
        ))}
      </ol>
      {activation.closure && (
        <p data-testid="activation-closure">
          {T.review}: {activation.closure.by} · {activation.closure.review}
          {activation.closure.lessons && ` · ${T.lessons}: ${activation.closure.lessons}`}
          {activation.closure.stepsNotDone.length > 0 && ` · ${T.stepsNotDone}: ${activation.closure.stepsNotDone.join(', ')}`}
        </p>
      )}
      {active && me.roles.some((role) => MAKERS.includes(role)) && notDone.length > 0 && (
        <ActionForm
          label="step form"
          submit={T.markStep}
          busy={call.busy}
          error={errorOf('step')}
          onReload={load}
          onSubmit={() =>
            act(
              'step',
              (revision) => controlEndpoints.markStep(activationId, { revision, step: Number(chosen), note }),
              () => {
                setStep('');
                setNote('');
              },
            )
          }
        >
          <Select
            label={T.step}
            value={chosen}
            options={notDone.map((item) => [String(item.step), `${item.step}. ${item.action}`] as const)}
            onChange={setStep}
          />
          <Text label={T.stepNote} value={note} onChange={setNote} area required />
        </ActionForm>
      )}
      {active && me.roles.includes('approver') && (
        <ActionForm
          label="closing form"
          submit={T.closeActivation}
          busy={call.busy}
          error={errorOf('close')}
          onReload={load}
          onSubmit={() =>
            act(
              'close',
              (revision) => controlEndpoints.closeActivation(activationId, { revision, review, ...(lessons.trim() ? { lessons: lessons.trim() } : {}) }),
              () => undefined,
            )
          }
        >
          <Text label={T.review} value={review} onChange={setReview} area required />
          <Text label={T.lessons} value={lessons} onChange={setLessons} area />
        </ActionForm>
      )}
    </section>
  );
}
