import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { PrincipalView } from '../../api/types';
import { BusyButton } from '../../components/BusyButton';
import { ListWithDetail } from '../../components/SidePanel';
import { Status } from '../../components/Status';
import { ActionError, DecisionLink, ObligorLink } from '../../monitoring/common';
import { scopeText } from '../../monitoring/labels';
import '../../monitoring/monitoring.css';
import { applyFilters, readFilters, setFilters, useSearch } from '../../monitoring/search';
import { usePagedList } from '../../monitoring/usePagedList';
import { qaEndpoints, type QaItem, type QaQuery } from './qa-endpoints';
import { QaKpiPanel } from './QaKpiPanel';
import { QaReviewForm } from './QaReviewForm';
import { CONDUCT_TAG_LABELS, QA_STATUS_LABELS, QA_TERMS, SEVERITY_LABELS } from './terms';

const DEFAULTS = { status: 'queued', orgUnit: '', team: '', priority: '', assignee: '', sample: '' };
type Filters = typeof DEFAULTS;
const PAGE = 50;

/** The QA queue (Art. 11, 13): sampled collection activities within the caller's scope, filters and the open sample in the address, the sample beside the list. */
export function QaQueuePage({ me }: { me: PrincipalView }) {
  const search = useSearch();
  const applied = readFilters(search, DEFAULTS);
  const { sample, ...listFilters } = applied;
  return <QaList key={JSON.stringify(listFilters)} me={me} applied={applied} sample={sample} />;
}

