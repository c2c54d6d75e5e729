import type { Connection } from 'mongoose';
import type { OrgScope } from '../authority/org-scope';
import { HEAD_OFFICE } from '../authority/responsibility';
import { deliveryModel } from './delivery.model';
import { subscriptionModel } from './subscription.model';

/**
 * Stands in for the authority module's org-unit tree until it lands: HQ contains every unit,
 * any other unit only itself. `knownUnits` lists the units HQ's subtree is made of.
 */
export class InterimOrgScope implements OrgScope {
  constructor(private readonly knownUnits: () => Promise<string[]>) {}

  /** HQ's subtree as far as webhook reads need it: every unit that has a subscription or a delivery. */
  static overWebhookData(connection: Connection): InterimOrgScope {
    const byUnit = [{ $group: { _id: '$orgUnit' } }];
    return new InterimOrgScope(async () => {
      const [subscriptions, deliveries] = await Promise.all([
        subscriptionModel(connection).aggregate<{ _id: string }>(byUnit),
        deliveryModel(connection).aggregate<{ _id: string }>(byUnit),
      ]);
      return [...subscriptions, ...deliveries].map((group) => group._id);
    });
  }

  async unitsWithin(orgUnit: string): Promise<string[]> {
    if (orgUnit !== HEAD_OFFICE) return [orgUnit];
    return [...new Set([HEAD_OFFICE, ...(await this.knownUnits())])];
  }

  async contains(ancestor: string, unit: string): Promise<boolean> {
    return ancestor === unit || ancestor === HEAD_OFFICE;
  }
}
