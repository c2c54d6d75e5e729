import { useCallback, useEffect, useState } from 'react';
import { ADMIN_TERMS, ROLE_HINTS } from '../admin/terms';
import { RoleChecks } from '../admin/RoleChecks';
import { endpoints } from '../api/endpoints';
import { identityEndpoints, type User } from '../api/identity-endpoints';
import type { OrgUnit, PrincipalView, Role } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { FieldErrors } from '../components/ErrorView';
import { Pending, Status } from '../components/Status';
import { TERMS } from '../terms';

/**
 * Users of the admin's scope (their unit and below): create with roles and an org unit, change
 * roles, unit and display name, reset a password, deactivate and reactivate. Every change sends the
 * version read (409 when someone else changed the user meanwhile). The server ends a user's
 * sessions when their password, roles, unit or active flag change.
 */
export function UsersPage({ me }: { me: PrincipalView }) {
  const [users, setUsers] = useState<User[]>();
  const [units, setUnits] = useState<OrgUnit[]>([]);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [open, setOpen] = useState<{ username: string; form: 'edit' | 'password' | 'deactivate' }>();
  const admin = me.roles.includes('admin');

  const load = useCallback(() => identityEndpoints.users().then((list) => setUsers(list.items), setError), []);
  useEffect(() => {
    if (!admin) return;
    void load();
    endpoints.orgUnits().then((list) => setUnits(list.items), setError);
  }, [admin, load]);

  /** Runs a change; true when it succeeded (the list is then reloaded). */
  const act = async (what: string, call: () => Promise<unknown>): Promise<boolean> => {
    setError(undefined);
    setNotice(undefined);
    try {
      await call();
      setNotice(what);
      setOpen(undefined);
      await load();
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    }
  };

  if (!admin)
    return (
      <p className="muted" data-testid="admin-only">
        {ADMIN_TERMS.adminOnly}
      </p>
    );
  if (!users) return <Pending error={error} />;

  return (
    <>
      <h1>{ADMIN_TERMS.users}</h1>
      <p className="muted">
        您的范围 Your scope: <strong>{me.orgUnit}</strong> 及下级 and the units below it.
      </p>
      <Status error={error} onDismiss={() => setError(undefined)} notice={notice} />
      <table className="grid" aria-label="users">
        <thead>
          <tr>
            <th>{ADMIN_TERMS.username}</th>
            <th>{ADMIN_TERMS.displayName}</th>
            <th>{TERMS.orgUnit}</th>
            <th>{ADMIN_TERMS.roles}</th>
            <th>状态 State</th>
            <th>操作 Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.username} data-testid={`user-${user.username}`}>
              <td>
                {user.username}
                {user.demo && <span className="muted"> (演示 demo)</span>}
              </td>
              <td>{user.displayName}</td>
              <td>{user.orgUnit}</td>
              <td>{user.roles.join(', ')}</td>
              <td>{user.active ? ADMIN_TERMS.active : ADMIN_TERMS.inactive}</td>
              <td className="row">
                <button type="button" className="secondary" onClick={() => setOpen({ username: user.username, form: 'edit' })}>
                  编辑 Edit
                </button>
                <button type="button" className="secondary" onClick={() => setOpen({ username: user.username, form: 'password' })}>
                  重置密码 Reset password
                </button>
                {user.active ? (
                  <button
                    type="button"
                    className="danger"
                    disabled={user.username === me.name}
                    title={user.username === me.name ? '不能停用自己 you cannot deactivate yourself' : undefined}
                    onClick={() => setOpen({ username: user.username, form: 'deactivate' })}
                  >
                    停用 Deactivate
                  </button>
                ) : (
                  <button
                    type="button"
                    onClick={() =>
                      void act(`已启用 ${user.username} reactivated`, () =>
                        identityEndpoints.updateUser(user.username, { version: user.version, active: true }),
                      )
                    }
                  >
                    启用 Reactivate
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open && users.some((user) => user.username === open.username) && (
        <OpenForm
          user={users.find((user) => user.username === open.username)!}
          form={open.form}
          me={me}
          units={units}
          error={error}
          act={act}
          close={() => setOpen(undefined)}
        />
      )}
      <CreateUser units={units} error={open ? undefined : error} act={act} />
    </>
  );
}

type Act = (what: string, call: () => Promise<unknown>) => Promise<boolean>;

function OpenForm({
  user,
  form,
  me,
  units,
  error,
  act,
  close,
}: {
  user: User;
  form: 'edit' | 'password' | 'deactivate';
  me: PrincipalView;
  units: OrgUnit[];
  error: unknown;
  act: Act;
  close: () => void;
}) {
  if (form === 'edit') return <EditUser key={user.username} user={user} me={me} units={units} error={error} act={act} close={close} />;
  if (form === 'password') return <ResetPassword key={user.username} user={user} error={error} act={act} close={close} />;
  return (
    <ConfirmDialog
      label={`deactivate ${user.username}`}
      confirmText="确认停用 Confirm deactivate"
      danger
      onConfirm={() =>
        void act(`已停用 ${user.username} deactivated`, () => identityEndpoints.updateUser(user.username, { version: user.version, active: false }))
      }
      onCancel={close}
    >
      停用 <strong>{user.username}</strong>：其会话立即结束，其 API 密钥停止工作。Deactivating {user.username} ends their sessions at once and stops their API
      keys.
    </ConfirmDialog>
  );
}

