import fs from 'node:fs';
import type { RequestListener } from 'node:http';
import path from 'node:path';
import express, { type Express } from 'express';
import type { Connection } from 'mongoose';
import type { Config } from './config';
import { registerHealthRoutes } from './health/health.routes';
import { fastRouteListener, type FastPathCounters } from './http/fast-routes';
import { errorHandler, notFoundHandler, requestContext, securityHeaders } from './http/middleware';
import { buildOpenApiDocument } from './http/openapi';
import { RouteRegistry, type Authenticator } from './http/routes';
import { SchemaRegistry } from './http/schema-registry';
import { registerApiKeyRoutes } from './identity/api-key.routes';
import { ApiKeyService } from './identity/api-key.service';
import { ApiKeyStore } from './identity/api-key.store';
import { registerAuthRoutes } from './identity/auth.routes';
import { AuthenticationService } from './identity/authentication.service';
import { ensureBootstrapCredentials } from './identity/bootstrap';
import { hashPassword } from './identity/password';
import { SessionStore } from './identity/session.store';
import { registerUserRoutes } from './identity/user.routes';
import { UserService } from './identity/user.service';
import { UserStore } from './identity/user.store';
import type { Logger } from './logger';
import { registerDecisionRoutes } from './decisions/decision.routes';
import { DecisionStore } from './decisions/decision.store';
import { CompiledEvaluator } from './engine/compiled-evaluator';
import { JsonRulesEngineEvaluator, type RuleSetEvaluator } from './engine/evaluator';
import { ActiveVersions } from './rulesets/active-versions';
import { registerEvaluationRoutes } from './rulesets/evaluation.routes';
import { EvaluationService } from './rulesets/evaluation.service';
import { validationContext } from './rulesets/ruleset.catalog';
import { registerRuleSetRoutes } from './rulesets/ruleset.routes';
import { seedStandardPack } from './rulesets/ruleset.seed';
import { RuleSetService } from './rulesets/ruleset.service';
import { RuleSetStore } from './rulesets/ruleset.store';
import { registerImpactRoutes } from './impact/impact.routes';
import { ImpactService } from './impact/impact.service';
import { registerStudioRoutes } from './studio/studio.routes';
import { registerMetricRoutes } from './metrics/metric.routes';
import { MetricService } from './metrics/metric.service';
import { SnapshotStore } from './metrics/snapshot.store';
import { registerPortfolioImportRoutes } from './portfolio/import.routes';
import { BookPages } from './portfolio/book-pages';
import { PortfolioImportService } from './portfolio/import.service';
import { PortfolioStore } from './portfolio/portfolio.store';
import { seedDemoPortfolio } from './portfolio/demo-seed';
import { studioRouter } from './studio/studio.static';
import type { PlatformEventSink } from './webhooks/platform-events';
import { registerWebhookRoutes } from './webhooks/webhook.routes';
import { loggedSink } from './webhooks/webhook.sink';
import { createWebhooks, type Webhooks } from './webhooks/webhooks.module';
import { registerAuditRoutes } from './audit/audit.routes';
import { AuditLog } from './audit/audit.service';
import { AuditStore } from './audit/audit.store';
import { OrgUnitDirectory } from './authority/org-unit.directory';
import { registerOrgUnitRoutes } from './authority/org-unit.routes';
import { OrgUnitService } from './authority/org-unit.service';
import { OrgUnitStore } from './authority/org-unit.store';

export interface AppDependencies {
  config: Config;
  connection: Connection;
  logger: Logger;
  projectRoot: string;
}

export interface Services {
  authentication: AuthenticationService;
  users: UserService;
  apiKeys: ApiKeyService;
  sessions: SessionStore;
  ruleSets: RuleSetService;
  evaluation: EvaluationService;
  evaluator: RuleSetEvaluator;
  decisions: DecisionStore;
  portfolioImport: PortfolioImportService;
  metrics: MetricService;
  /** The org-unit tree; answers OrgScope questions for scoped reads. */
  orgScope: OrgUnitDirectory;
  orgUnits: OrgUnitService;
  audit: AuditLog;
  webhooks: Webhooks;
  /** Where producers (monitoring, claims, rule sets) publish platform events. */
  events: PlatformEventSink;
}

export interface PlatformApp {
  /** What the HTTP server runs: the fast path for the hottest routes, Express for everything else. */
  listener: RequestListener;
  /** Express alone, every route included (the fast path's routes too). */
  app: Express;
  /** Requests the fast path answered and passed on to Express. */
  fastPath: FastPathCounters;
  services: Services;
  routes: RouteRegistry;
  schemas: SchemaRegistry;
  openApi: Record<string, unknown>;
  /** First-start work: bootstrap credentials, then the standard rule pack (and, as capabilities land, demo data). */
  bootstrap(print?: (text: string) => void): Promise<void>;
  /** Stops background work owned by the app (not the database connection, which the caller owns); flushes the decision log. */
  close(): Promise<void>;
}

export const API_PREFIX = '/api/v1';

