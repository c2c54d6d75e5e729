import type { RuleProperties } from 'json-rules-engine';
import type { Family, Rule, RuleSetVersion } from '../generated/schema-types';
import { resolveParameters, substituteParameters, type ParameterOverlay, type ResolvedParameters } from './parameters';

/** What evaluation needs from a stored version. */
export interface PreparableVersion {
  key: string;
  version: number;
  hash: string;
  content: Pick<RuleSetVersion, 'family' | 'parameters' | 'rules'>;
}

/**
 * A version made ready to run: parameters resolved to literals in place (so json-rules-engine
 * sees plain values and a compiled path can inline them), plus the original rules for
 * explanations that name the parameters.
 */
export interface PreparedRuleSet {
  key: string;
  version: number;
  hash: string;
  family: Family;
  rules: RuleProperties[];
  source: Rule[];
  parameters: ResolvedParameters;
}

export function prepareRuleSet(version: PreparableVersion, overlays: readonly ParameterOverlay[] = []): PreparedRuleSet {
  const parameters = resolveParameters(version.content.parameters, overlays);
  const rules = version.content.rules.map((rule): RuleProperties => ({
    name: rule.name,
    priority: rule.priority ?? 1,
    conditions: substituteParameters(rule.conditions, parameters) as RuleProperties['conditions'],
    event: { type: rule.event.type, params: substituteParameters(rule.event.params ?? {}, parameters) as Record<string, unknown> },
  }));
  return {
    key: version.key,
    version: version.version,
    hash: version.hash,
    family: version.content.family,
    rules,
    source: structuredClone(version.content.rules),
    parameters,
  };
}

/** Cache key of a prepared version: its hash plus the overlays that shaped its parameters. */
export function preparedCacheKey(hash: string, overlays: readonly ParameterOverlay[] = []): string {
  return overlays.length === 0 ? hash : `${hash}|${overlays.map((overlay) => overlay.source).join('|')}`;
}
