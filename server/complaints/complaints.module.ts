import type { AuditLog } from '../audit/audit.service';
import type { OrgScope } from '../authority/org-scope';
import type { EventOutbox } from '../events/event-outbox';
import type { RouteRegistry } from '../http/routes';
import type { Connection } from '../store/connection';
import { Complainants } from './complainants';
import { ComplaintNumbers } from './complaint-numbers';
import { ComplaintStore } from './complaint.store';
import { registerComplaintRoutes } from './complaints.routes';
import { ComplaintsService } from './complaints.service';
import { ComplaintUnitSettingsService } from './unit-settings';

export interface ComplaintsModule {
  store: ComplaintStore;
  service: ComplaintsService;
  settings: ComplaintUnitSettingsService;
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
  );
  const settings = new ComplaintUnitSettingsService(connection, orgScope, audit, dependencies.internetChannels);
  registerComplaintRoutes(dependencies.routes, service, settings);
  return { store, service, settings };
}
