import { useCallback, useEffect, useState } from 'react';
import { ADMIN_TERMS, ROLE_HINTS } from '../admin/terms';
import { RoleChecks } from '../admin/RoleChecks';
import { endpoints } from '../api/endpoints';
import { identityEndpoints, type ApiKey, type ApiKeyCreateRequest, type User } from '../api/identity-endpoints';
import type { OrgUnit, PrincipalView, Role } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorView, FieldErrors } from '../components/ErrorView';
import { Pending } from '../components/Status';
import { localTime } from '../ruleset/review-terms';
import { TERMS } from '../terms';
import { UnitSelect } from './UsersPage';

/**
 * API keys of the admin's scope: a key for a user (it acts with that user's roles and unit) or
 * for an integration (its own unit and roles), optionally limited to some rule sets or to
 * evaluation. The secret is shown once, right after creation; the list shows only its prefix.
 * Revoking stops a key at once; it stays listed as revoked.
 */
export function ApiKeysPage({ me }: { me: PrincipalView }) {
  const [keys, setKeys] = useState<ApiKey[]>();
  const [users, setUsers] = useState<User[]>([]);
  const [units, setUnits] = useState<OrgUnit[]>([]);
  const [ruleSetKeys, setRuleSetKeys] = useState<string[]>([]);
  const [secret, setSecret] = useState<{ name: string; value: string }>();
  const [revoking, setRevoking] = useState<ApiKey>();
  const [error, setError] = useState<unknown>();
  const admin = me.roles.includes('admin');

  const load = useCallback(() => identityEndpoints.apiKeys().then((list) => setKeys(list.items), setError), []);
  useEffect(() => {
    if (!admin) return;
    void load();
    identityEndpoints.users().then((list) => setUsers(list.items.filter((user) => user.active)), setError);
    endpoints.orgUnits().then((list) => setUnits(list.items), setError);
    endpoints.listRuleSets().then((list) => setRuleSetKeys(list.items.map((item) => item.key).sort()), setError);
  }, [admin, load]);

  const create = async (body: ApiKeyCreateRequest): Promise<boolean> => {
    setError(undefined);
    setSecret(undefined);
    try {
      const created = await identityEndpoints.createApiKey(body);
      setSecret({ name: created.apiKey.name, value: created.secret });
      await load();
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    }
  };
  const revoke = async (key: ApiKey) => {
    setError(undefined);
    setRevoking(undefined);
    try {
      await identityEndpoints.revokeApiKey(key.keyId);
      await load();
    } catch (caught) {
      setError(caught);
    }
  };

  if (!admin)
    return (
      <p className="muted" data-testid="admin-only">
        {ADMIN_TERMS.adminOnly}
      </p>
    );
  if (!keys) return <Pending error={error} />;

  return (
    <>
      <h1>{ADMIN_TERMS.apiKeys}</h1>
      {secret && (
        <div className="notice" role="status" data-testid="secret-notice">
          <strong>{secret.name}</strong> 的密钥 secret — 只显示一次 shown once: store it now; it cannot be read again. Send it as{' '}
          <code>Authorization: Bearer …</code>
          <div className="row">
            <code data-testid="new-secret">{secret.value}</code>
            <button type="button" className="secondary" onClick={() => void navigator.clipboard?.writeText(secret.value)}>
              复制 Copy
            </button>
            <button type="button" className="link" onClick={() => setSecret(undefined)}>
              我已保存 I have stored it
            </button>
          </div>
        </div>
      )}
      <ErrorView error={error} onDismiss={() => setError(undefined)} />
      <table className="grid" aria-label="api keys">
        <thead>
          <tr>
            <th>名称 Name</th>
            <th>前缀 Prefix</th>
            <th>属于 Owner</th>
            <th>{TERMS.orgUnit}</th>
            <th>{ADMIN_TERMS.roles}</th>
            <th>范围 Scope</th>
            <th>创建 Created</th>
            <th>最近使用 Last used</th>
            <th>到期 Expires</th>
            <th>状态 State</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.keyId} data-testid={`api-key-${key.name}`}>
              <td>{key.name}</td>
              <td>
                <code>{key.prefix}…</code>
              </td>
              <td>{key.ownerType === 'user' ? `用户 user ${key.username}` : '集成 integration'}</td>
              <td>{key.orgUnit}</td>
              <td>{key.roles.join(', ')}</td>
              <td>
                {key.restrictions?.ruleSetKeys ? `仅 only ${key.restrictions.ruleSetKeys.join(', ')}` : '全部规则集 all rule sets'}
                {key.restrictions?.evaluateOnly ? ' · 仅评估 evaluate only' : ''}
                {key.restrictions?.strictFacts ? ' · 严格指标 strict facts' : ''}
              </td>
              <td>
                {localTime(key.createdAt)} · {key.createdBy}
              </td>
              <td>{key.lastUsedAt ? localTime(key.lastUsedAt) : '—'}</td>
              <td>{key.expiresAt ? localTime(key.expiresAt) : '—'}</td>
              <td>
                {key.revoked
                  ? `已吊销 revoked${key.revokedAt ? ` ${localTime(key.revokedAt)}` : ''}${key.revokedBy ? ` · ${key.revokedBy}` : ''}`
                  : '有效 active'}
              </td>
              <td>
                {!key.revoked && (
                  <button type="button" className="danger" onClick={() => setRevoking(key)}>
                    吊销 Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {revoking && (
        <ConfirmDialog
          label={`revoke ${revoking.name}`}
          confirmText="确认吊销 Confirm revoke"
          danger
          onConfirm={() => void revoke(revoking)}
          onCancel={() => setRevoking(undefined)}
        >
          吊销 <strong>{revoking.name}</strong>（{revoking.prefix}…）后立即失效。Revoking {revoking.name} stops it at once; calls with it get 401.
        </ConfirmDialog>
      )}
      <CreateKey users={users} units={units} ruleSetKeys={ruleSetKeys} error={error} create={create} />
    </>
  );
}

function CreateKey({
  users,
  units,
  ruleSetKeys,
  error,
  create,
}: {
  users: User[];
  units: OrgUnit[];
  ruleSetKeys: string[];
  error: unknown;
  create: (body: ApiKeyCreateRequest) => Promise<boolean>;
}) {
  const [name, setName] = useState('');
  const [owner, setOwner] = useState<'integration' | 'user'>('integration');
  const [username, setUsername] = useState('');
  const [orgUnit, setOrgUnit] = useState('');
  const [roles, setRoles] = useState<Role[]>(['integration']);
  const [only, setOnly] = useState<string[]>([]);
  const [evaluateOnly, setEvaluateOnly] = useState(false);
  const [strictFacts, setStrictFacts] = useState(false);
  const [expiresAt, setExpiresAt] = useState('');
  const unit = orgUnit || units[0]?.id || '';
  const user = username || users[0]?.username || '';
  const submit = async () => {
    const restrictions = {
      ...(only.length > 0 ? { ruleSetKeys: only } : {}),
      ...(evaluateOnly ? { evaluateOnly } : {}),
      ...(strictFacts ? { strictFacts } : {}),
    };
    const done = await create({
      name: name.trim(),
      ...(owner === 'user' ? { username: user } : { orgUnit: unit, roles }),
      ...(Object.keys(restrictions).length > 0 ? { restrictions } : {}),
      ...(expiresAt ? { expiresAt: new Date(expiresAt).toISOString() } : {}),
    });
    if (done) {
      setName('');
      setOnly([]);
      setEvaluateOnly(false);
      setStrictFacts(false);
      setExpiresAt('');
    }
  };
  return (
    <form
      className="card"
      aria-label="new API key"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h2>新建密钥 New API key</h2>
      <label>
        名称 Name <input value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <FieldErrors error={error} path="/body/name" />
      <div className="row">
        <label className="inline">
          <input type="radio" name="owner" checked={owner === 'integration'} onChange={() => setOwner('integration')} /> 集成 Integration
        </label>
        <label className="inline">
          <input type="radio" name="owner" checked={owner === 'user'} onChange={() => setOwner('user')} /> 用户 User
        </label>
      </div>
      {owner === 'user' ? (
        <>
          <label>
            {ADMIN_TERMS.username}{' '}
            <select value={user} onChange={(event) => setUsername(event.target.value)}>
              {users.map((item) => (
                <option key={item.username} value={item.username}>
                  {item.username}
                </option>
              ))}
            </select>
          </label>
          <p className="muted">此密钥以该用户的角色和机构行事 The key acts with this user's roles and org unit, as they are at each call.</p>
          <FieldErrors error={error} path="/body/username" />
        </>
      ) : (
        <>
          <UnitSelect units={units} value={unit} onChange={setOrgUnit} />
          <FieldErrors error={error} path="/body/orgUnit" />
          <RoleChecks value={roles} onChange={setRoles} hints={ROLE_HINTS} />
          <FieldErrors error={error} path="/body/roles" />
        </>
      )}
      <fieldset>
        <legend>限用规则集 Only these rule sets (none ticked: all)</legend>
        {ruleSetKeys.map((key) => (
          <label key={key} className="inline">
            <input
              type="checkbox"
              checked={only.includes(key)}
              onChange={(event) => setOnly(event.target.checked ? [...only, key] : only.filter((item) => item !== key))}
            />{' '}
            {key}
          </label>
        ))}
      </fieldset>
      <label className="inline">
        <input type="checkbox" checked={evaluateOnly} onChange={(event) => setEvaluateOnly(event.target.checked)} /> 仅评估 Evaluate only
      </label>
      {/* A strict key cannot leave out a fact a rule needs: integrators find gaps at their first call, not in production's silence. */}
      <label className="inline">
        <input type="checkbox" checked={strictFacts} onChange={(event) => setStrictFacts(event.target.checked)} /> 严格指标 Strict facts (缺少规则所需指标时拒绝
        refuse calls missing a fact a rule needs)
      </label>
      <label className="inline">
        到期 Expires at <input type="datetime-local" value={expiresAt} onChange={(event) => setExpiresAt(event.target.value)} />
      </label>
      <FieldErrors error={error} path="/body/expiresAt" />
      <div className="row">
        <button type="submit" disabled={!name.trim() || (owner === 'integration' && roles.length === 0)}>
          创建密钥 Create key
        </button>
      </div>
    </form>
  );
}
