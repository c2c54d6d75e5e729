import type { AuditLog } from '../audit/audit.service';
import type { RouteRegistry } from '../http/routes';
import type { Connection } from '../store/connection';
import { IndicatorCatalogueService } from './indicator-catalogue.service';
import { IndicatorStore } from './indicator.store';
import { registerIndicatorRoutes } from './indicators.routes';
import { standardCatalogue } from './standard-catalogue';

/** The indicator catalogue (Art. 6): seeded from the shipped standard catalogue, edited and published with maker-checker. */
export async function registerIndicators(dependencies: {
  routes: RouteRegistry;
  connection: Connection;
  audit: AuditLog;
  schemaRoot: string;
}): Promise<IndicatorCatalogueService> {
  const store = new IndicatorStore(dependencies.connection);
  await store.init();
  const catalogue = new IndicatorCatalogueService(store, standardCatalogue(dependencies.schemaRoot), dependencies.audit);
  await catalogue.seed();
  registerIndicatorRoutes(dependencies.routes, catalogue);
  return catalogue;
}
