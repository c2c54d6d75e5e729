import type { AuditLog } from '../audit/audit.service';
import type { OrgScope } from '../authority/org-scope';
import type { EventOutbox } from '../events/event-outbox';
import type { RouteRegistry } from '../http/routes';
import type { JobDefinition } from '../jobs/job-definition';
import type { TaskStore } from '../monitoring/task.store';
import type { Connection } from '../store/connection';
import { controlStores } from './control.model';
import { registerEmergencyRoutes } from './emergency.routes';
import { EmergencyService } from './emergency.service';
import { inspectionDeadlinesJob } from './inspection-deadlines';
import { InspectionPlansService } from './inspection-plans.service';
import { registerInspectionRoutes } from './inspection.routes';
import { InspectionsService } from './inspections.service';

export interface ControlModule {
  plans: InspectionPlansService;
  inspections: InspectionsService;
  emergency: EmergencyService;
  /** The daily inspection-deadlines job (overdue remediations). */
  deadlinesJob: JobDefinition<'asOf'>;
}

/** Internal control (Arts 34, 8): inspection plans, inspections with findings and remediations, emergency plans and activations. */
export async function registerControl(dependencies: {
  routes: RouteRegistry;
  connection: Connection;
  orgScope: OrgScope;
  audit: AuditLog;
  outbox: EventOutbox;
  tasks: TaskStore;
}): Promise<ControlModule> {
  const { connection, orgScope, audit, outbox, tasks } = dependencies;
  const stores = await controlStores(connection);
  const plans = new InspectionPlansService(stores.plans, orgScope, audit);
  const inspections = new InspectionsService(stores.inspections, plans, tasks, orgScope, audit, outbox);
  const emergency = new EmergencyService(stores.emergencyPlans, stores.activations, orgScope, audit, outbox);
  registerInspectionRoutes(dependencies.routes, plans, inspections);
  registerEmergencyRoutes(dependencies.routes, emergency);
  return { plans, inspections, emergency, deadlinesJob: inspectionDeadlinesJob({ inspections: stores.inspections, tasks, outbox }) };
}
