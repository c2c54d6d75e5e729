import { ForbiddenError } from '../http/errors';
import type { Principal } from '../identity/principal';

export type RuleSetUse = 'read' | 'write' | 'evaluate';

/**
 * Integration keys may be limited to named rule sets and to evaluation only. Roles are checked
 * by the route registry; these restrictions are checked here for every rule-set route.
 */
export function assertRuleSetAccess(principal: Principal, key: string | undefined, use: RuleSetUse): void {
  const restrictions = principal.restrictions;
  if (!restrictions) return;
  if (restrictions.evaluateOnly && use !== 'evaluate') throw new ForbiddenError('This API key may only evaluate rule sets', 'evaluate_only');
  if (key !== undefined && restrictions.ruleSetKeys && !restrictions.ruleSetKeys.includes(key)) {
    throw new ForbiddenError(`This API key may not use the rule set "${key}"`, 'rule_set_not_allowed');
  }
}

export function allowedRuleSetKey(principal: Principal, key: string): boolean {
  const keys = principal.restrictions?.ruleSetKeys;
  return !keys || keys.includes(key);
}
