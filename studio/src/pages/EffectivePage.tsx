import { useEffect, useState } from 'react';
import { endpoints } from '../api/endpoints';
import type { EffectiveRuleSet } from '../api/types';
import { ConflictTable, EffectiveTable } from '../authority/EffectiveTable';
import { initialQuery, UnitKeyPicker } from '../authority/UnitKeyPicker';
import { ErrorView } from '../components/ErrorView';
import { TERMS } from '../terms';

/** A unit's effective rule set: HQ's published version plus the overlays on its path, each value with its origin. */
export function EffectivePage() {
  const [unit, setUnit] = useState(initialQuery('orgUnit'));
  const [ruleSetKey, setRuleSetKey] = useState(initialQuery('ruleSet'));
  const [effective, setEffective] = useState<EffectiveRuleSet>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    if (!unit || !ruleSetKey) return;
    setError(undefined);
    endpoints.effective(ruleSetKey, unit).then(setEffective, (caught) => {
      setEffective(undefined);
      setError(caught);
    });
  }, [unit, ruleSetKey]);

  return (
    <>
      <h1>{TERMS.effective}</h1>
      <UnitKeyPicker
        unit={unit}
        ruleSetKey={ruleSetKey}
        onChange={(nextUnit, nextKey) => {
          setUnit(nextUnit);
          setRuleSetKey(nextKey);
        }}
      />
      <ErrorView error={error} />
      {effective && (
        <>
          <p data-testid="effective-summary">
            {effective.path.join(' › ')} · {effective.ruleSet.key} v{effective.ruleSet.version} ·{' '}
            {effective.overlays.length === 0
              ? '无覆盖 no overlays'
              : `覆盖 overlays: ${effective.overlays.map((overlay) => `${overlay.orgUnit} v${overlay.version}`).join(', ')}`}
          </p>
          <EffectiveTable effective={effective} />
          {effective.conflicts.length > 0 && (
            <section className="card conflict" aria-label="conflicts">
              <h2>{TERMS.conflicts}</h2>
              <ConflictTable conflicts={effective.conflicts} />
            </section>
          )}
        </>
      )}
    </>
  );
}
