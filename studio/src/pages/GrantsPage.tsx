import { useCallback, useEffect, useRef, useState } from 'react';
import { endpoints } from '../api/endpoints';
import type { EffectiveRuleSet, GrantContent, GrantVersion, ParameterBound, PrincipalView } from '../api/types';
import { describeBound, formatValue } from '../authority/parameter-input';
import { PublishButton } from '../components/ConfirmDialog';
import { initialQuery, UnitKeyPicker } from '../authority/UnitKeyPicker';
import { FieldErrors } from '../components/ErrorView';
import { Status } from '../components/Status';
import { STATE_LABELS, TERMS } from '../terms';
import { BusyButton } from '../components/BusyButton';

type Row = { granted: boolean; min: string; max: string; allowed: string };

function rowsOf(effective: EffectiveRuleSet, grant: GrantContent | undefined): Record<string, Row> {
  return Object.fromEntries(
    Object.keys(effective.parameters).map((name) => {
      const bound = grant?.parameters[name];
      return [
        name,
        { granted: bound !== undefined, min: bound?.min?.toString() ?? '', max: bound?.max?.toString() ?? '', allowed: bound?.allowedValues?.join(', ') ?? '' },
      ];
    }),
  );
}

/** Allowed values are typed as text; numbers and true/false are read as such when the parameter holds them. */
function boundOf(row: Row, hqValue: unknown): ParameterBound {
  const sample = Array.isArray(hqValue) ? hqValue[0] : hqValue;
  const item = (text: string): number | string | boolean => (typeof sample === 'number' ? Number(text) : typeof sample === 'boolean' ? text === 'true' : text);
  return {
    ...(row.min.trim() !== '' ? { min: Number(row.min) } : {}),
    ...(row.max.trim() !== '' ? { max: Number(row.max) } : {}),
    ...(row.allowed.trim() !== '' ? { allowedValues: row.allowed.split(',').map((text) => item(text.trim())) } : {}),
  };
}

const list = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/**
 * Grants: which parameters of a rule set a unit may set, within which bounds. Written by a policy
 * owner above the unit, approved by a different approver above it, then published.
 */