/** The composition root: every store and service is built here, and nowhere else. */
export async function createApp({ config, connection, logger, projectRoot }: AppDependencies): Promise<PlatformApp> {
  const version = readVersion(projectRoot);
  const schemas = new SchemaRegistry(path.join(projectRoot, 'schemas'));
  const routes = new RouteRegistry();

  const audit = new AuditLog(new AuditStore(connection));
  const userStore = new UserStore(connection);
  const apiKeyStore = new ApiKeyStore(connection);
  const orgUnitStore = new OrgUnitStore(connection);
  const orgScope = new OrgUnitDirectory(orgUnitStore);
  const orgUnits = new OrgUnitService(orgUnitStore, orgScope, audit, async (unit) => ({
    users: await userStore.countActiveIn(unit),
    apiKeys: await apiKeyStore.countLiveIn(unit),
  }));
  const sessions = new SessionStore(connection);
  const authentication = new AuthenticationService(
    userStore,
    apiKeyStore,
    sessions,
    { secret: config.sessionSecret, sessionTtlMinutes: config.sessionTtlMinutes },
    () => hashPassword('timing-equaliser', config.passwordHashCost),
  );
  const forget = () => authentication.forgetCachedCredentials();
  const users = new UserService(userStore, sessions, config.passwordHashCost, forget, orgUnits, audit);
  const apiKeys = new ApiKeyService(apiKeyStore, userStore, config.sessionSecret, forget, orgUnits, audit);

  const webhooks = createWebhooks(connection, config.webhooks, orgScope, orgUnits, logger);

  const ruleSetStore = new RuleSetStore(connection);
  const evaluator: RuleSetEvaluator = config.evaluationPath === 'compiled' ? new CompiledEvaluator() : new JsonRulesEngineEvaluator();
  const ruleSetContext = validationContext(schemas);
  const activeVersions = new ActiveVersions(ruleSetStore, evaluator);
  const ruleSets = new RuleSetService(ruleSetStore, ruleSetContext, evaluator, (key) => activeVersions.forget(key), loggedSink(webhooks.sink, logger));
  const decisions = new DecisionStore(connection, logger, config.decisionLog);
  const evaluation = new EvaluationService(activeVersions, evaluator, ruleSetContext, decisions);

  // Express tries routes in order, so the integrations' hot path goes first.
  registerEvaluationRoutes(routes, evaluation, decisions);
  registerHealthRoutes(routes, connection, version);
  registerAuthRoutes(routes, authentication, config.nodeEnv === 'production');
  registerOrgUnitRoutes(routes, orgUnits);
  registerAuditRoutes(routes, audit, orgScope);
  registerUserRoutes(routes, users);
  registerApiKeyRoutes(routes, apiKeys);
  registerRuleSetRoutes(routes, ruleSets, schemas);
  registerDecisionRoutes(routes, decisions, evaluation);
  registerStudioRoutes(routes, ruleSets, evaluator, ruleSetContext);
  registerWebhookRoutes(routes, webhooks.subscriptions, webhooks.log);

  const portfolioStore = new PortfolioStore(connection);
  const bookPages = new BookPages(connection, logger);
  const portfolioImport = new PortfolioImportService(portfolioStore, schemas, logger, bookPages);
  const metrics = new MetricService(portfolioStore, bookPages, new SnapshotStore(connection), config.metricSettings, logger);
  registerPortfolioImportRoutes(routes, portfolioImport, schemas);
  registerMetricRoutes(routes, metrics);
  registerImpactRoutes(routes, new ImpactService(ruleSets, evaluator, ruleSetContext, portfolioStore, config.metricSettings));

  // Unique indexes must exist before the first write relies on them.
  await Promise.all(Object.values(connection.models).map((model) => model.init()));
  await orgUnitStore.ensureHeadOffice();

  const openApi = buildOpenApiDocument(routes, schemas, version);
  const api = express.Router();
  api.get('/openapi.json', (_request, response) => {
    response.json(openApi);
  });
  const authenticate: Authenticator = (request) => authentication.authenticate(request);
  routes.mount(api, schemas, authenticate);
  api.use(notFoundHandler);

  const app = express();
  app.disable('x-powered-by');
  // Hashing every JSON response for an ETag costs time on the evaluation hot path and helps no client of this API.
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  app.use(requestContext(logger));
  app.use(securityHeaders());
  app.use(API_PREFIX, api);
  app.use(studioRouter(projectRoot));
  app.use(errorHandler(logger));
  // Until Agenda runs scheduled work (server/jobs), this process sends webhook deliveries itself.
  webhooks.loop.start();

  const fastPath: FastPathCounters = { served: 0, passedOn: 0 };
  const listener = config.evaluationFastPath
    ? fastRouteListener({ routes: routes.list(), schemas, authenticate, logger, prefix: API_PREFIX }, app, fastPath)
    : app;

  return {
    listener,
    app,
    fastPath,
    services: { authentication, users, apiKeys, sessions, ruleSets, evaluation, evaluator, decisions, portfolioImport, metrics, orgScope, orgUnits, audit, webhooks, events: webhooks.sink },
    routes,
    schemas,
    openApi,
    bootstrap: async (print) => {
      await ensureBootstrapCredentials(
        config,
        { users, apiKeys, countUsers: () => userStore.count(), activeDemoUsers: () => userStore.activeDemoUsers() },
        logger,
        print,
      );
      await seedStandardPack(path.join(projectRoot, 'rules'), ruleSetStore, ruleSetContext, evaluator, logger);
      if (config.seedDemo && config.nodeEnv === 'development') await seedDemoPortfolio(portfolioImport, () => metrics.isPortfolioEmpty(), logger);
    },
    close: async () => {
      await webhooks.loop.stop();
      await decisions.flush();
    },
  };
}

function readVersion(projectRoot: string): string {
  return (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
}
