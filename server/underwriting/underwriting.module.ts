import type { AuditLog } from '../audit/audit.service';
import type { OrgScope } from '../authority/org-scope';
import type { DecisionStore } from '../decisions/decision.store';
import type { EventOutbox } from '../events/event-outbox';
import type { RouteRegistry } from '../http/routes';
import type { AlertStore } from '../monitoring/alert.store';
import type { TaskStore } from '../monitoring/task.store';
import type { PortfolioStore } from '../portfolio/portfolio.store';
import type { Connection } from '../store/connection';
import { UnderwritingChecks } from './checks.service';
import { reconcileMeasureRecords } from './measure-reconciliation';
import { MeasureRuns } from './measure-runs';
import { CheckReadModel } from './read-model';
import { registerUnderwritingRoutes } from './underwriting.routes';
import { UnderwritingService, type MeasureNotice } from './underwriting.service';
import { UnderwritingStore } from './underwriting.store';

export interface UnderwritingModule {
  service: UnderwritingService;
  checks: UnderwritingChecks;
  /** The monitoring run's listener: the records of the suspend-new-credit and reduce-credit-limit measures it stored, and the alerts it closed. */
  onMeasures: (notice: MeasureNotice) => Promise<unknown>;
  /** Called at the end of every monitoring run: writes the records of pending measure tasks an interrupted run left without one. */
  /** A monitoring run is about to store measure tasks: its registration, cleared by onRunCommitted. */
  onMeasuresBegin: (asOf: string) => Promise<string>;
  onRunCommitted: (asOf: string, registration: string | undefined) => Promise<{ written: number; reconciled: boolean }>;
  /** The loan book changed (an import committed): the check reads the obligors' lines again. */
  bookChanged: () => void;
}

/** New-business block list and credit limits (Arts 4, 8): records, their routes and the check. */
export async function registerUnderwriting(dependencies: {
  routes: RouteRegistry;
  connection: Connection;
  orgScope: OrgScope;
  audit: AuditLog;
  outbox: EventOutbox;
  decisions: DecisionStore;
  portfolio: PortfolioStore;
  tasks: TaskStore;
  alerts: AlertStore;
  /** UNDERWRITING_CHECK_SYNC: the check's decisions wait for the spool's fsync. */
  syncCheckDecisions?: boolean;
}): Promise<UnderwritingModule> {
  const store = new UnderwritingStore(dependencies.connection.db!);
  await store.init();
  const readModel = new CheckReadModel(store, dependencies.portfolio);
  const service = new UnderwritingService(store, readModel, dependencies.orgScope, dependencies.audit, dependencies.outbox);
  const checks = new UnderwritingChecks(readModel, dependencies.orgScope, dependencies.decisions, dependencies.syncCheckDecisions ?? false);
  registerUnderwritingRoutes(dependencies.routes, service, checks);
  const runs = new MeasureRuns(dependencies.connection.db!);
  const reconciliation = {
    runs,
    tasks: dependencies.tasks,
    alerts: dependencies.alerts,
    records: store,
    write: (notice: MeasureNotice) => service.fromMeasures(notice),
  };
  return {
    service,
    checks,
    onMeasures: (notice) => service.fromMeasures(notice),
    onMeasuresBegin: (asOf) => runs.register(asOf),
    onRunCommitted: (asOf, registration) => reconcileMeasureRecords(reconciliation, asOf, registration),
    bookChanged: () => readModel.bookChanged(),
  };
}
