import type { AuditLog } from '../audit/audit.service';
import type { OrgScope } from '../authority/org-scope';
import type { EventOutbox } from '../events/event-outbox';
import type { RouteRegistry } from '../http/routes';
import type { DecisionStore } from '../decisions/decision.store';
import type { RuleSetEvaluator } from '../engine/evaluator';
import type { JobDefinition } from '../jobs/job-definition';
import type { UnitRuleSets } from '../monitoring/effective-rule-sets';
import type { TaskStore } from '../monitoring/task.store';
import type { Connection } from '../store/connection';
import { Complainants } from './complainants';
import { ComplaintNumbers } from './complaint-numbers';
import { ComplaintStore } from './complaint.store';
import { registerComplaintRoutes } from './complaints.routes';
import { ComplaintsService } from './complaints.service';
import { ComplaintUnitSettingsService } from './unit-settings';
import { complaintDeadlinesJob } from './deadlines/complaint-deadlines.job';
import { ComplaintDeadlinesService } from './deadlines/complaint-deadlines.service';

export interface ComplaintsModule {
  store: ComplaintStore;
  service: ComplaintsService;
  settings: ComplaintUnitSettingsService;
  /** The daily complaint-deadlines job (complaint.handling per open complaint). */
  deadlinesJob: JobDefinition<'asOf'>;
}

/** Complaints (Arts 24-31): unit settings, the workflow and their routes. The deadline run, statistics and scorecard feed read `store`. */
export async function registerComplaints(dependencies: {
  routes: RouteRegistry;
  connection: Connection;
  orgScope: OrgScope;
  audit: AuditLog;
  outbox: EventOutbox;
  internetChannels: readonly string[];
  /** Key material for sealing complainants' personal data (the webhook secret key, itself SESSION_SECRET's when unset). */
  secretKey: string;
  /** The deadline run's rule sets, decision log and task queue. */
  ruleSets: UnitRuleSets;
  evaluator: RuleSetEvaluator;
  decisions: DecisionStore;
  tasks: TaskStore;
  /** Whether the agency register holds an agency id (complaints about an agency must name one). */
  agencyKnown: (agencyId: string) => Promise<boolean>;
  /** Whether the channel partner register holds a partner id (a complaint naming a partner must name one it holds). */
  partnerKnown?: (partnerId: string) => Promise<boolean>;
}): Promise<ComplaintsModule> {
  const { connection, orgScope, audit } = dependencies;
  const store = new ComplaintStore(connection);
  await store.init();
  const service = new ComplaintsService(
    store,
    new ComplaintNumbers(connection),
    new Complainants(connection, dependencies.secretKey),
    orgScope,
    audit,
    dependencies.outbox,
    dependencies.agencyKnown,
    dependencies.partnerKnown,
  );
  const settings = new ComplaintUnitSettingsService(connection, orgScope, audit, dependencies.internetChannels);
  registerComplaintRoutes(dependencies.routes, service, settings);
  const deadlines = new ComplaintDeadlinesService(dependencies);
  await deadlines.init();
  return { store, service, settings, deadlinesJob: complaintDeadlinesJob(deadlines) };
}