export function GrantsPage({ me }: { me: PrincipalView }) {
  const [unit, setUnit] = useState(initialQuery('orgUnit'));
  const [ruleSetKey, setRuleSetKey] = useState(initialQuery('ruleSet'));
  const [effective, setEffective] = useState<EffectiveRuleSet>();
  const [versions, setVersions] = useState<GrantVersion[]>([]);
  const [rows, setRows] = useState<Record<string, Row>>({});
  const [inherit, setInherit] = useState(false);
  const [products, setProducts] = useState('');
  const [channels, setChannels] = useState('');
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [loading, setLoading] = useState(false);
  const latestLoad = useRef(0);

  const load = useCallback(async (orgUnit: string, key: string) => {
    setError(undefined);
    // Inputs stay disabled while a load is under way, and only the latest load may fill them:
    // an earlier answer arriving late must not reset what the user has started to edit.
    const ticket = ++latestLoad.current;
    setLoading(true);
    try {
      const [view, grants] = await Promise.all([endpoints.effective(key, orgUnit), endpoints.grants({ orgUnit, ruleSetKey: key })]);
      if (ticket !== latestLoad.current) return;
      const own = grants.items.filter((item) => item.orgUnit === orgUnit);
      const start = own.find((item) => item.state === 'draft') ?? own.find((item) => item.inForce);
      setEffective(view);
      setVersions(own);
      setRows(rowsOf(view, start?.grant));
      setInherit(start?.grant.inheritToSubBranches ?? false);
      setProducts(start?.grant.products?.join(', ') ?? '');
      setChannels(start?.grant.channels?.join(', ') ?? '');
    } catch (caught) {
      if (ticket !== latestLoad.current) return;
      setEffective(undefined);
      setError(caught);
    } finally {
      if (ticket === latestLoad.current) setLoading(false);
    }
  }, []);
  useEffect(() => {
    if (unit && ruleSetKey) void load(unit, ruleSetKey);
  }, [unit, ruleSetKey, load]);

  const run = async (what: string, call: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      await call();
      setNotice(what);
      await load(unit!, ruleSetKey!);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const content = (): GrantContent => ({
    inheritToSubBranches: inherit,
    parameters: Object.fromEntries(
      Object.entries(rows)
        .filter(([, row]) => row.granted)
        .map(([name, row]) => [name, boundOf(row, effective!.parameters[name]!.ruleSetValue)]),
    ),
    ...(list(products).length > 0 ? { products: list(products) } : {}),
    ...(list(channels).length > 0 ? { channels: list(channels) } : {}),
  });
  const latest = versions[0];
  const draft = latest?.state === 'draft' ? latest : undefined;
  const save = () =>
    draft
      ? endpoints.updateGrant(unit!, ruleSetKey!, draft.version, draft.revision, content())
      : endpoints.createGrant(unit!, ruleSetKey!, latest?.version ?? 0, content());
  // A unit never writes its own grant: a branch user reads theirs here.
  const canAuthor = (me.roles.includes('policy-owner') || me.roles.includes('admin')) && unit !== me.orgUnit;
  // The form is only editable for someone the server would let save it; everyone else reads it.
  const locked = loading || !canAuthor;

  return (
    <>
      <h1>{TERMS.grants}</h1>
      <UnitKeyPicker
        unit={unit}
        ruleSetKey={ruleSetKey}
        allow={(item) => item.parent !== null}
        onChange={(nextUnit, nextKey) => {
          setUnit(nextUnit);
          setRuleSetKey(nextKey);
        }}
      />
      <Status error={error} onDismiss={() => setError(undefined)} notice={notice} />
      {effective && (
        <>
          <section className="card" aria-label="grant editor">
            <h2>
              {unit} · {ruleSetKey} {canAuthor ? (draft ? `· 草稿 draft v${draft.version}` : '· 新版本 new version') : ''}
            </h2>
            {!canAuthor && (
              <p className="muted" data-testid="grant-read-only">
                {unit === me.orgUnit
                  ? `只读：授权由 ${unit} 的上级机构设定，本机构不能给自己授权。Read-only: grants for ${unit} are written above it; a unit never grants itself authority.`
                  : '只读：只有上级机构的策略负责人可以起草授权。Read-only: only a policy owner of a unit above can draft grants.'}
              </p>
            )}
            <table className="grid">
              <thead>
                <tr>
                  <th>授权 Grant</th>
                  <th>参数 Parameter</th>
                  <th>{TERMS.hqValue}</th>
                  <th>现行范围 Bounds in force</th>
                  <th>最小 Min</th>
                  <th>最大 Max</th>
                  <th>可选值 Allowed values</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(rows).map(([name, row]) => {
                  const parameter = effective.parameters[name]!;
                  const update = (change: Partial<Row>) => setRows((current) => ({ ...current, [name]: { ...current[name]!, ...change } }));
                  return (
                    <tr key={name} data-testid={`grant-${name}`}>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`grant ${name}`}
                          disabled={locked}
                          checked={row.granted}
                          onChange={(event) => update({ granted: event.target.checked })}
                        />
                      </td>
                      <td>
                        <code>{name}</code>
                      </td>
                      <td>
                        {formatValue(parameter.ruleSetValue)} {parameter.unit}
                      </td>
                      <td className="muted">{describeBound(parameter.bounds)}</td>
                      <td>
                        <input
                          aria-label={`min of ${name}`}
                          size={6}
                          disabled={locked || !row.granted}
                          value={row.min}
                          onChange={(event) => update({ min: event.target.value })}
                        />
                      </td>
                      <td>
                        <input
                          aria-label={`max of ${name}`}
                          size={6}
                          disabled={locked || !row.granted}
                          value={row.max}
                          onChange={(event) => update({ max: event.target.value })}
                        />
                      </td>
                      <td>
                        <input
                          aria-label={`allowed values of ${name}`}
                          disabled={locked || !row.granted}
                          value={row.allowed}
                          onChange={(event) => update({ allowed: event.target.value })}
                        />
                        <FieldErrors error={error} path={`/body/grant/parameters/${name}`} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <div className="row">
              <label className="inline">
                <input type="checkbox" disabled={locked} checked={inherit} onChange={(event) => setInherit(event.target.checked)} /> 下级机构继承 Sub-branches
                inherit
              </label>
              <label className="inline">
                产品 Products <input disabled={locked} value={products} placeholder="全部 all" onChange={(event) => setProducts(event.target.value)} />
              </label>
              <label className="inline">
                渠道 Channels <input disabled={locked} value={channels} placeholder="全部 all" onChange={(event) => setChannels(event.target.value)} />
              </label>
            </div>
            {canAuthor && (
              <div className="row">
                <BusyButton busy={busy} type="button" onClick={() => run('草稿已保存 Draft saved', save)}>
                  保存草稿 Save draft
                </BusyButton>
                <BusyButton
                  busy={busy}
                  type="button"
                  onClick={() =>
                    run('已提交审批 Submitted for review', async () => endpoints.grantAction('submit', unit!, ruleSetKey!, (await save()).version))
                  }
                >
                  提交审批 Submit for review
                </BusyButton>
              </div>
            )}
          </section>
          <GrantVersions
            versions={versions}
            me={me}
            busy={busy}
            act={(action, version) => run(`${action} v${version}`, () => endpoints.grantAction(action, unit!, ruleSetKey!, version))}
          />
        </>
      )}
    </>
  );
}

function GrantVersions({
  versions,
  me,
  busy,
  act,
}: {
  versions: GrantVersion[];
  me: PrincipalView;
  busy: boolean;
  act: (action: 'approve' | 'reject' | 'publish', version: number) => void;
}) {
  if (versions.length === 0) return <p className="muted">尚无授权 No grant versions yet.</p>;
  const approver = me.roles.includes('approver');
  return (
    <table className="grid" aria-label="grant versions">
      <thead>
        <tr>
          <th>{TERMS.version}</th>
          <th>状态 State</th>
          <th>范围 Bounds</th>
          <th>作者 Author</th>
          <th>操作 Actions</th>
        </tr>
      </thead>
      <tbody>
        {versions.map((version) => (
          <tr key={version.version} data-testid={`grant-version-${version.version}`}>
            <td>v{version.version}</td>
            <td data-testid="grant-state">
              {STATE_LABELS[version.state] ?? version.state}
              {version.inForce ? ' · 现行 in force' : ''}
            </td>
            <td>
              <code>
                {Object.entries(version.grant.parameters)
                  .map(([name, bound]) => `${name}: ${describeBound(bound)}`)
                  .join('; ') || '—'}
              </code>
              {version.grant.inheritToSubBranches && <span className="muted"> · 下级继承 inherited</span>}
            </td>
            <td>
              {version.author}
              {version.approvedBy ? ` · 批准 ${version.approvedBy}` : ''}
            </td>
            <td>
              {version.state === 'in-review' && approver && version.makers.includes(me.name) && (
                <span className="muted">作者不能批准 authors cannot approve (maker-checker)</span>
              )}
              {version.state === 'in-review' && approver && !version.makers.includes(me.name) && version.orgUnit !== me.orgUnit && (
                <>
                  <BusyButton busy={busy} type="button" onClick={() => act('approve', version.version)}>
                    批准 Approve
                  </BusyButton>{' '}
                  <BusyButton busy={busy} type="button" className="secondary" onClick={() => act('reject', version.version)}>
                    驳回 Reject
                  </BusyButton>
                </>
              )}
              {version.state === 'approved' && (approver || me.roles.includes('admin')) && (
                <PublishButton what={`grant v${version.version}`} busy={busy} onPublish={() => act('publish', version.version)}>
                  发布后 {version.orgUnit} 立即按此授权设置参数，超出范围的已发布值转为冲突。Publishing puts this grant in force for {version.orgUnit} at once;
                  its published values outside these bounds become conflicts.
                </PublishButton>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
