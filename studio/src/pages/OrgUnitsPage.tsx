import { useCallback, useEffect, useState } from 'react';
import { endpoints } from '../api/endpoints';
import type { OrgUnit, PrincipalView } from '../api/types';
import { FieldErrors } from '../components/ErrorView';
import { Pending, Status } from '../components/Status';
import { TERMS } from '../terms';

/** The org-unit tree of the user's scope; admins create, rename, move, deactivate and reactivate units. */
export function OrgUnitsPage({ me }: { me: PrincipalView }) {
  const [units, setUnits] = useState<OrgUnit[]>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const isAdmin = me.roles.includes('admin');

  const load = useCallback(() => endpoints.orgUnits().then((list) => setUnits(list.items), setError), []);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (what: string, call: () => Promise<unknown>) => {
    setError(undefined);
    setNotice(undefined);
    try {
      await call();
      setNotice(what);
      await load();
    } catch (caught) {
      setError(caught);
    }
  };

  if (!units) return <Pending error={error} />;
  const root = units[0]?.path.length ?? 1;

  return (
    <>
      <h1>{TERMS.orgUnits}</h1>
      <p className="muted">
        您的范围 Your scope: <strong>{me.orgUnit}</strong> 及下级 and the units below it.
      </p>
      <Status error={error} onDismiss={() => setError(undefined)} notice={notice} />
      <table className="grid" aria-label="org units">
        <thead>
          <tr>
            <th>机构 Unit</th>
            <th>名称 Name</th>
            <th>上级 Parent</th>
            <th>状态 State</th>
            {isAdmin && <th>操作 Actions</th>}
          </tr>
        </thead>
        <tbody>
          {units.map((unit) => (
            <tr key={unit.id} data-testid={`org-unit-${unit.id}`}>
              <td style={{ paddingLeft: `${(unit.path.length - root) * 1.5 + 0.5}rem` }}>
                <code>{unit.id}</code>
              </td>
              <td>{unit.name}</td>
              <td>{unit.parent ?? '—'}</td>
              <td>{unit.active ? '启用 active' : '停用 deactivated'}</td>
              {isAdmin && (
                <td>
                  <UnitActions unit={unit} units={units} act={act} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {isAdmin && <CreateUnit units={units} act={act} error={error} />}
    </>
  );
}

function UnitActions({ unit, units, act }: { unit: OrgUnit; units: OrgUnit[]; act: (what: string, call: () => Promise<unknown>) => Promise<void> }) {
  const [name, setName] = useState(unit.name);
  const [parent, setParent] = useState(unit.parent ?? '');
  const parents = units.filter((candidate) => candidate.active && !candidate.path.includes(unit.id));
  return (
    <div className="row">
      <input aria-label={`name of ${unit.id}`} value={name} onChange={(event) => setName(event.target.value)} />
      <button
        type="button"
        className="secondary"
        disabled={name === unit.name}
        onClick={() => act(`已改名 Renamed ${unit.id}`, () => endpoints.updateOrgUnit(unit.id, { version: unit.version, name }))}
      >
        改名 Rename
      </button>
      {unit.parent !== null && (
        <>
          <select aria-label={`parent of ${unit.id}`} value={parent} onChange={(event) => setParent(event.target.value)}>
            {parents.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.id}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="secondary"
            disabled={parent === unit.parent}
            onClick={() => act(`已移动 Moved ${unit.id}`, () => endpoints.updateOrgUnit(unit.id, { version: unit.version, parent }))}
          >
            移动 Move
          </button>
          <button
            type="button"
            className={unit.active ? 'danger' : 'secondary'}
            onClick={() =>
              act(unit.active ? `已停用 Deactivated ${unit.id}` : `已启用 Reactivated ${unit.id}`, () =>
                endpoints.updateOrgUnit(unit.id, { version: unit.version, active: !unit.active }),
              )
            }
          >
            {unit.active ? '停用 Deactivate' : '启用 Reactivate'}
          </button>
        </>
      )}
    </div>
  );
}

function CreateUnit({ units, act, error }: { units: OrgUnit[]; act: (what: string, call: () => Promise<unknown>) => Promise<void>; error: unknown }) {
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [parent, setParent] = useState(units[0]?.id ?? 'HQ');
  return (
    <section className="card" aria-label="new org unit">
      <h2>新建机构 New unit</h2>
      <div className="row">
        <label className="inline">
          代码 Id <input value={id} onChange={(event) => setId(event.target.value)} placeholder="BR-XX" />
        </label>
        <label className="inline">
          名称 Name <input value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label className="inline">
          上级 Parent
          <select value={parent} onChange={(event) => setParent(event.target.value)}>
            {units
              .filter((unit) => unit.active)
              .map((unit) => (
                <option key={unit.id} value={unit.id}>
                  {unit.id}
                </option>
              ))}
          </select>
        </label>
        <button type="button" disabled={!id || !name} onClick={() => act(`已创建 Created ${id}`, () => endpoints.createOrgUnit({ id, name, parent }))}>
          创建 Create
        </button>
      </div>
      <FieldErrors error={error} path="/body/id" />
      <FieldErrors error={error} path="/body/parent" />
    </section>
  );
}