/** Maker-checker between natural persons (server/identity/natural-person.ts), said where roles are given. */
function ApproverNote({ self }: { self: boolean }) {
  return (
    <p className="notice" data-testid="approver-note">
      制衡 maker-checker：审批人不能批准由其本人、其创建的账号或密钥、或创建其账号者编写的版本；只能批准成为审批人之后提交的版本
      {self ? '；你给自己授予的审批人角色一天后才可审批' : ''}。An approver cannot approve versions written by themselves, by accounts or keys they created, or
      by whoever created their account; only versions submitted after they became an approver
      {self ? '; an approver role you give yourself counts only a day later' : ''}.
    </p>
  );
}

function EditUser({ user, me, units, error, act, close }: { user: User; me: PrincipalView; units: OrgUnit[]; error: unknown; act: Act; close: () => void }) {
  const [displayName, setDisplayName] = useState(user.displayName);
  const [orgUnit, setOrgUnit] = useState(user.orgUnit);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const save = () =>
    act(`已保存 ${user.username} saved`, () =>
      identityEndpoints.updateUser(user.username, {
        version: user.version,
        ...(displayName !== user.displayName ? { displayName } : {}),
        ...(orgUnit !== user.orgUnit ? { orgUnit } : {}),
        ...(roles.join() !== user.roles.join() ? { roles } : {}),
      }),
    );
  const unchanged = displayName === user.displayName && orgUnit === user.orgUnit && roles.join() === user.roles.join();
  return (
    <form
      className="card"
      aria-label={`edit ${user.username}`}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h2>编辑 Edit {user.username}</h2>
      <label>
        {ADMIN_TERMS.displayName} <input value={displayName} onChange={(event) => setDisplayName(event.target.value)} />
      </label>
      <FieldErrors error={error} path="/body/displayName" />
      <UnitSelect units={units} value={orgUnit} onChange={setOrgUnit} />
      <FieldErrors error={error} path="/body/orgUnit" />
      <RoleChecks value={roles} onChange={setRoles} hints={ROLE_HINTS} />
      <FieldErrors error={error} path="/body/roles" />
      {roles.includes('approver') && !user.roles.includes('approver') && <ApproverNote self={user.username === me.name} />}
      <div className="row">
        <button type="submit" disabled={unchanged || roles.length === 0}>
          保存 Save
        </button>
        <button type="button" className="secondary" onClick={close}>
          取消 Cancel
        </button>
      </div>
    </form>
  );
}

function ResetPassword({ user, error, act, close }: { user: User; error: unknown; act: Act; close: () => void }) {
  const [password, setPassword] = useState('');
  return (
    <form
      className="card"
      aria-label={`reset password of ${user.username}`}
      onSubmit={(event) => {
        event.preventDefault();
        void act(`已重置 ${user.username} 的密码，其会话已结束 Password of ${user.username} reset; their sessions ended`, () =>
          identityEndpoints.updateUser(user.username, { version: user.version, password }),
        );
      }}
    >
      <h2>重置密码 Reset password of {user.username}</h2>
      <label>
        {ADMIN_TERMS.newPassword} <input type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />
      </label>
      <FieldErrors error={error} path="/body/password" />
      <p className="muted">至少 12 个字符，不含用户名，不是常见密码 At least 12 characters, not containing the user name, not a common password.</p>
      <div className="row">
        <button type="submit" disabled={password.length === 0}>
          保存 Save
        </button>
        <button type="button" className="secondary" onClick={close}>
          取消 Cancel
        </button>
      </div>
    </form>
  );
}

export function UnitSelect({ units, value, onChange }: { units: OrgUnit[]; value: string; onChange: (value: string) => void }) {
  return (
    <label>
      {TERMS.orgUnit}{' '}
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        {units
          .filter((unit) => unit.active || unit.id === value)
          .map((unit) => (
            <option key={unit.id} value={unit.id}>
              {unit.id} · {unit.name}
            </option>
          ))}
      </select>
    </label>
  );
}

function CreateUser({ units, error, act }: { units: OrgUnit[]; error: unknown; act: Act }) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [orgUnit, setOrgUnit] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const unit = orgUnit || units[0]?.id || '';
  const create = async () => {
    const done = await act(`已创建 ${username} created`, () =>
      identityEndpoints.createUser({ username, password, roles, orgUnit: unit, ...(displayName.trim() ? { displayName: displayName.trim() } : {}) }),
    );
    if (done) {
      setUsername('');
      setDisplayName('');
      setPassword('');
      setRoles([]);
    }
  };
  return (
    <form
      className="card"
      aria-label="new user"
      onSubmit={(event) => {
        event.preventDefault();
        void create();
      }}
    >
      <h2>新建用户 New user</h2>
      <label>
        {ADMIN_TERMS.username} <input value={username} autoComplete="off" onChange={(event) => setUsername(event.target.value)} />
      </label>
      <FieldErrors error={error} path="/body/username" />
      <label>
        {ADMIN_TERMS.displayName} <input value={displayName} onChange={(event) => setDisplayName(event.target.value)} />
      </label>
      <label>
        {ADMIN_TERMS.initialPassword}{' '}
        <input type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />
      </label>
      <FieldErrors error={error} path="/body/password" />
      <UnitSelect units={units} value={unit} onChange={setOrgUnit} />
      <FieldErrors error={error} path="/body/orgUnit" />
      <RoleChecks value={roles} onChange={setRoles} hints={ROLE_HINTS} />
      <FieldErrors error={error} path="/body/roles" />
      {roles.includes('approver') && <ApproverNote self={false} />}
      <button type="submit" disabled={!username || !password || roles.length === 0}>
        创建用户 Create user
      </button>
    </form>
  );
}
