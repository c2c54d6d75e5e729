import type { AuditLog } from '../audit/audit.service';
import type { OrgScope } from '../authority/org-scope';
import type { ImportLimits } from '../portfolio/import-body';
import type { EventOutbox } from '../events/event-outbox';
import type { RouteRegistry } from '../http/routes';
import type { SchemaRegistry } from '../http/schema-registry';
import type { Logger } from '../logger';
import type { PortfolioStore } from '../portfolio/portfolio.store';
import type { EvaluationService } from '../rulesets/evaluation.service';
import type { Connection } from '../store/connection';
import type { CollectionGateSettings } from './gate/gate-settings';
import type { AgencyScope } from './gate/agency-scope';
import { registerActivityRoutes } from './activities/activity.routes';
import { ActivityService } from './activities/activity.service';
import { ActivityStore } from './activities/activity.store';
import { ContactProfiles } from './activities/contact-profiles';
import { CollectionCounters } from './activities/counters';
import { Recordings } from './activities/recordings';
import { registerGateRoutes } from './gate/gate.routes';
import { CollectionGate } from './gate/gate.service';
import { ObligorUnits } from './gate/obligor-units';
import { GateCheckLog } from './timeline/gate-checks';

export interface CollectionGateModule {
  activities: ActivityService;
  profiles: ContactProfiles;
  obligors: ObligorUnits;
  gateChecks: GateCheckLog;
  gate: CollectionGate;
  counters: CollectionCounters;
  store: ActivityStore;
}

/** Collection activities, counters, contact profiles and the gate, with their routes. */
export function registerCollectionGate(dependencies: {
  routes: RouteRegistry;
  connection: Connection;
  settings: CollectionGateSettings;
  imports: ImportLimits;
  internetChannels: readonly string[];
  schemas: SchemaRegistry;
  portfolio: PortfolioStore;
  orgScope: OrgScope;
  evaluation: EvaluationService;
  outbox: EventOutbox;
  audit: AuditLog;
  logger: Logger;
  /** The register's answers (status, placements), bound by the app once the vendors module exists. */
  agencies: AgencyScope;
}): CollectionGateModule {
  const { routes, connection, settings, orgScope } = dependencies;
  const store = new ActivityStore(connection);
  const counters = new CollectionCounters(connection);
  const profiles = new ContactProfiles(connection, dependencies.audit);
  const obligors = new ObligorUnits(dependencies.portfolio, orgScope, dependencies.internetChannels);
  const activities = new ActivityService(store, counters, profiles, obligors, dependencies.schemas, settings, dependencies.agencies);
  const gateChecks = new GateCheckLog(connection);
  const gate = new CollectionGate(
    dependencies.evaluation,
    counters,
    profiles,
    obligors,
    dependencies.outbox,
    settings,
    dependencies.logger,
    dependencies.agencies,
    gateChecks,
  );
  registerActivityRoutes(routes, activities, new Recordings(store, orgScope), dependencies.schemas, dependencies.imports);
  registerGateRoutes(routes, profiles, obligors, counters);
  return { activities, profiles, obligors, gateChecks, gate, counters, store };
}
