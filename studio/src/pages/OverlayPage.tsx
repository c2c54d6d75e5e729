import { useCallback, useEffect, useState } from 'react';
import { endpoints } from '../api/endpoints';
import type { EffectiveRuleSet, OverlayConflict, OverlayVersion, PrincipalView } from '../api/types';
import { describeBound, formatValue, readParameterInput } from '../authority/parameter-input';
import { PublishButton } from '../components/ConfirmDialog';
import { initialQuery, UnitKeyPicker } from '../authority/UnitKeyPicker';
import { ConflictTable, OriginLabel } from '../authority/EffectiveTable';
import { Status } from '../components/Status';
import { STATE_LABELS, TERMS } from '../terms';
import { BusyButton } from '../components/BusyButton';

const has = (me: PrincipalView, role: string) => me.roles.includes(role as never) || me.roles.includes('admin');

/**
 * A unit's parameter overlay: each granted parameter with its bounds, HQ's value and the value in
 * force; values are checked against the bounds as they are typed and cannot be submitted outside
 * them. Then submit, approve (an approver of the unit or above) and publish.
 */
export function OverlayPage({ me }: { me: PrincipalView }) {
  const [unit, setUnit] = useState(initialQuery('orgUnit') ?? (me.orgUnit === 'HQ' ? undefined : me.orgUnit));
  const [ruleSetKey, setRuleSetKey] = useState(initialQuery('ruleSet'));
  const [effective, setEffective] = useState<EffectiveRuleSet>();
  const [versions, setVersions] = useState<OverlayVersion[]>([]);
  const [conflicts, setConflicts] = useState<OverlayConflict[]>([]);
  const [inputs, setInputs] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (orgUnit: string, key: string) => {
    setError(undefined);
    try {
      const [view, list, found] = await Promise.all([
        endpoints.effective(key, orgUnit),
        endpoints.overlays({ orgUnit, ruleSetKey: key }),
        endpoints.conflicts({ orgUnit, ruleSetKey: key }),
      ]);
      const own = list.items.filter((item) => item.orgUnit === orgUnit);
      setEffective(view);
      setVersions(own);
      setConflicts(found.items.filter((item) => item.orgUnit === orgUnit));
      // Start from the latest draft if there is one, else from the version in force.
      const start = own.find((item) => item.state === 'draft') ?? own.find((item) => item.inForce);
      setInputs(Object.fromEntries(Object.entries(start?.values ?? {}).map(([name, value]) => [name, formatValue(value)])));
    } catch (caught) {
      setEffective(undefined);
      setError(caught);
    }
  }, []);

  useEffect(() => {
    if (unit && ruleSetKey) void load(unit, ruleSetKey);
  }, [unit, ruleSetKey, load]);

  // Granted parameters first: they are what this page is for.
  const parameters = Object.entries(effective?.parameters ?? {}).sort(([, a], [, b]) => Number(b.granted) - Number(a.granted));
  const granted = parameters.filter(([, parameter]) => parameter.granted);
  const checks = Object.fromEntries(
    Object.entries(inputs).map(([name, text]) => [
      name,
      effective?.parameters[name] ? readParameterInput(text, effective.parameters[name]) : { problem: 'unknown parameter' },
    ]),
  );
  const problems = Object.entries(checks).filter(([, check]) => 'problem' in check);
  const latest = versions[0];
  const draft = latest?.state === 'draft' ? latest : undefined;

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
  const values = () => Object.fromEntries(Object.entries(checks).map(([name, check]) => [name, (check as { value: OverlayVersion['values'][string] }).value]));
  const save = async (): Promise<OverlayVersion> =>
    draft
      ? endpoints.updateOverlay(unit!, ruleSetKey!, draft.version, draft.revision, values())
      : endpoints.createOverlay(unit!, ruleSetKey!, latest?.version ?? 0, values());

  return (
    <>
      <h1>{TERMS.overlays}</h1>
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
          <p className="muted">
            {effective.path.join(' › ')} · {TERMS.hqValue}: {effective.ruleSet.key} v{effective.ruleSet.version} · 授权参数 {granted.length} granted
            parameter(s)
          </p>
          {granted.length === 0 && <p className="notice">{unit} 未获授权 holds no grant for this rule set: every value comes from above.</p>}
          <table className="grid" aria-label="overlay editor">
            <thead>
              <tr>
                <th>参数 Parameter</th>
                <th>{TERMS.hqValue}</th>
                <th>{TERMS.bounds}</th>
                <th>现行值 In force</th>
                <th>本机构值 This unit's value</th>
              </tr>
            </thead>
            <tbody>
              {parameters.map(([name, parameter]) => {
                const check = checks[name];
                return (
                  <tr key={name} data-testid={`parameter-${name}`} className={check && 'problem' in check ? 'fail' : undefined}>
                    <td>
                      <code>{name}</code>
                      <div className="muted" style={{ fontSize: 12 }}>
                        {parameter.description}
                      </div>
                    </td>
                    <td>
                      {formatValue(parameter.ruleSetValue)} {parameter.unit}
                    </td>
                    <td data-testid={`bounds-${name}`}>
                      {parameter.granted ? describeBound(parameter.bounds) : <span className="muted">未授权 not granted</span>}
                    </td>
                    <td>
                      {formatValue(parameter.value)} <OriginLabel origin={parameter.origin} />
                    </td>
                    <td>
                      {parameter.granted ? (
                        <div>
                          <div className="row">
                            <input
                              aria-label={`value of ${name}`}
                              value={inputs[name] ?? ''}
                              placeholder="继承 inherit"
                              onChange={(event) => setInputs({ ...inputs, [name]: event.target.value })}
                            />
                            {inputs[name] !== undefined && (
                              <button
                                type="button"
                                className="link"
                                onClick={() => {
                                  const { [name]: _removed, ...rest } = inputs;
                                  setInputs(rest);
                                }}
                              >
                                继承 inherit
                              </button>
                            )}
                          </div>
                          {check && 'problem' in check && (
                            <div className="field-error" role="alert" data-testid={`problem-${name}`}>
                              {check.problem}
                            </div>
                          )}
                        </div>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="row">
            {has(me, 'policy-owner') && (
              <>
                <BusyButton busy={busy} type="button" disabled={problems.length > 0} onClick={() => run('草稿已保存 Draft saved', save)}>
                  保存草稿 Save draft
                </BusyButton>
                <BusyButton
                  busy={busy}
                  type="button"
                  disabled={problems.length > 0}
                  onClick={() =>
                    run('已提交审批 Submitted for review', async () => {
                      const saved = await save();
                      return endpoints.overlayAction('submit', unit!, ruleSetKey!, saved.version);
                    })
                  }
                >
                  提交审批 Submit for review
                </BusyButton>
              </>
            )}
            {problems.length > 0 && <span className="field-error">超出授权范围的值不能提交 Values outside the bounds cannot be submitted.</span>}
          </div>
          <VersionList
            versions={versions}
            me={me}
            busy={busy}
            act={(action, version) => run(`${action} v${version}`, () => endpoints.overlayAction(action, unit!, ruleSetKey!, version))}
          />
          {conflicts.length > 0 && (
            <section className="card conflict" aria-label="conflicts">
              <h2>{TERMS.conflicts}</h2>
              <p>
                这些已发布的值已超出现行授权，评估时使用上级的值。These published values no longer fit the grant in force; evaluation uses the value from above
                instead.
              </p>
              <ConflictTable conflicts={conflicts} />
            </section>
          )}
        </>
      )}
    </>
  );
}

function VersionList({
  versions,
  me,
  busy,
  act,
}: {
  versions: OverlayVersion[];
  me: PrincipalView;
  busy: boolean;
  act: (action: 'approve' | 'reject' | 'publish', version: number) => void;
}) {
  if (versions.length === 0) return <p className="muted">尚无版本 No overlay versions yet.</p>;
  return (
    <table className="grid" aria-label="overlay versions">
      <thead>
        <tr>
          <th>{TERMS.version}</th>
          <th>状态 State</th>
          <th>值 Values</th>
          <th>作者 Author</th>
          <th>操作 Actions</th>
        </tr>
      </thead>
      <tbody>
        {versions.map((version) => (
          <tr key={version.version} data-testid={`overlay-version-${version.version}`}>
            <td>v{version.version}</td>
            <td data-testid="overlay-state">
              {STATE_LABELS[version.state] ?? version.state}
              {version.inForce ? ' · 现行 in force' : ''}
            </td>
            <td>
              <code>
                {Object.entries(version.values)
                  .map(([name, value]) => `${name}=${formatValue(value)}`)
                  .join('; ') || '—'}
              </code>
            </td>
            <td>
              {version.author}
              {version.approvedBy ? ` · 批准 ${version.approvedBy}` : ''}
            </td>
            <td>
              {version.state === 'in-review' && me.roles.includes('approver') && version.makers.includes(me.name) && (
                <span className="muted">作者不能批准 authors cannot approve (maker-checker)</span>
              )}
              {version.state === 'in-review' && me.roles.includes('approver') && !version.makers.includes(me.name) && (
                <>
                  <BusyButton busy={busy} type="button" onClick={() => act('approve', version.version)}>
                    批准 Approve
                  </BusyButton>{' '}
                  <BusyButton busy={busy} type="button" className="secondary" onClick={() => act('reject', version.version)}>
                    驳回 Reject
                  </BusyButton>
                </>
              )}
              {version.state === 'approved' && has(me, 'approver') && (
                <PublishButton what={`overlay v${version.version}`} busy={busy} onPublish={() => act('publish', version.version)}>
                  发布后 {version.orgUnit} 的评估立即使用这些值。Publishing makes {version.orgUnit}'s evaluations use these values at once.
                </PublishButton>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
