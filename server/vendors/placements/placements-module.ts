import type { AuditLog } from '../../audit/audit.service';
import type { OrgScope } from '../../authority/org-scope';
import type { CollectionCaseStore } from '../../collections/cases/collection-case.store';
import type { EventOutbox } from '../../events/event-outbox';
import type { RouteRegistry } from '../../http/routes';
import type { NaturalPersons } from '../../identity/natural-person';
import type { Connection } from '../../store/connection';
import type { AgencyRegister } from '../agency-register.service';
import { AgreementService } from '../agreements/agreements.service';
import { AgreementStore } from '../agreements/agreement.store';
import { AgencyExits } from './agency-exit';
import { placeableCollectionCases, type PlaceableCases } from './placeable-cases';
import { registerPlacementRoutes } from './placement.routes';
import { PlacementStore } from './placement.store';
import { PlacementService } from './placements.service';

/** Agreements, placements and the exit, wired to the register (its termination hook) and the collection cases. */
export async function createPlacements(dependencies: {
  connection: Connection;
  register: AgencyRegister;
  cases: CollectionCaseStore;
  /** Recovery cases (server/recovery), placed with recovery agencies. */
  recoveryCases: PlaceableCases;
  orgScope: OrgScope;
  outbox: EventOutbox;
  audit: AuditLog;
  persons: NaturalPersons;
  routes: RouteRegistry;
  today: () => string;
}): Promise<{ placements: PlacementStore }> {
  const { connection, register, orgScope, audit, today } = dependencies;
  const agreementStore = new AgreementStore(connection);
  const placementStore = new PlacementStore(connection);
  await Promise.all([agreementStore.init(), placementStore.init()]);
  const agreements = new AgreementService(agreementStore, register, orgScope, audit, dependencies.persons, today);
  const cases = { collection: placeableCollectionCases(dependencies.cases, orgScope, dependencies.outbox), recovery: dependencies.recoveryCases };
  const placements = new PlacementService(placementStore, cases, register, agreements, agreementStore, orgScope, audit);
  const exits = new AgencyExits(connection, placements, audit);
  await exits.init();
  register.onTerminating(exits.onTerminating);
  registerPlacementRoutes(dependencies.routes, agreements, placements, exits, today);
  return { placements: placementStore };
}
