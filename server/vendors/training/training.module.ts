import type { AuditLog } from '../../audit/audit.service';
import type { RouteRegistry } from '../../http/routes';
import type { Connection } from '../../store/connection';
import type { AgencyRegister } from '../agency-register.service';
import { registerTrainingRoutes } from './training.routes';
import { AgencyTraining } from './training.service';
import { TrainingStore } from './training.store';

/** Training records wired once: the store and its index, the service and its routes. */
export async function createTraining(dependencies: {
  connection: Connection;
  register: AgencyRegister;
  audit: AuditLog;
  routes: RouteRegistry;
  today: () => string;
}): Promise<void> {
  const store = new TrainingStore(dependencies.connection);
  await store.init();
  registerTrainingRoutes(dependencies.routes, new AgencyTraining(store, dependencies.register, dependencies.audit, dependencies.today));
}
