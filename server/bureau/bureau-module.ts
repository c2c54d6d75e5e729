import type { AuditLog } from '../audit/audit.service';
import type { OrgScope } from '../authority/org-scope';
import type { EventOutbox } from '../events/event-outbox';
import type { RouteRegistry } from '../http/routes';
import type { JobDefinition } from '../jobs/job-definition';
import { BureauBatches } from './bureau-batches.service';
import { bureauEventsJob } from './bureau-events.job';
import { BureauEventsService } from './bureau-events.service';
import { bureauCollections } from './bureau-item.model';
import { reconcileMonth } from './bureau-reconciliation';
import type { BureauSettings } from './bureau-settings';
import type { BureauSourceDependencies } from './bureau-sources';
import { BureauService } from './bureau.service';
import { BureauStore } from './bureau.store';
import { registerBureauRoutes } from './bureau.routes';
import type { Connection } from '../store/connection';

export interface BureauModuleDependencies extends BureauSourceDependencies {
  connection: Connection;
  routes: RouteRegistry;
  orgScope: OrgScope;
  outbox: EventOutbox;
  audit: AuditLog;
  settings: BureauSettings;
  today: () => string;
}

/** Credit-bureau reporting (Art. 32) wired once by the composition root: store, services, routes and the bureau-events job. */
export async function createBureau(dependencies: BureauModuleDependencies): Promise<{ job: JobDefinition<'asOf'> }> {
  const store = new BureauStore(await bureauCollections(dependencies.connection));
  const queue = new BureauService({ ...dependencies, store });
  const batches = new BureauBatches({ ...dependencies, store });
  registerBureauRoutes(dependencies.routes, queue, batches, (principal, month) => reconcileMonth({ ...dependencies, store }, principal, month));
  return { job: bureauEventsJob(new BureauEventsService({ ...dependencies, store })) };
}
