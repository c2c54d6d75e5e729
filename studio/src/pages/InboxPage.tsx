import { useEffect, useState } from 'react';
import { endpoints } from '../api/endpoints';
import { reviewEndpoints } from '../api/review-endpoints';
import type { GrantVersion, OverlayVersion, PrincipalView, RuleSetSummary } from '../api/types';
import { Pending } from '../components/Status';
import { Link } from '../router';
import { localTime, REVIEW_TERMS } from '../ruleset/review-terms';
import { STATE_LABELS, TERMS } from '../terms';
import { vendorAccess } from '../vendors/access';
import { EliminationInbox } from '../vendors/EliminationInbox';
import { ADMISSION_STATE_LABELS, VENDOR_TERMS } from '../vendors/terms';
import { vendorEndpoints } from '../vendors/vendor-endpoints';

interface Pending {
  id: string;
  link: string;
  title: string;
  state: string;
  author: string;
  makers: string[];
  note?: string;
  at?: string;
}

type Delegation = GrantVersion | OverlayVersion;

const AWAITING = ['in-review', 'approved'] as const;

/** Rule-set versions in review or approved, each with the note its submitter gave. */
async function pendingRuleSets(writable: Set<string>): Promise<Pending[]> {
  const list = await endpoints.listRuleSets();
  const versions = list.items
    .filter((item: RuleSetSummary) => writable.has(item.orgUnit))
    .flatMap((item) => item.versions.filter((version) => (AWAITING as readonly string[]).includes(version.state)).map((version) => ({ item, version })));
  return Promise.all(
    versions.map(async ({ item, version }) => {
      const view = await endpoints.version(item.key, version.version);
      const submitted = [...(view.history ?? [])].reverse().find((entry) => entry.action === 'submit' || entry.action === 'rollback');
      return {
        id: `${item.key}-${version.version}`,
        link: `/rulesets/${encodeURIComponent(item.key)}/v/${version.version}?tab=review`,
        title: `${item.key} v${version.version}`,
        state: version.state,
        author: view.author,
        makers: view.makers ?? [view.author],
        note: submitted?.reason,
        at: submitted?.at,
      };
    }),
  );
}

/** Grants or overlays in review or approved, with the submitters' notes from the audit log. */
async function pendingDelegations(kind: 'grant' | 'overlay', me: PrincipalView): Promise<Pending[]> {
  const lists = await Promise.all(AWAITING.map((state) => (kind === 'grant' ? reviewEndpoints.grantsIn(state) : reviewEndpoints.overlaysIn(state))));
  // A unit never approves its own grants: those wait for a unit above.
  const items = lists.flatMap((list) => list.items as Delegation[]).filter((item) => kind === 'overlay' || item.orgUnit !== me.orgUnit);
  const pairs = [...new Set(items.map((item) => `${item.orgUnit}|${item.ruleSetKey}`))];
  const notes = new Map<string, { note?: string; at: string }>();
  await Promise.all(
    pairs.map(async (pair) => {
      const [orgUnit, ruleSetKey] = pair.split('|') as [string, string];
      for (const entry of (await reviewEndpoints.submissions(kind, orgUnit, ruleSetKey)).items) {
        const version = (entry.after as { version?: number } | undefined)?.version;
        const id = `${pair}|${version}`;
        if (version !== undefined && !notes.has(id)) notes.set(id, { note: entry.reason, at: entry.at });
      }
    }),
  );
  const path = kind === 'grant' ? '/authority/grants' : '/authority/overlays';
  return items.map((item) => {
    const submitted = notes.get(`${item.orgUnit}|${item.ruleSetKey}|${item.version}`);
    return {
      id: `${kind}-${item.orgUnit}-${item.version}`,
      link: `${path}?orgUnit=${encodeURIComponent(item.orgUnit)}&ruleSet=${encodeURIComponent(item.ruleSetKey)}`,
      title: `${item.orgUnit} · ${item.ruleSetKey} v${item.version}`,
      state: item.state,
      author: item.author,
      makers: item.makers,
      note: submitted?.note,
      at: submitted?.at,
    };
  });
}

