import type { AuditLog } from '../audit/audit.service';
import type { OrgScope } from '../authority/org-scope';
import type { EventOutbox } from '../events/event-outbox';
import type { RouteRegistry } from '../http/routes';
import type { NaturalPersons } from '../identity/natural-person';
import type { DecisionStore } from '../decisions/decision.store';
import type { RuleSetEvaluator } from '../engine/evaluator';
import type { JobDefinition } from '../jobs/job-definition';
import { defaultParams } from '../jobs/job-settings';
import type { PortfolioImportService } from '../portfolio/import.service';
import type { PortfolioStore } from '../portfolio/portfolio.store';
import type { UnitRuleSets } from '../monitoring/effective-rule-sets';
import type { Connection } from '../store/connection';
import type { PlaceableCases } from '../vendors/placements/placeable-cases';
import { impairmentJob } from './impairment/impairment.job';
import { ImpairmentService } from './impairment/impairment.service';
import { lookbackJob } from './lookback/lookback.job';
import { registerLookbackRoutes } from './lookback/lookback.routes';
import { LookbackService } from './lookback/lookback.service';
import { LookbackStore } from './lookback/lookback.store';
import { placeableRecoveryCases } from './placeable-recovery-cases';
import { reconcileMonth } from './reconciliation';
import { RecoveryCaseStore } from './recovery-case.store';
import { RecoveryLedger } from './recovery-ledger';
import { RecoveryOpening, type PaidClaim } from './recovery-opening';
import { registerRecoveryRoutes } from './recovery.routes';
import { RecoveryWork } from './recovery-work.service';

export interface RecoveryModule {
  cases: RecoveryCaseStore;
  /** Opens the recovery case of a claim just paid (the claim workflow calls it at payment); idempotent. */
  openRecoveryCase(claim: PaidClaim, actor: string): Promise<boolean>;
  /** Recovery cases as the placements see them (server/vendors/placements). */
  placeable: PlaceableCases;
  job: JobDefinition<'asOf'>;
  /** The quarterly look-back (recovery-lookback). */
  lookbackJob: JobDefinition<'month'>;
  /** The month-end impairment run (recovery-impairment). */
  impairmentJob: JobDefinition<'month'>;
}

/** Recovery after payment (Arts 2(5), 17, 19-23): the cases, their ledger, the API and the daily job. */
export async function registerRecovery(dependencies: {
  connection: Connection;
  routes: RouteRegistry;
  portfolio: PortfolioStore;
  portfolioImport: PortfolioImportService;
  orgScope: OrgScope;
  outbox: EventOutbox;
  audit: AuditLog;
  persons: NaturalPersons;
  internetChannels: readonly string[];
  /** recovery.impairment runs through the shared rule-run path: the unit's effective rule set, the decision logged. */
  rules: { ruleSets: UnitRuleSets; evaluator: RuleSetEvaluator; decisions: DecisionStore };
}): Promise<RecoveryModule> {
  const { connection, routes, portfolio, orgScope, outbox, audit } = dependencies;
  const cases = new RecoveryCaseStore(connection);
  await cases.init();
  const ledger = new RecoveryLedger(cases, outbox, audit);
  const opening = new RecoveryOpening(cases, portfolio, ledger, dependencies.internetChannels);
  const work = new RecoveryWork(cases, ledger, orgScope, audit, dependencies.persons, (rows) => dependencies.portfolioImport.import(rows));
  registerRecoveryRoutes(routes, work, (principal, month) => reconcileMonth({ cases, portfolio, scope: orgScope }, principal, month));
  const lookbackStore = new LookbackStore(connection);
  lookbackStore.init();
  const lookbacks = new LookbackService(lookbackStore, connection, portfolio, outbox, audit, dependencies.persons);
  registerLookbackRoutes(routes, lookbacks);
  return {
    cases,
    openRecoveryCase: async (claim, actor) => (await opening.open([claim], actor)).length === 1,
    placeable: placeableRecoveryCases(cases, orgScope),
    lookbackJob: lookbackJob(lookbacks),
    impairmentJob: impairmentJob(new ImpairmentService(cases, dependencies.rules)),
    job: {
      name: 'recovery-cases',
      description:
        '每日追偿案件(第二条第五项、第十七条、第十九条至第二十三条):为截至当日已赔付的每笔理赔开立一个追偿案件(按理赔编号,多个进程只开一次)并确认应收(赔款);将导入的追偿款按费用、违约金、赔款的顺序记入对应案件的追偿台账。' +
        'Daily recovery cases (Arts 2(5), 17, 19-23): one case per claim paid up to the day (by claim id, opened once however many workers run), its receivable (the indemnity) recognised; imported recoveries booked into their case ledger in the order costs, penalty, indemnity',
      parameter: 'asOf',
      scheduledParams: (now) => defaultParams('asOf', now),
      run: (context) => opening.run(context.params.asOf, 'recovery-cases'),
    },
  };
}
