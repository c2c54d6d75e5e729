import { isVisible, type OrgScope } from '../authority/org-scope';
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

  /**
   * The units of the principal's subtree, a list even at HQ (unlike OrgScope's visibleUnits, which
   * answers undefined there): the delivery and notification stores filter on a list, so HQ's logs
   * leave out units the tree does not know. Kept as it is to change no behaviour.
   */
  visibleUnits(principal: Principal): Promise<string[]> {
    return this.orgScope.unitsWithin(principal.orgUnit);
  }
}
