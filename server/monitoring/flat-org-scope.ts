import type { OrgScope } from '../authority/org-scope';
import { HEAD_OFFICE } from '../authority/responsibility';

/**
 * Scope without an org-unit tree: HQ sees every unit, a branch sees itself. The authority
 * module's tree replaces it once merged (the queues depend on the OrgScope interface only).
 */
export class FlatOrgScope implements OrgScope {
  unitsWithin(orgUnit: string): Promise<string[]> {
    return Promise.resolve([orgUnit]);
  }

  contains(ancestor: string, unit: string): Promise<boolean> {
    return Promise.resolve(ancestor === HEAD_OFFICE || ancestor === unit);
  }
}
