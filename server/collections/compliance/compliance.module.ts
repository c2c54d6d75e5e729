import type { AuditLog } from '../../audit/audit.service';
import type { OrgScope } from '../../authority/org-scope';
import type { RouteRegistry } from '../../http/routes';
import type { Logger } from '../../logger';
import type { Connection } from '../../store/connection';
import type { CollectionGateModule } from '../collections.module';
import type { FindingStore } from '../findings/finding.store';
import { ContactProfiles } from '../activities/contact-profiles';
import { ComplianceRebuild } from './compliance-rebuild';
import { ComplianceRecorder } from './compliance-recorder';
import { registerComplianceRoutes } from './compliance.routes';
import { ComplianceService } from './compliance.service';
import { ComplianceStore } from './compliance.store';

/** The compliance dashboard: its counts, kept through the gate's, the log's and the findings' hooks, and its route. */
export async function registerComplianceDashboard(dependencies: {
  routes: RouteRegistry;
  connection: Connection;
  orgScope: OrgScope;
  gate: CollectionGateModule;
  findings: FindingStore;
  audit: AuditLog;
  logger: Logger;
}): Promise<{ store: ComplianceStore; recorder: ComplianceRecorder; rebuild: ComplianceRebuild }> {
  const store = new ComplianceStore(dependencies.connection);
  await store.init();
  const recorder = new ComplianceRecorder(store, dependencies.gate.counters, dependencies.logger);
  dependencies.gate.gate.onDecided((decision) => recorder.decided(decision));
  dependencies.gate.activities.onRecorded((recorded) => recorder.recorded(recorded));
  dependencies.findings.afterInsert = (inserted) => recorder.found(inserted);
  registerComplianceRoutes(dependencies.routes, new ComplianceService(store, dependencies.orgScope));
  const rebuild = new ComplianceRebuild(dependencies.connection, store, new ContactProfiles(dependencies.connection, dependencies.audit));
  return { store, recorder, rebuild };
}
