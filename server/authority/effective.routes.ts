import type { EffectiveQuery, EffectiveRuleSet, OverlayConflict, RuleSetKeyParams } from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import { assertRuleSetAccess } from '../rulesets/ruleset.access';
import type { RuleSetScope } from '../rulesets/ruleset.scope';
import { ownBound } from './bounds';
import { authorityAt } from './effective';
import type { EffectiveRuleSets } from './effective-rulesets';
import type { OrgUnitDirectory } from './org-unit.directory';

export function registerEffectiveRoutes(routes: RouteRegistry, effective: EffectiveRuleSets, orgUnits: OrgUnitDirectory, ruleSetScope: RuleSetScope): void {
  routes.add<unknown, EffectiveQuery, RuleSetKeyParams>({
    method: 'get',
    path: '/rulesets/:key/effective',
    tag: 'delegated authority',
    summary:
      "The rule set as it applies to an org unit: each parameter's value and where it comes from (the published version or a unit's overlay), the bounds in force, and conflicts",
    auth: { roles: [] },
    params: 'rulesets/rule-set-key-params',
    query: 'authority/effective-query',
    responses: {
      200: { description: 'The effective rule set', schema: 'authority/effective-rule-set' },
      404: { description: 'No such rule set or unit within your scope' },
    },
    handler: async ({ principal, params, query }): Promise<EffectiveRuleSet> => {
      const { key } = params;
      assertRuleSetAccess(principal, key, 'read');
      await ruleSetScope.assert(principal, key, 'read');
      await orgUnits.assertInScope(principal, query.orgUnit, { hide: true });
      const { record, owner, path, chain, effective: resolved } = await effective.effective(key, query.orgUnit, { version: query.version });
      const index = chain.path.length - 1;
      const parameters: EffectiveRuleSet['parameters'] = {};
      for (const [name, definition] of Object.entries(record.content.parameters)) {
        const authority = index >= 0 ? authorityAt(chain, index, name) : { granted: false, bounds: ownBound(definition), boundedBy: [] };
        const { value, origin } = resolved.values[name]!;
        parameters[name] = {
          value,
          origin,
          ruleSetValue: definition.value,
          ...(definition.unit ? { unit: definition.unit } : {}),
          description: definition.description,
          granted: authority.granted,
          ...('grantedBy' in authority && authority.grantedBy ? { grantedBy: authority.grantedBy } : {}),
          bounds: authority.bounds,
          boundedBy: authority.boundedBy,
        };
      }
      return {
        ruleSet: { key, version: record.version, hash: record.hash },
        orgUnit: query.orgUnit,
        owner,
        path,
        overlays: resolved.used,
        parameters,
        conflicts: resolved.conflicts.map((conflict): OverlayConflict => ({ ...conflict, ruleSetKey: key, value: conflict.value as OverlayConflict['value'] })),
      };
    },
  });
}
