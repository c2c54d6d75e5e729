import { useCallback, useEffect, useState } from 'react';
import { endpoints } from '../api/endpoints';
import type { AuditEntry, AuditQuery } from '../api/types';
import type { AuditEntityKind } from '../../../server/generated/schema-types';
import { ErrorView } from '../components/ErrorView';
import { TERMS } from '../terms';

// Keyed by the schema's kinds, so a kind added to schemas/audit/audit-entity-kind.json and left out here fails the typecheck.
const KIND_FILTERS: Record<AuditEntityKind, true> = {
  'rule-set': true, grant: true, overlay: true, user: true, 'api-key': true, 'org-unit': true, setting: true, 'webhook-subscription': true, job: true,
};
const KINDS = ['', ...Object.keys(KIND_FILTERS)];

/** The append-only audit log of the user's scope: who changed what, when, before and after, and why. */
export function AuditPage() {
  const [filter, setFilter] = useState<AuditQuery>({ limit: 50 });
  const [applied, setApplied] = useState<AuditQuery>({ limit: 50 });
  const [items, setItems] = useState<AuditEntry[]>();
  const [next, setNext] = useState<string>();
  const [error, setError] = useState<unknown>();

  const load = useCallback(async (query: AuditQuery, append: boolean) => {
    setError(undefined);
    try {
      const page = await endpoints.audit(query);
      setItems((current) => (append ? [...(current ?? []), ...page.items] : page.items));
      setNext(page.nextBefore);
    } catch (caught) {
      setError(caught);
    }
  }, []);
  useEffect(() => {
    void load(applied, false);
  }, [applied, load]);

  const field = (name: keyof AuditQuery, label: string, type = 'text') => (
    <label className="inline">
      {label}
      <input
        type={type}
        aria-label={label}
        value={(filter[name] as string | undefined)?.slice(0, type === 'date' ? 10 : undefined) ?? ''}
        onChange={(event) => setFilter({ ...filter, [name]: event.target.value === '' ? undefined : type === 'date' ? new Date(event.target.value).toISOString() : event.target.value })}
      />
    </label>
  );

  return (
    <>
      <h1>{TERMS.audit}</h1>
      <form className="row" onSubmit={(event) => { event.preventDefault(); setApplied({ ...filter }); }}>
        <label className="inline">
          对象 Kind
          <select aria-label="entity kind" value={filter.entityKind ?? ''} onChange={(event) => setFilter({ ...filter, entityKind: (event.target.value || undefined) as AuditQuery['entityKind'] })}>
            {KINDS.map((kind) => <option key={kind} value={kind}>{kind || '全部 all'}</option>)}
          </select>
        </label>
        {field('entityId', '对象 Id')}
        {field('actor', '操作人 Actor')}
        {field('action', '动作 Action')}
        {field('orgUnit', '机构 Org unit')}
        {field('from', '自 From', 'date')}
        {field('to', '至 To', 'date')}
        <button type="submit">查询 Search</button>
      </form>
      <ErrorView error={error} />
      {!items ? (
        <p className="muted">加载中 Loading…</p>
      ) : (
        <table className="grid" aria-label="audit entries">
          <thead>
            <tr><th>时间 When</th><th>操作人 Who</th><th>动作 Action</th><th>对象 What</th><th>机构 Unit</th><th>原因 Why</th><th>前后 Before → after</th></tr>
          </thead>
          <tbody>
            {items.map((entry) => (
              <tr key={entry.entryId} data-testid="audit-entry">
                <td>{new Date(entry.at).toLocaleString()}</td>
                <td>{entry.actor}</td>
                <td>{entry.action}</td>
                <td>{entry.entity.kind} <code>{entry.entity.id}</code></td>
                <td>{entry.orgUnit}</td>
                <td>{entry.reason ?? ''}</td>
                <td>
                  <details>
                    <summary>查看 Show</summary>
                    <pre className="json">{JSON.stringify({ before: entry.before, after: entry.after }, null, 2)}</pre>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && <button type="button" className="secondary" onClick={() => load({ ...applied, before: next }, true)}>更早 Older</button>}
    </>
  );
}
