import type { Connection } from '../store/connection';
import type { AuditLog } from '../audit/audit.service';
import type { DecisionStore } from '../decisions/decision.store';
import type { RuleSetEvaluator } from '../engine/evaluator';
import type { EventOutbox } from '../events/event-outbox';
import { dateOfMoment } from '../ground/calendar';
import type { RouteRegistry } from '../http/routes';
import type { NaturalPersons } from '../identity/natural-person';
import type { JobDefinition } from '../jobs/job-definition';
import type { UnitRuleSets } from '../monitoring/effective-rule-sets';
import { AdmissionService } from './admission.service';
import { AgencyRegister } from './agency-register.service';
import { agencyStatusReader, type AgencyStatusReader } from './agency-status';
import { AgencyWrites } from './agency-writes';
import { AgencyStore } from './agency.store';
import { vendorChecksJob } from './vendor-checks.job';
import type { AgencyCounters } from './scorecards/agency-counters';
import type { AgencyComplaints } from './scorecards/agency-complaints';
import type { PlacedCases } from './scorecards/placed-cases';
import { createScorecards } from './scorecards/scorecards.module';
import { createTraining } from './training/training.module';
import { registerVendorRoutes } from './vendor.routes';
import type { VendorSettings } from './vendor-settings';

export interface VendorModuleDependencies {
  connection: Connection;
  audit: AuditLog;
  outbox: EventOutbox;
  ruleSets: UnitRuleSets;
  evaluator: RuleSetEvaluator;
  decisions: DecisionStore;
  persons: NaturalPersons;
  settings: VendorSettings;
  routes: RouteRegistry;
  today?: () => string;
  /** The placements' reader for the scorecards' recovery component (none: recovery unknown). */
  placed?: PlacedCases;
  /** The complaints reader for the scorecards' complaints component (none: unknown). */
  complaints?: AgencyComplaints;
}

/** The register wired once (the composition root calls it): store, services, routes, the daily job and the status reader. */
export async function createVendorRegister(dependencies: VendorModuleDependencies): Promise<{
  register: AgencyRegister;
  status: AgencyStatusReader;
  job: JobDefinition<'asOf'>;
  scorecardsJob: JobDefinition<'month'>;
  agencyCounters: AgencyCounters;
}> {
  const today = dependencies.today ?? (() => dateOfMoment(new Date()));
  const agencies = new AgencyStore(dependencies.connection);
  await agencies.init();
  const writes = new AgencyWrites(agencies, dependencies.audit, dependencies.outbox);
  const register = new AgencyRegister(agencies, writes, dependencies.audit, dependencies.settings, today);
  const admission = new AdmissionService({ register, writes, ...dependencies, today });
  // Scorecards first: their /vendors/scorecards and /vendors/eliminations must not be read as agency ids.
  const scorecards = await createScorecards({ ...dependencies, agencies, register, today });
  registerVendorRoutes(dependencies.routes, register, admission);
  await createTraining({ ...dependencies, register, today });
  return {
    register,
    status: agencyStatusReader(agencies),
    job: vendorChecksJob({ agencies, register, settings: dependencies.settings }),
    scorecardsJob: scorecards.job,
    agencyCounters: scorecards.counters,
  };
}
