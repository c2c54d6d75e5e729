import { useEffect, useState } from 'react';
import { endpoints } from '../api/endpoints';
import type { OrgUnit, RuleSetSummary } from '../api/types';
import { Pending } from '../components/Status';

/** The first value of a query-string field, so pages can be linked to a unit and a rule set. */
export function initialQuery(name: string): string | undefined {
  return new URLSearchParams(location.search).get(name) ?? undefined;
}

/**
 * Picks an org unit of the user's scope and a rule set. `units` narrows the choice (e.g. no HQ
 * for overlays); the first allowed unit and warning.obligor are the defaults.
 */
export function UnitKeyPicker({
  unit,
  ruleSetKey,
  onChange,
  allow = () => true,
}: {
  unit: string | undefined;
  ruleSetKey: string | undefined;
  onChange: (unit: string, ruleSetKey: string) => void;
  allow?: (unit: OrgUnit) => boolean;
}) {
  const [units, setUnits] = useState<OrgUnit[]>();
  const [ruleSets, setRuleSets] = useState<RuleSetSummary[]>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    Promise.all([endpoints.orgUnits(), endpoints.listRuleSets()]).then(([unitList, ruleSetList]) => {
      const allowed = unitList.items.filter(allow);
      setUnits(allowed);
      setRuleSets(ruleSetList.items);
      const keys = ruleSetList.items.map((item) => item.key);
      const chosenUnit = unit && allowed.some((item) => item.id === unit) ? unit : allowed[0]?.id;
      const chosenKey = ruleSetKey && keys.includes(ruleSetKey) ? ruleSetKey : keys.includes('warning.obligor') ? 'warning.obligor' : keys[0];
      if (chosenUnit && chosenKey && (chosenUnit !== unit || chosenKey !== ruleSetKey)) onChange(chosenUnit, chosenKey);
    }, setError);
    // Loaded once per page; the choice itself lives in the page.
  }, []);

  if (error || !units || !ruleSets) return <Pending error={error} />;
  if (units.length === 0) return <p className="muted">您的范围内没有可选机构 No unit within your scope fits here.</p>;
  return (
    <div className="row">
      <label className="inline">
        机构 Org unit
        <select aria-label="org unit" value={unit ?? ''} onChange={(event) => onChange(event.target.value, ruleSetKey ?? '')}>
          {units.map((item) => (
            <option key={item.id} value={item.id}>
              {'\u00a0\u00a0'.repeat(Math.max(0, item.path.length - 1))}
              {item.id} · {item.name}
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        规则集 Rule set
        <select aria-label="rule set" value={ruleSetKey ?? ''} onChange={(event) => onChange(unit ?? '', event.target.value)}>
          {ruleSets.map((item) => (
            <option key={item.key} value={item.key}>
              {item.key}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
