import { isVisible, visibleUnits, type OrgScope } from '../authority/org-scope';
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
    return isVisible(this.orgScope, principal, orgUnit);
  }

  /** The units whose deliveries and notifications the principal sees: undefined (all) at HQ, like every list. */
  visibleUnits(principal: Principal): Promise<string[] | undefined> {
    return visibleUnits(this.orgScope, principal);
  }
}
