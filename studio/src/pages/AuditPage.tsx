import { type FormEvent, useCallback, useState } from 'react';
import { endpoints } from '../api/endpoints';
import type { AuditEntry, AuditQuery } from '../api/types';
import type { AuditEntityKind } from '../../../server/generated/schema-types';
import { Status } from '../components/Status';
import { applyFilters, readFilters, setFilters, useSearch } from '../monitoring/search';
import { usePagedList } from '../monitoring/usePagedList';
import { TERMS } from '../terms';

// Keyed by the schema's kinds, so a kind added to schemas/audit/audit-entity-kind.json and left out here fails the typecheck.
const KIND_FILTERS: Record<AuditEntityKind, true> = {
  'rule-set': true,
  grant: true,
  overlay: true,
  user: true,
  'api-key': true,
  'org-unit': true,
  setting: true,
  'webhook-subscription': true,
  job: true,
  'collection-finding': true,
  'collection-case': true,
  agency: true,
  'contact-profile': true,
  'collection-qa-sample': true,
  'agreement-template': true,
  agreement: true,
  placement: true,
  'agency-exit': true,
  'recovery-case': true,
  'recovery-lookback': true,
  'claim-case': true,
  complaint: true,
  'complaint-settings': true,
  'bureau-batch': true,
  'bureau-item': true,
  'inspection-plan': true,
  inspection: true,
  'emergency-plan': true,
  'emergency-activation': true,
  'stress-test': true,
  'stress-financials': true,
  indicator: true,
  partner: true,
  'partner-violation': true,
  'partner-review': true,
  'underwriting-record': true,
  'challenger-test': true,
};
const KINDS = ['', ...Object.keys(KIND_FILTERS)];

// Dates are days (YYYY-MM-DD) in the address and UTC midnights in the query.
const DEFAULTS = { entityKind: '', entityId: '', actor: '', action: '', orgUnit: '', from: '', to: '' };
type Filters = typeof DEFAULTS;
const TEXT_FIELDS: [keyof Filters, string, string][] = [
  ['entityId', '对象 Id', 'text'],
  ['actor', '操作人 Actor', 'text'],
  ['action', '动作 Action', 'text'],
  ['orgUnit', '机构 Org unit', 'text'],
  ['from', '自 From', 'date'],
  ['to', '至 To', 'date'],
];

/** The append-only audit log of the user's scope: who changed what, when, before and after, and why. The filters live in the address. */
export function AuditPage() {
  const search = useSearch();
  return <AuditList key={search} applied={readFilters(search, DEFAULTS)} />;
}

function AuditList({ applied }: { applied: Filters }) {
  const [form, setForm] = useState(applied);
  const query = JSON.stringify(applied);

  const fetchPage = useCallback(
    (before: string | undefined) => {
      const { from, to, ...rest } = setFilters(JSON.parse(query) as Filters);
      const day = (value: string | undefined) => (value ? new Date(value).toISOString() : undefined);
      return endpoints.audit({ ...(rest as AuditQuery), from: day(from), to: day(to), limit: 50, ...(before ? { before } : {}) });
    },
    [query],
  );
  const { items, nextBefore, error, loading, load } = usePagedList<AuditEntry>(fetchPage);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    applyFilters(Object.fromEntries(Object.entries(form).map(([name, value]) => [name, value.trim()])) as Filters, DEFAULTS);
  };

  return (
    <>
      <h1>{TERMS.audit}</h1>
      <form className="row" aria-label="audit filters" onSubmit={submit}>
        <label className="inline">
          对象 Kind
          <select aria-label="entity kind" value={form.entityKind} onChange={(event) => applyFilters({ ...form, entityKind: event.target.value }, DEFAULTS)}>
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kind || '全部 all'}
              </option>
            ))}
          </select>
        </label>
        {TEXT_FIELDS.map(([name, text, type]) => (
          <label className="inline" key={name}>
            {text}
            <input type={type} aria-label={text} value={form[name]} onChange={(event) => setForm({ ...form, [name]: event.target.value })} />
          </label>
        ))}
        <button type="submit">查询 Search</button>
      </form>
      <Status error={error} busy={loading} />
      {items && (
        <div aria-busy={loading}>
          <table className="grid" aria-label="audit entries">
            <thead>
              <tr>
                <th>时间 When</th>
                <th>操作人 Who</th>
                <th>动作 Action</th>
                <th>对象 What</th>
                <th>机构 Unit</th>
                <th>原因 Why</th>
                <th>前后 Before → after</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => (
                <tr key={entry.entryId} data-testid="audit-entry">
                  <td>{new Date(entry.at).toLocaleString()}</td>
                  <td>{entry.actor}</td>
                  <td>{entry.action}</td>
                  <td>
                    {entry.entity.kind} <code>{entry.entity.id}</code>
                  </td>
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
          {nextBefore && (
            <button type="button" className="secondary" disabled={loading} onClick={() => void load(nextBefore)}>
              更早 Older
            </button>
          )}
        </div>
      )}
    </>
  );
}
