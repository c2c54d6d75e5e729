import type { Role } from '../api/types';

export const ROLES: Role[] = ['admin', 'policy-owner', 'approver', 'branch-operator', 'auditor', 'integration'];

/** One checkbox per role, in a fixed order; what each role may do is in its tooltip and beside it. */
export function RoleChecks({ value, onChange, hints, roles = ROLES }: { value: Role[]; onChange: (roles: Role[]) => void; hints: Record<string, string>; roles?: Role[] }) {
  return (
    <fieldset className="roles">
      <legend>角色 Roles</legend>
      {roles.map((role) => (
        <div key={role} className="inline">
          <label title={hints[role]}>
            <input
              type="checkbox"
              checked={value.includes(role)}
              onChange={(event) => onChange(event.target.checked ? ROLES.filter((item) => item === role || value.includes(item)) : value.filter((item) => item !== role))}
            />{' '}
            {role}
          </label>{' '}
          <span className="muted">{hints[role]}</span>
        </div>
      ))}
    </fieldset>
  );
}
