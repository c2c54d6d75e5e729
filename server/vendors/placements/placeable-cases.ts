import { isVisible, type OrgScope } from '../../authority/org-scope';
import type { CollectionCaseStore } from '../../collections/cases/collection-case.store';
import { caseAssignedEvent } from '../../collections/cases/case-events';
import type { EventOutbox } from '../../events/event-outbox';
import type { Principal } from '../../identity/principal';
import type { PlacementCaseKind } from '../../generated/schema-types';

/** What a placement needs of a case, whatever its kind: the obligor, the answerable unit, whether it is open, and where it is placed. */
export interface PlaceableCase {
  caseId: string;
  obligorId: string;
  orgUnit: string;
  open: boolean;
  placedWith: string | null;
  revision: number;
}

/**
 * A kind of case that can be placed with an agency. Collection cases are the one kind today; recovery
 * cases (after the claim) join with the recovery issue by adding an implementation, not a new placement model.
 */
export interface PlaceableCases {
  /** The case within the caller's scope, or undefined (unknown and out of scope alike). */
  find(caseId: string, principal: Principal | null): Promise<PlaceableCase | undefined>;
  /** Records the placement (agencyId) or the recall (null) on the case: a history entry, the case's own revision. */
  mark(placeable: PlaceableCase, agencyId: string | null, actor: string, note: string): Promise<boolean>;
}

/** Collection cases as placeable: `placedWith` on the case, its history entry, and collection.case-assigned. */
export function placeableCollectionCases(cases: CollectionCaseStore, scope: OrgScope, outbox: EventOutbox): PlaceableCases {
  return {
    async find(caseId, principal) {
      const record = await cases.find(caseId);
      if (!record || (principal && !(await isVisible(scope, principal, record.orgUnit)))) return undefined;
      return {
        caseId,
        obligorId: record.obligorId,
        orgUnit: record.orgUnit,
        open: record.status === 'open',
        placedWith: record.placedWith ?? null,
        revision: record.revision,
      };
    },
    async mark(placeable, agencyId, actor, note) {
      const now = new Date();
      const applied = await cases.applyOne({
        id: placeable.caseId,
        expectedRevision: placeable.revision,
        set: { placedWith: agencyId, updatedAt: now },
        entry: { action: agencyId ? 'placed' : 'recalled', actor, at: now, asOf: null, note, decisionId: null, facts: null },
      });
      if (applied) {
        const written = await cases.find(placeable.caseId);
        const event = written && caseAssignedEvent(written, now);
        if (event) await outbox.publish([event]);
      }
      return applied;
    },
  };
}

export type PlaceableKinds = Record<PlacementCaseKind, PlaceableCases>;
