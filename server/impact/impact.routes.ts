import type { ImpactRequest, ImpactResult, RuleSetVersionParams } from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import { assertRuleSetAccess } from '../rulesets/ruleset.access';
import type { Principal } from '../identity/principal';
import type { BookScope } from '../metrics/metric.service';
import type { RuleSetScope } from '../rulesets/ruleset.scope';
import type { ImpactService } from './impact.service';

export function registerImpactRoutes(
  routes: RouteRegistry,
  impact: ImpactService,
  scope: RuleSetScope,
  bookScopeOf: (principal: Principal) => Promise<BookScope | undefined> = async () => undefined,
): void {
  routes.add<ImpactRequest, unknown, RuleSetVersionParams>({
    method: 'post',
    path: '/rulesets/:key/versions/:version/impact',
    tag: 'studio',
    params: 'rulesets/rule-set-version-params',
    summary:
      'Impact preview: how many obligors move between warning levels (red/orange/yellow/none) if this version replaced the published one, by segment, with those that change',
    auth: { roles: ['policy-owner', 'approver'] },
    body: 'studio/impact-request',
    responses: {
      200: { description: 'Transition tables and changes', schema: 'studio/impact-result' },
      422: { description: 'Not a warning.obligor rule set, or the version is invalid' },
    },
    handler: async ({ principal, params, body }): Promise<ImpactResult> => {
      assertRuleSetAccess(principal, params.key, 'read');
      await scope.assert(principal, params.key, 'read');
      // A branch previews over its own obligors only.
      return impact.impact(params.key, params.version, body, (await bookScopeOf(principal))?.loanFilter);
    },
  });
}
