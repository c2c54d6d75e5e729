import { isVisible, type OrgScope } from '../authority/org-scope';
import type { PlaceableCases } from '../vendors/placements/placeable-cases';
import type { RecoveryCaseStore } from './recovery-case.store';

/**
 * Recovery cases as placeable (Arts 19-21): placing one with an agency records `placedWith` and
 * makes the agency its handler in one revision; a recall leaves `placedWith` null and the handler
 * with the insurer's own team.
 */
export function placeableRecoveryCases(cases: RecoveryCaseStore, scope: OrgScope): PlaceableCases {
  return {
    async find(caseId, principal) {
      const record = await cases.find(caseId);
      if (!record || (principal && !(await isVisible(scope, principal, record.orgUnit)))) return undefined;
      const obligorId = record.obligorId ?? `loan:${record.loanId}`;
      return { caseId, obligorId, orgUnit: record.orgUnit, open: record.status === 'open', placedWith: record.placedWith, revision: record.revision };
    },
    async mark(placeable, agencyId, actor, note) {
      const now = new Date();
      return cases.applyOne({
        id: placeable.caseId,
        expectedRevision: placeable.revision,
        set: { placedWith: agencyId, handler: agencyId ? 'agency' : 'own', updatedAt: now },
        entry: { action: agencyId ? 'placed' : 'recalled', actor, at: now, asOf: null, note, decisionId: null, facts: null },
      });
    },
  };
}