function QaList({ me, applied, sample }: { me: PrincipalView; applied: Filters; sample: string }) {
  const [form, setForm] = useState(applied);
  const { sample: _sample, ...listFilters } = applied;
  const query = JSON.stringify(listFilters);
  const fetchPage = useCallback(
    (before: string | undefined, signal: AbortSignal) => {
      const filters = setFilters(JSON.parse(query) as Record<string, string>) as Record<string, string>;
      const request: QaQuery = {
        ...filters,
        ...(filters.priority ? { priority: Number(filters.priority) } : {}),
        limit: PAGE,
        ...(before ? { before } : {}),
      } as QaQuery;
      return qaEndpoints.list(request, signal);
    },
    [query],
  );
  const { items, setItems, nextBefore, error, loading, load } = usePagedList<QaItem>(fetchPage);
  const open = (activityId: string) => applyFilters({ ...applied, sample: activityId }, DEFAULTS);
  const replace = (item: QaItem) => setItems((current) => current?.map((known) => (known.activityId === item.activityId ? item : known)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    applyFilters({ ...form, orgUnit: form.orgUnit.trim(), team: form.team.trim(), sample: '' }, DEFAULTS);
  };

  const list = (
    <>
      <form className="row filters" aria-label="qa filters" onSubmit={submit}>
        <label className="inline">
          状态 Status
          <select aria-label="status" value={form.status} onChange={(event) => applyFilters({ ...form, status: event.target.value, sample: '' }, DEFAULTS)}>
            <option value="">全部 all</option>
            {Object.entries(QA_STATUS_LABELS).map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          优先级 Priority
          <select
            aria-label="priority"
            value={form.priority}
            onChange={(event) => applyFilters({ ...form, priority: event.target.value, sample: '' }, DEFAULTS)}
          >
            <option value="">全部 all</option>
            {[5, 4, 3, 2, 1].map((priority) => (
              <option key={priority} value={String(priority)}>
                {priority}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          机构 Org unit{' '}
          <input
            aria-label="org unit"
            size={8}
            value={form.orgUnit}
            placeholder={me.orgUnit}
            onChange={(event) => setForm({ ...form, orgUnit: event.target.value })}
          />
        </label>
        <label className="inline">
          团队 Team <input aria-label="team" size={8} value={form.team} onChange={(event) => setForm({ ...form, team: event.target.value })} />
        </label>
        <label className="inline">
          <input
            type="checkbox"
            aria-label="mine"
            checked={form.assignee === 'me'}
            onChange={(event) => applyFilters({ ...form, assignee: event.target.checked ? 'me' : '', sample: '' }, DEFAULTS)}
          />{' '}
          我领取的 Mine
        </label>
        <button type="submit">筛选 Filter</button>
      </form>
      <Status error={error} busy={loading} />
      {items && (
        <section className="card" aria-busy={loading}>
          <div className="scroll">
            <table className="grid" aria-label="qa samples">
              <thead>
                <tr>
                  <th>记录 Activity</th>
                  <th>义务人 Obligor</th>
                  <th>机构 Org unit</th>
                  <th>团队 Team</th>
                  <th>渠道 Channel</th>
                  <th>结果 Outcome</th>
                  <th>优先级 Priority</th>
                  <th>状态 Status</th>
                  <th>质检人 Reviewer</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.activityId} className={item.activityId === sample ? 'selected' : undefined}>
                    <td>
                      <button type="button" className="link" onClick={() => open(item.activityId)}>
                        {item.activityId}
                      </button>
                    </td>
                    <td>
                      <ObligorLink obligorId={item.obligorId} />
                    </td>
                    <td>{item.orgUnit}</td>
                    <td>{item.team}</td>
                    <td>{item.channel}</td>
                    <td>{item.outcome}</td>
                    <td>{item.priority}</td>
                    <td>{QA_STATUS_LABELS[item.status] ?? item.status}</td>
                    <td>{item.assignee ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {items.length === 0 && !loading && <p className="muted">{QA_TERMS.noItems}</p>}
          {nextBefore && (
            <button type="button" className="secondary" disabled={loading} onClick={() => void load(nextBefore)}>
              更早 Older
            </button>
          )}
        </section>
      )}
      <QaKpiPanel />
    </>
  );

  return (
    <>
      <div className="page-header">
        <h1>{QA_TERMS.title}</h1>
        <span className="muted">范围 Scope: {scopeText(me)}</span>
      </div>
      <ListWithDetail
        list={list}
        label={QA_TERMS.detail}
        onClose={() => applyFilters({ ...applied, sample: '' }, DEFAULTS)}
        detail={sample ? <QaSample key={sample} activityId={sample} onChanged={replace} /> : undefined}
      />
    </>
  );
}

function QaSample({ activityId, onChanged }: { activityId: string; onChanged: (item: QaItem) => void }) {
  const [item, setItem] = useState<QaItem>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const reload = useCallback(() => {
    setError(undefined);
    qaEndpoints.get(activityId).then(setItem, setError);
  }, [activityId]);
  useEffect(() => reload(), [reload]);
  const changed = (next: QaItem) => {
    setItem(next);
    onChanged(next);
  };
  const take = async () => {
    if (!item) return;
    setBusy(true);
    setError(undefined);
    try {
      changed(await qaEndpoints.take(item.activityId, { revision: item.revision }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  if (!item) return <Status error={error} busy={!error} />;
  return (
    <section aria-label="qa sample">
      <h2>
        {QA_TERMS.detail} {item.activityId}
      </h2>
      <dl className="facts">
        <dt>状态 Status</dt>
        <dd>{QA_STATUS_LABELS[item.status] ?? item.status}</dd>
        <dt>时间 At</dt>
        <dd>{item.activityAt}</dd>
        <dt>催收方 Actor</dt>
        <dd>{[item.actor.type, item.actor.agencyId, item.actor.agentId].filter(Boolean).join(' · ')}</dd>
        <dt>对象 Target</dt>
        <dd>{item.targetType}</dd>
        <dt>录音 Recording</dt>
        <dd>{item.recordingReference ?? '—'}</dd>
        <dt>报告的行为 Reported conduct</dt>
        <dd>{item.contentTags.map((tag) => CONDUCT_TAG_LABELS[tag] ?? tag).join(', ') || '—'}</dd>
        <dt>抽样 Sampled</dt>
        <dd>
          {item.reason} ({Math.round(item.sampleRate * 100)} %) · {item.basis} · <DecisionLink decisionId={item.decisionId} />
        </dd>
      </dl>
      {item.review && (
        <div className="card" aria-label="review result">
          <strong>{item.review.result === 'clean' ? QA_TERMS.clean : QA_TERMS.finding}</strong>
          {item.review.findingId && <span> · 发现 Finding {item.review.findingId}</span>}
          {item.review.severity && <span> · {SEVERITY_LABELS[item.review.severity]}</span>}
          {item.review.tags.length > 0 && <p>{item.review.tags.map((tag) => CONDUCT_TAG_LABELS[tag] ?? tag).join(', ')}</p>}
          <p>{item.review.evidence.note}</p>
          <p className="muted">
            {item.review.reviewedBy} · {item.review.reviewedAt}
          </p>
        </div>
      )}
      {item.status === 'queued' && (
        <BusyButton busy={busy} onClick={() => void take()}>
          {QA_TERMS.take}
        </BusyButton>
      )}
      {item.status !== 'reviewed' && <QaReviewForm item={item} onDone={changed} onReload={reload} />}
      <ActionError error={error} onReload={reload} />
    </section>
  );
}
