import { useCallback, useState } from 'react';
import { Status } from '../../components/Status';
import '../../monitoring/monitoring.css';
import { usePagedList } from '../../monitoring/usePagedList';
import { Link } from '../../router';
import { CASE_ACTION_LABELS, CHANNEL_LABELS, COLLECTION_TERMS, OUTCOME_LABELS, PAYEE_LABELS, TIMELINE_KIND_LABELS } from '../terms';
import { caseEndpoints, type TimelineEntry } from './case-endpoints';
import { CASES_PATH } from './CasesPage';

const PAGE = 50;

/** The obligor's collection timeline (催收时间线): every kind of event, newest first, at the debtor's local time with its offset. */
export function TimelinePage({ obligorId }: { obligorId: string }) {
  const [timeZone, setTimeZone] = useState<string>();
  const fetchPage = useCallback(
    async (before: string | undefined, signal: AbortSignal) => {
      const page = await caseEndpoints.timeline(obligorId, { limit: PAGE, ...(before ? { before } : {}) }, signal);
      setTimeZone(page.timeZone);
      return page;
    },
    [obligorId],
  );
  const { items, nextBefore, error, loading, load } = usePagedList<TimelineEntry>(fetchPage);
  return (
    <>
      <div className="page-header">
        <h1>
          {COLLECTION_TERMS.timeline} · {obligorId}
        </h1>
        {timeZone && (
          <span className="muted" data-testid="time-zone">
            {COLLECTION_TERMS.timeZone}: {timeZone}
          </span>
        )}
      </div>
      <p>
        <Link to={`${CASES_PATH}?status=`}>{COLLECTION_TERMS.cases}</Link> · <Link to={`/obligors/${encodeURIComponent(obligorId)}`}>义务人 Obligor</Link>
      </p>
      <Status error={error} busy={loading} />
      {items && (
        <section className="card" aria-busy={loading}>
          <table aria-label="collection timeline">
            <thead>
              <tr>
                <th>时间(债务人当地) Local time</th>
                <th>类别 Kind</th>
                <th>内容 What</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => (
                <tr key={entry.entryId} data-kind={entry.kind}>
                  <td>
                    <time dateTime={entry.at}>{entry.localAt.replace('T', ' ')}</time>
                  </td>
                  <td>{TIMELINE_KIND_LABELS[entry.kind] ?? entry.kind}</td>
                  <td>{describe(entry)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {items.length === 0 && !loading && <p className="muted">无记录 Nothing recorded for this obligor yet.</p>}
          {nextBefore && (
            <button type="button" className="secondary" disabled={loading} onClick={() => void load(nextBefore)}>
              {COLLECTION_TERMS.older}
            </button>
          )}
        </section>
      )}
    </>
  );
}

const label = (labels: Record<string, string>, value: string | undefined) => (value ? (labels[value] ?? value) : '—');

function gateText(gate: NonNullable<TimelineEntry['gate']>): string {
  const reasons = gate.reasons.map((reason) => `${reason.reason} (${reason.basis})`).join('; ');
  return `${label(OUTCOME_LABELS, gate.outcome)}${reasons ? ` — ${reasons}` : ''}`;
}

function describe(entry: TimelineEntry): string {
  if (entry.change) {
    const changes = entry.change.changes as Record<string, unknown>;
    const stage = typeof changes.stage === 'string' ? ` ${changes.stage}` : '';
    return `${entry.caseId} · ${label(CASE_ACTION_LABELS, entry.change.action)}${stage} · ${entry.change.actor}${entry.change.note ? ` — ${entry.change.note}` : ''}`;
  }
  if (entry.activity) {
    const activity = entry.activity;
    const actor =
      activity.actor.type === 'agency'
        ? `${activity.actor.agencyId ?? ''} ${activity.actor.agentId ?? ''}`.trim()
        : (activity.actor.agentId ?? '内部 internal');
    const parts = [
      label(CHANNEL_LABELS, activity.channel),
      actor,
      `→ ${activity.target.type}${activity.target.relation ? ` (${activity.target.relation})` : ''}`,
      activity.numberLastFour ? `尾号 ending ${activity.numberLastFour}` : '',
      label(OUTCOME_LABELS, activity.outcome),
      activity.promise ? `承诺 promise ${activity.promise.amount} @ ${activity.promise.date}` : '',
      activity.contentTags?.length ? `标记 tags: ${activity.contentTags.join(', ')}` : '',
      activity.recording ? `录音 recording ${activity.recording.reference}` : '',
      entry.gate ? `闸口 gate: ${gateText(entry.gate)}` : '',
    ];
    return parts.filter(Boolean).join(' · ');
  }
  if (entry.gate) return `${label(CHANNEL_LABELS, entry.gate.channel)} → ${entry.gate.targetType ?? ''} · ${gateText(entry.gate)}`;
  if (entry.finding)
    return `${entry.finding.findingId} · ${entry.finding.tags.join(', ')} · ${entry.finding.severity} · ${entry.finding.status} (${entry.finding.basis})`;
  if (entry.repayment)
    return `${entry.repayment.repaymentId} · ${entry.repayment.loanId} · ${entry.repayment.amount} · ${label(PAYEE_LABELS, entry.repayment.payeeAccountType)}${entry.repayment.paymentMethod ? ` · ${entry.repayment.paymentMethod}` : ''}`;
  return '';
}
