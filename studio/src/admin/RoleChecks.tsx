import { ROLE_VALUES } from '../../../server/generated/schema-types';
import type { Role } from '../api/types';

/** Every role, in the order schemas/identity/role.json lists them (the generated constant, not a copy). */
export const ROLES: Role[] = [...ROLE_VALUES];

/** One checkbox per role, in a fixed order; what each role may do is in its tooltip and beside it. */
export function RoleChecks({
  value,
  onChange,
  hints,
  roles = ROLES,
}: {
  value: Role[];
  onChange: (roles: Role[]) => void;
  hints: Record<string, string>;
  roles?: Role[];
}) {
  return (
    <fieldset className="roles">
      <legend>角色 Roles</legend>
      {roles.map((role) => (
        <div key={role} className="inline">
          <label title={hints[role]}>
            <input
              type="checkbox"
              checked={value.includes(role)}
              onChange={(event) =>
                onChange(event.target.checked ? ROLES.filter((item) => item === role || value.includes(item)) : value.filter((item) => item !== role))
              }
            />{' '}
            {role}
          </label>{' '}
          <span className="muted">{hints[role]}</span>
        </div>
      ))}
    </fieldset>
  );
}