/** Agencies whose admission request waits for a checker (HQ decides admission: docs/vendors.md), each with the maker's note. */
async function pendingAdmissions(me: PrincipalView): Promise<Pending[]> {
  if (!vendorAccess.decide(me)) return [];
  return (await vendorEndpoints.awaitingAdmission()).items.map((agency) => ({
    id: agency.agencyId,
    link: `/vendors/${encodeURIComponent(agency.agencyId)}?tab=admission`,
    title: agency.agencyName,
    state: ADMISSION_STATE_LABELS.requested!,
    author: agency.admission!.requestedBy,
    makers: [agency.admission!.requestedBy],
    note: agency.admission!.note ?? undefined,
    at: agency.admission!.requestedAt,
  }));
}

/**
 * 待我审批 My approvals: everything awaiting an approver's decision or publication within the
 * user's scope, in one place. Items the user wrote part of are listed, marked: another approver
 * must decide them (maker-checker).
 */
export function InboxPage({ me }: { me: PrincipalView }) {
  const [sections, setSections] = useState<{ ruleSets: Pending[]; grants: Pending[]; overlays: Pending[]; admissions: Pending[] }>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    let live = true;
    (async () => {
      const units = new Set((await endpoints.orgUnits()).items.map((unit) => unit.id));
      const [ruleSets, grants, overlays, admissions] = await Promise.all([
        pendingRuleSets(units),
        pendingDelegations('grant', me),
        pendingDelegations('overlay', me),
        pendingAdmissions(me),
      ]);
      if (live) setSections({ ruleSets, grants, overlays, admissions });
    })().catch((caught) => live && setError(caught));
    return () => {
      live = false;
    };
  }, [me]);

  if (error || !sections) return <Pending error={error} />;
  return (
    <>
      <h1>{REVIEW_TERMS.inbox}</h1>
      <p className="muted">待审批与待发布的版本 Versions awaiting review or publishing within your scope ({me.orgUnit} and below).</p>
      <Section label="rule-set versions awaiting review or publishing" title={TERMS.ruleSets} items={sections.ruleSets} me={me} />
      <Section label="grants awaiting review or publishing" title={TERMS.grants} items={sections.grants} me={me} testPrefix="inbox-" />
      <Section label="overlays awaiting review or publishing" title={TERMS.overlays} items={sections.overlays} me={me} testPrefix="inbox-" />
      {vendorAccess.decide(me) && (
        <Section
          label="admission requests awaiting approval"
          title={VENDOR_TERMS.awaitingAdmission}
          items={sections.admissions}
          me={me}
          testPrefix="inbox-agency-"
        />
      )}
      {vendorAccess.decide(me) && <EliminationInbox me={me} />}
    </>
  );
}

function Section({
  label,
  title,
  items,
  me,
  testPrefix = 'inbox-ruleset-',
}: {
  label: string;
  title: string;
  items: Pending[];
  me: PrincipalView;
  testPrefix?: string;
}) {
  return (
    <section className="card" aria-label={label}>
      <h2>
        {title} ({items.length})
      </h2>
      {items.length === 0 ? (
        <p className="muted">无 Nothing waits.</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th>版本 Version</th>
              <th>状态 State</th>
              <th>作者 Author</th>
              <th>{REVIEW_TERMS.submitterNote}</th>
              <th>提交时间 Submitted</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} data-testid={`${testPrefix}${item.id}`}>
                <td>
                  <Link to={item.link}>{item.title}</Link>
                </td>
                <td>
                  {STATE_LABELS[item.state] ?? item.state}
                  {item.makers.includes(me.name) && <div className="muted">你参与编写，须由他人审批 you wrote it: another approver decides</div>}
                </td>
                <td>{item.author}</td>
                <td>{item.note ?? REVIEW_TERMS.noNote}</td>
                <td>{item.at ? localTime(item.at) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
