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
    progress: {
      schema: 'studio/progress-line',
      description:
        'With Accept: application/x-ndjson, progress lines (reading the facts, evaluating the published rule set, evaluating the version) and then {"result": <ImpactResult>}, or {"error": <envelope>} if it fails once started; what is refused before the work starts (a bad body, access, a version that is missing, invalid or of another family) is an ordinary JSON error. Closing the connection stops the work.',
    },
    responses: {
      200: { description: 'Transition tables and changes', schema: 'studio/impact-result' },
      422: { description: 'Not a warning.obligor rule set, or the version is invalid' },
    },
    handler: async ({ principal, params, body, progress, signal }): Promise<ImpactResult> => {
      assertRuleSetAccess(principal, params.key, 'read');
      await scope.assert(principal, params.key, 'read');
      // A branch previews over its own obligors only.
      return impact.impact(params.key, params.version, body, { loanFilter: (await bookScopeOf(principal))?.loanFilter, progress, signal });
    },
  });
}
