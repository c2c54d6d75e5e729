import { useCallback, useEffect, useState } from 'react';
import type { PrincipalView } from '../api/types';
import { BusyButton } from '../components/BusyButton';
import { ListWithDetail } from '../components/SidePanel';
import { Status } from '../components/Status';
import { INDICATOR_CATEGORY_VALUES } from '../../../server/generated/schema-types';
import { indicatorEndpoints, type IndicatorDetail, type IndicatorList } from './indicator-endpoints';
import { IndicatorDefinition } from './IndicatorDefinition';
import { IndicatorEditor } from './IndicatorEditor';
import { CATEGORY_LABELS, CRITERION_LABELS, FREQUENCY_LABELS, INDICATOR_TERMS as T, STATE_LABELS } from './terms';
import './indicators.css';

export const INDICATORS_PATH = '/indicators';

/** HQ's policy owners and admins edit and propose; HQ approvers publish (maker-checker is the server's). */
const canEdit = (me: PrincipalView) => me.orgUnit === 'HQ' && me.roles.some((role) => role === 'policy-owner' || role === 'admin');
const canApprove = (me: PrincipalView) => me.orgUnit === 'HQ' && me.roles.includes('approver');

/**
 * 指标目录 Indicator catalogue (docs/indicators.md, Art. 6): the published version (or the draft being edited) with
 * each indicator's definition, frequency, owner, process and Art. 6 criteria; a panel with the entry, its history and
 * (draft, editors) the edit form; the versions with propose and approve.
 */
export function IndicatorsPage({ me }: { me: PrincipalView }) {
  const [view, setView] = useState<'published' | 'draft'>('published');
  const [category, setCategory] = useState('');
  const [list, setList] = useState<IndicatorList>();
  const [open, setOpen] = useState<IndicatorDetail>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();

  const reload = useCallback(async () => {
    setBusy(true);
    setError(undefined);
    try {
      setList(await indicatorEndpoints.list({ view, ...(category ? { category: category as never } : {}) }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }, [view, category]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(undefined);
    try {
      setNotice(await work());
      await reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const select = (indicatorId: string) => void indicatorEndpoints.detail(indicatorId).then(setOpen, setError);
  const pending = list?.versions.find((version) => version.state === 'proposed');

  const table = (
    <section className="card" aria-label="indicators" aria-busy={busy}>
      <div className="scroll">
        <table className="grid">
          <thead>
            <tr>
              <th>{T.indicator}</th>
              <th>{T.category}</th>
              <th>{T.frequency}</th>
              <th>{T.owner}</th>
              <th>{T.criteria}</th>
              <th>{T.revision}</th>
            </tr>
          </thead>
          <tbody>
            {list?.items.map((item) => (
              <tr key={item.indicatorId} data-indicator={item.indicatorId}>
                <td>
                  <button type="button" className="link" onClick={() => select(item.indicatorId)}>
                    {item.content.label}
                  </button>
                </td>
                <td>{CATEGORY_LABELS[item.category]}</td>
                <td>{FREQUENCY_LABELS[item.content.frequency]}</td>
                <td>{item.content.owner}</td>
                <td>{item.content.criteria.map((criterion) => CRITERION_LABELS[criterion]).join(';')}</td>
                <td>{item.revision}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );

  return (
    <>
      <h1>{T.navigation}</h1>
      <p className="muted">{T.intro}</p>
      <div className="row filters">
        <label className="inline">
          {T.view}{' '}
          <select aria-label="view" value={view} onChange={(event) => setView(event.target.value as 'published' | 'draft')}>
            <option value="published">
              {T.published} {list?.view === 'published' && list.version ? `v${list.version}` : ''}
            </option>
            <option value="draft">{T.draft}</option>
          </select>
        </label>
        <label className="inline">
          {T.category}{' '}
          <select aria-label="category" value={category} onChange={(event) => setCategory(event.target.value)}>
            <option value="">{T.all}</option>
            {INDICATOR_CATEGORY_VALUES.map((value) => (
              <option key={value} value={value}>
                {CATEGORY_LABELS[value]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Status busy={busy} error={error} onDismiss={() => setError(undefined)} notice={notice} onDismissNotice={() => setNotice(undefined)} />
      <ListWithDetail
        list={table}
        label={T.definitionOf}
        onClose={() => setOpen(undefined)}
        detail={
          open && (
            <>
              <IndicatorDefinition indicator={open.indicator} />
              {view === 'draft' && canEdit(me) && (
                <IndicatorEditor
                  key={`${open.indicator.indicatorId}:${open.indicator.revision}`}
                  detail={open}
                  onSaved={(saved) => {
                    setOpen(saved);
                    setNotice(T.saved);
                    void reload();
                  }}
                />
              )}
              <h3>{T.history}</h3>
              <ol className="indicator-history">
                {open.history.map((entry) => (
                  <li key={entry.revision}>
                    {entry.revision} · {entry.action} · {entry.actor} · {new Date(entry.at).toLocaleString('zh-CN', { hour12: false })}
                    {entry.note ? ` · ${entry.note}` : ''}
                  </li>
                ))}
              </ol>
            </>
          )
        }
      />
      <section className="card" aria-label="catalogue versions">
        <h2>{T.versions}</h2>
        {canEdit(me) && !pending && (
          <BusyButton busy={busy} onClick={() => void run(async () => `${T.proposed}: v${(await indicatorEndpoints.propose()).version}`)}>
            {T.propose}
          </BusyButton>
        )}
        <table className="grid">
          <thead>
            <tr>
              <th>#</th>
              <th>{T.state}</th>
              <th>{T.proposedBy}</th>
              <th>{T.editors}</th>
              <th>{T.approvedBy}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list?.versions.map((version) => (
              <tr key={version.version} data-version={version.version}>
                <td>v{version.version}</td>
                <td>{STATE_LABELS[version.state] ?? version.state}</td>
                <td>{version.proposedBy}</td>
                <td>{version.editors.join(', ') || '—'}</td>
                <td>{version.approvedBy ?? '—'}</td>
                <td>
                  {version.state === 'proposed' && canApprove(me) && (
                    <BusyButton
                      busy={busy}
                      onClick={() => void run(async () => `${T.publishedNotice}: v${(await indicatorEndpoints.approve(version.version)).version}`)}
                    >
                      {T.approve}
                    </BusyButton>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
