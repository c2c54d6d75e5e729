import { useEffect, useState } from 'react';
import { endpoints } from '../api/endpoints';
import type { RuleSetSummary } from '../api/types';
import { Pending } from '../components/Status';
import { Link } from '../router';
import { REVIEW_TERMS, localTime } from '../ruleset/review-terms';
import { FAMILY_LABELS, TERMS } from '../terms';

/** Rule sets grouped by family and org unit: what is in force, what is being drafted, what awaits review. */
export function RuleSetsPage() {
  const [items, setItems] = useState<RuleSetSummary[]>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    endpoints.listRuleSets().then((list) => setItems(list.items), setError);
  }, []);

  if (error || !items) return <Pending error={error} />;

  const groups = new Map<string, RuleSetSummary[]>();
  for (const item of [...items].sort((a, b) => a.key.localeCompare(b.key))) {
    const group = `${item.family}|${item.orgUnit}`;
    groups.set(group, [...(groups.get(group) ?? []), item]);
  }
  const awaiting = items.flatMap((item) =>
    item.versions.filter((version) => version.state === 'in-review' || version.state === 'approved').map((version) => ({ item, version })),
  );

  return (
    <>
      <h1>{TERMS.ruleSets}</h1>
      <section aria-label="awaiting review" className="card">
        <h2>待处理 Awaiting review / publishing</h2>
        {awaiting.length === 0 ? (
          <p className="muted">无 Nothing awaits review.</p>
        ) : (
          <ul>
            {awaiting.map(({ item, version }) => (
              <li key={`${item.key}-${version.version}`}>
                <Link to={`/rulesets/${item.key}/v/${version.version}`}>
                  {item.key} v{version.version}
                </Link>{' '}
                — {version.state === 'approved' ? '已批准，待发布 approved, to publish' : '待审批 in review'} · {version.author}
              </li>
            ))}
          </ul>
        )}
      </section>
      {[...groups.entries()].map(([group, members]) => {
        const [family, orgUnit] = group.split('|');
        return (
          <section key={group} className="card">
            <h2>
              {FAMILY_LABELS[family!] ?? family} · {TERMS.orgUnit}: {orgUnit}
            </h2>
            <table className="grid">
              <thead>
                <tr>
                  <th>规则集 Key</th>
                  <th>{TERMS.published}</th>
                  <th>{TERMS.drafts}</th>
                  <th>{TERMS.inReview}</th>
                  <th>{TERMS.approved}</th>
                  <th>说明 Description</th>
                </tr>
              </thead>
              <tbody>
                {members.map((item) => {
                  const of = (state: string) =>
                    item.versions
                      .filter((version) => version.state === state)
                      .map((version) => `v${version.version}`)
                      .join(', ') || '—';
                  return (
                    <tr key={item.key} data-testid={`ruleset-row-${item.key}`}>
                      <td>
                        <Link to={`/rulesets/${item.key}`}>{item.key}</Link>
                      </td>
                      <td data-testid="published-cell">
                        {item.activeVersion ? `v${item.activeVersion}` : '—'}
                        {item.versions
                          .filter((version) => version.state === 'scheduled')
                          .map((version) => (
                            <div key={version.version} className="scheduled">
                              v{version.version} {REVIEW_TERMS.scheduledFor} {version.effectiveFrom ? localTime(version.effectiveFrom) : '—'}
                            </div>
                          ))}
                      </td>
                      <td>{of('draft')}</td>
                      <td>{of('in-review')}</td>
                      <td>{of('approved')}</td>
                      <td className="description">{item.description ?? '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        );
      })}
    </>
  );
}
