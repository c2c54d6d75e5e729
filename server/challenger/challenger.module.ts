import type { AuditLog } from '../audit/audit.service';
import type { OrgScope } from '../authority/org-scope';
import type { RuleSetEvaluator } from '../engine/evaluator';
import type { EventOutbox } from '../events/event-outbox';
import type { RouteRegistry } from '../http/routes';
import type { NaturalPersons } from '../identity/natural-person';
import type { RuleSetVersionRecord } from '../rulesets/ruleset.model';
import type { RuleSetScope } from '../rulesets/ruleset.scope';
import type { Connection } from '../store/connection';
import { ChallengerArms, type VersionsForUnits } from './challenger-arms';
import { registerChallengerRoutes } from './challenger.routes';
import { ChallengerService, type ChallengerRuleSets } from './challenger.service';
import { ChallengerStore } from './challenger.store';

/**
 * The arms first: the evaluation API and the daily monitoring are built with them (the seams
 * server/rulesets/evaluation-challenges.ts and server/monitoring/challenger-seam.ts), the routes later.
 */
export async function createChallengerArms(dependencies: {
  connection: Connection;
  version: (key: string, version: number) => Promise<{ record: RuleSetVersionRecord }>;
  units: VersionsForUnits;
  evaluator: RuleSetEvaluator;
  orgScope: OrgScope;
}): Promise<{ store: ChallengerStore; arms: ChallengerArms }> {
  const store = new ChallengerStore(dependencies.connection);
  await store.init();
  return { store, arms: new ChallengerArms({ ...dependencies, store }) };
}

/** Champion/challenger tests (issue 24): request, maker-checker start, end with a winner, the comparison. */
export function registerChallenger(dependencies: {
  routes: RouteRegistry;
  store: ChallengerStore;
  arms: ChallengerArms;
  ruleSets: ChallengerRuleSets;
  ruleSetScope: RuleSetScope;
  orgScope: OrgScope;
  audit: AuditLog;
  outbox: EventOutbox;
  persons: NaturalPersons;
}): ChallengerService {
  const { store, arms } = dependencies;
  const service = new ChallengerService(
    store,
    dependencies.ruleSets,
    dependencies.ruleSetScope,
    dependencies.orgScope,
    dependencies.audit,
    dependencies.outbox,
    arms,
    dependencies.persons,
  );
  registerChallengerRoutes(dependencies.routes, service);
  return service;
}
