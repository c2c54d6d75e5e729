import type { EffectiveRuleSet, OverlayConflict } from '../api/types';
import { TERMS } from '../terms';
import { describeBound, formatValue } from './parameter-input';

type Origin = EffectiveRuleSet['parameters'][string]['origin'];

/** Where a value comes from: the published rule set (HQ's) or a unit's overlay version. */
export function OriginLabel({ origin }: { origin: Origin }) {
  return origin.kind === 'overlay' ? (
    <span className="origin origin-overlay" data-testid="origin">
      {origin.orgUnit} v{origin.version}
    </span>
  ) : (
    <span className="origin origin-rule-set" data-testid="origin">
      总公司 HQ
    </span>
  );
}

/** Every parameter of a unit's effective rule set with its value, origin, HQ value and bounds. */
export function EffectiveTable({ effective }: { effective: EffectiveRuleSet }) {
  return (
    <table className="grid" aria-label="effective parameters">
      <thead>
        <tr>
          <th>参数 Parameter</th>
          <th>现行值 Value</th>
          <th>{TERMS.origin}</th>
          <th>{TERMS.hqValue}</th>
          <th>{TERMS.bounds}</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(effective.parameters).map(([name, parameter]) => (
          <tr key={name} data-testid={`effective-${name}`}>
            <td>
              <code>{name}</code>
            </td>
            <td data-testid="effective-value">
              {formatValue(parameter.value)} {parameter.unit}
            </td>
            <td>
              <OriginLabel origin={parameter.origin} />
            </td>
            <td>{formatValue(parameter.ruleSetValue)}</td>
            <td>
              {parameter.granted ? describeBound(parameter.bounds) : <span className="muted">未授权 not granted</span>}
              {parameter.grantedBy && (
                <span className="muted">
                  {' '}
                  · {parameter.grantedBy.inherited ? `继承 inherited from ${parameter.grantedBy.orgUnit}` : `授权 grant v${parameter.grantedBy.version}`}
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ConflictTable({ conflicts }: { conflicts: OverlayConflict[] }) {
  return (
    <table className="grid" aria-label="conflict list">
      <thead>
        <tr>
          <th>机构 Unit</th>
          <th>规则集 Rule set</th>
          <th>参数 Parameter</th>
          <th>值 Value</th>
          <th>原因 Reason</th>
        </tr>
      </thead>
      <tbody>
        {conflicts.map((conflict) => (
          <tr key={`${conflict.orgUnit}-${conflict.ruleSetKey}-${conflict.parameter}`} data-testid={`conflict-${conflict.parameter}`}>
            <td>
              {conflict.orgUnit} v{conflict.overlayVersion}
            </td>
            <td>{conflict.ruleSetKey}</td>
            <td>
              <code>{conflict.parameter}</code>
            </td>
            <td>{formatValue(conflict.value)}</td>
            <td>{conflict.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
