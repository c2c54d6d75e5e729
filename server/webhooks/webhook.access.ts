import type { OrgScope } from '../authority/org-scope';
import { ForbiddenError } from '../http/errors';
import type { Principal } from '../identity/principal';

/**
 * Webhooks are scoped like the rest of the platform: a principal sees and manages the
 * subscriptions (and their deliveries and notifications) of its own unit and the units below.
 */
export class WebhookAccess {
  constructor(private readonly orgScope: OrgScope) {}

  assertUsable(principal: Principal): void {
    if (principal.restrictions?.evaluateOnly) throw new ForbiddenError('This API key may only evaluate rule sets', 'evaluate_only');
  }

  canSee(principal: Principal, orgUnit: string): Promise<boolean> {
    return this.orgScope.contains(principal.orgUnit, orgUnit);
  }

  visibleUnits(principal: Principal): Promise<string[]> {
    return this.orgScope.unitsWithin(principal.orgUnit);
  }
}
