import type { AuditLog } from '../audit/audit.service';
import { assertVisible, isVisible, type OrgScope } from '../authority/org-scope';
import type { EventOutbox } from '../events/event-outbox';
import type {
  ChallengerComparison,
  ChallengerEndRequest,
  ChallengerFamily,
  ChallengerQuery,
  ChallengerStartRequest,
  ChallengerTest,
  ChallengerTestList,
  ChallengerTestRequest,
} from '../generated/schema-types';
import { CHALLENGER_FAMILY_VALUES } from '../generated/schema-types';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../http/errors';
import { actorName, type Principal } from '../identity/principal';
import type { NaturalPersons } from '../identity/natural-person';
import { approvalProblem } from '../rulesets/ruleset.lifecycle';
import type { RuleSetVersionRecord } from '../rulesets/ruleset.model';
import type { RuleSetScope } from '../rulesets/ruleset.scope';
import type { ChallengerArms } from './challenger-arms';
import { compareArms } from './challenger-comparison';
import type { ChallengerStore, ChallengerTestRecord } from './challenger.store';

/** The families a test supports (schemas/challenger/challenger-family.json). */
export const CHALLENGER_FAMILIES: readonly ChallengerFamily[] = CHALLENGER_FAMILY_VALUES;

/** What the service needs of the rule sets: a version, the one in force, and the normal approval for a winning challenger. */
export interface ChallengerRuleSets {
  findVersion(key: string, version: number): Promise<RuleSetVersionRecord | undefined>;
  publishedVersion(key: string): Promise<number | undefined>;
  promoteChallenger(key: string, fromVersion: number, principal: Principal, reason: string, testId: string): Promise<{ version: number }>;
}

/**
 * Champion/challenger tests of a rule set (Art. 7: warning indicators must discriminate; prove a change on live
 * business before it applies to all). Requested by a policy owner, started by an approver who did not request
 * it (maker-checker), ended by choosing a winner: the challenger's content then goes to review as a new version.
 * A test belongs to an org unit (its obligors are that unit's and below): another branch's test does not exist for
 * a branch (404).
 */
export class ChallengerService {
  constructor(
    private readonly store: ChallengerStore,
    private readonly ruleSets: ChallengerRuleSets,
    private readonly ruleSetScope: RuleSetScope,
    private readonly orgScope: OrgScope,
    private readonly audit: AuditLog,
    private readonly outbox: EventOutbox,
    private readonly arms: ChallengerArms,
    private readonly persons?: NaturalPersons,
  ) {}

  async request(principal: Principal, body: ChallengerTestRequest): Promise<ChallengerTest> {
    await this.ruleSetScope.assert(principal, body.key, 'read');
    const orgUnit = body.orgUnit ?? principal.orgUnit;
    await assertVisible(this.orgScope, principal, orgUnit);
    const challenger = await this.ruleSets.findVersion(body.key, body.challengerVersion);
    if (!challenger) throw new NotFoundError(`No version ${body.challengerVersion} of rule set "${body.key}"`);
    const family = challenger.family as ChallengerFamily;
    if (!CHALLENGER_FAMILIES.includes(family))
      throw unsupported(`Champion/challenger supports ${CHALLENGER_FAMILIES.join(' and ')} rule sets; ${body.key} is ${challenger.family}`, '/body/key');
    if (challenger.state !== 'approved')
      throw unsupported(
        `Version ${body.challengerVersion} of ${body.key} is ${challenger.state}: a challenger must have been approved (submit, then an approver) and not published`,
        '/body/challengerVersion',
      );
    const championVersion = await this.champion(body.key);
    const actor = actorName(principal);
    const record: ChallengerTestRecord = {
      _id: `CT-${body.key}-${(await this.store.count(body.key)) + 1}`,
      key: body.key,
      family,
      championVersion,
      challengerVersion: body.challengerVersion,
      shareBasisPoints: body.shareBasisPoints,
      orgUnit,
      segments: body.segments ?? [],
      status: 'requested',
      requestedBy: actor,
      requestedAt: new Date(),
      reason: body.reason,
      startedBy: null,
      startedAt: null,
      endedBy: null,
      endedAt: null,
      winner: null,
      promotedVersion: null,
      revision: 1,
    };
    if (!(await this.store.insert(record, actor)))
      throw new ConflictError('stale_version', `A test of ${body.key} was requested at the same moment; try again`);
    await this.audit.record({ actor, action: 'challenger.requested', entity: { kind: 'challenger-test', id: record._id }, orgUnit, after: snapshot(record) });
    return this.view(record);
  }

  async list(principal: Principal, query: ChallengerQuery): Promise<ChallengerTestList> {
    const records = await this.store.list(query);
    const items: ChallengerTest[] = [];
    for (const record of records.sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime()))
      if (await isVisible(this.orgScope, principal, record.orgUnit)) items.push(await this.view(record));
    return { items };
  }

  async get(principal: Principal, testId: string): Promise<ChallengerTest> {
    return this.view(await this.visible(principal, testId));
  }

  /** Maker-checker: an approver who did not request the test (nor controls who did) starts it; one test per rule set runs at a time. */
  async start(principal: Principal, testId: string, body: ChallengerStartRequest): Promise<ChallengerTest> {
    const record = await this.visible(principal, testId);
    assertRevision(record, body.revision);
    if (record.status !== 'requested') throw new ConflictError('invalid_state', `Test ${testId} is ${record.status}; only a requested test starts`);
    const actor = actorName(principal);
    const problem = approvalProblem({ name: actor, roles: principal.roles }, [record.requestedBy]);
    if (problem) throw new ForbiddenError(problem.replace('this version', 'this test'), 'maker_checker');
    const person = await this.persons?.approvalProblem(principal, {
      makers: [record.requestedBy],
      submittedAt: record.requestedAt,
      createdAt: record.requestedAt,
    });
    if (person) throw new ForbiddenError(person.message, person.code);
    const running = (await this.store.running()).find((test) => test.key === record.key);
    if (running) throw new ConflictError('invalid_state', `Test ${running._id} of ${record.key} is running; end it first`);
    const challenger = await this.ruleSets.findVersion(record.key, record.challengerVersion);
    if (challenger?.state !== 'approved')
      throw unsupported(
        `Version ${record.challengerVersion} of ${record.key} is ${challenger?.state ?? 'gone'}; the challenger must be approved and unpublished`,
      );
    // The champion is the version in force when the test starts (a publication since the request moved it).
    const championVersion = await this.champion(record.key);
    const at = new Date();
    const set = { status: 'running' as const, startedBy: actor, startedAt: at, championVersion };
    if (!(await this.store.change(testId, record.revision, set, 'started', actor, body.note ?? null))) throw stale(testId);
    const started = { ...record, ...set, revision: record.revision + 1 };
    this.arms.forget();
    await this.audit.record({
      actor,
      action: 'challenger.started',
      entity: { kind: 'challenger-test', id: testId },
      orgUnit: record.orgUnit,
      before: { status: record.status, revision: record.revision },
      after: snapshot(started),
      ...(body.note ? { reason: body.note } : {}),
    });
    await this.publish('challenger.started', started, at);
    return this.view(started);
  }

  /**
   * Ends a running test: the champion stays, or the challenger's content is submitted for review (never published here).
   * The copy for review is made first and the test ends naming it in one change, so no stop leaves an ended test without
   * its copy; an end repeated after a stop between the two finds the copy made (promotion is idempotent per test).
   */
  async end(principal: Principal, testId: string, body: ChallengerEndRequest): Promise<ChallengerTest> {
    const record = await this.visible(principal, testId);
    assertRevision(record, body.revision);
    if (record.status !== 'running') throw new ConflictError('invalid_state', `Test ${testId} is ${record.status}; only a running test ends`);
    const actor = actorName(principal);
    const at = new Date();
    const promoted =
      body.winner === 'challenger'
        ? await this.ruleSets.promoteChallenger(record.key, record.challengerVersion, principal, `Challenger of test ${testId}: ${body.reason}`, testId)
        : undefined;
    const set = { status: 'ended' as const, endedBy: actor, endedAt: at, winner: body.winner, ...(promoted ? { promotedVersion: promoted.version } : {}) };
    const note = promoted ? `${body.reason} (version ${promoted.version} in review)` : body.reason;
    if (!(await this.store.change(testId, record.revision, set, `ended:${body.winner}`, actor, note))) throw stale(testId);
    this.arms.forget();
    const ended: ChallengerTestRecord = { ...record, ...set, revision: record.revision + 1 };
    await this.audit.record({
      actor,
      action: 'challenger.ended',
      entity: { kind: 'challenger-test', id: testId },
      orgUnit: record.orgUnit,
      before: { status: record.status, revision: record.revision },
      after: snapshot(ended),
      reason: body.reason,
    });
    await this.publish('challenger.ended', ended, at);
    return this.view(ended);
  }

  async comparison(principal: Principal, testId: string): Promise<ChallengerComparison> {
    const record = await this.visible(principal, testId);
    const days = await this.store.days(testId);
    const { overall, periods } = compareArms(days);
    const withVersion = <T extends { arm: 'champion' | 'challenger' }>(arm: T) => ({
      ...arm,
      version: arm.arm === 'champion' ? record.championVersion : record.challengerVersion,
    });
    const sorted = days.map((day) => day.asOf).sort();
    return {
      testId,
      key: record.key,
      championVersion: record.championVersion,
      challengerVersion: record.challengerVersion,
      observedDays: days.length,
      firstDay: sorted[0] ?? null,
      lastDay: sorted.at(-1) ?? null,
      overall: overall.map(withVersion),
      periods: periods.map((period) => ({ asOf: period.asOf, arms: period.arms.map(withVersion) })),
    };
  }

  private async champion(key: string): Promise<number> {
    const version = await this.ruleSets.publishedVersion(key);
    if (version === undefined) throw unsupported(`Rule set ${key} has no published version in force to be the champion`, '/body/key');
    return version;
  }

  private async visible(principal: Principal, testId: string): Promise<ChallengerTestRecord> {
    const record = await this.store.find(testId);
    if (!record || !(await isVisible(this.orgScope, principal, record.orgUnit))) throw new NotFoundError(`No champion/challenger test "${testId}"`);
    return record;
  }

  private async view(record: ChallengerTestRecord): Promise<ChallengerTest> {
    const history = await this.store.historyOf(record._id);
    return {
      testId: record._id,
      key: record.key,
      family: record.family,
      championVersion: record.championVersion,
      challengerVersion: record.challengerVersion,
      shareBasisPoints: record.shareBasisPoints,
      orgUnit: record.orgUnit,
      segments: record.segments,
      status: record.status,
      requestedBy: record.requestedBy,
      requestedAt: record.requestedAt.toISOString(),
      reason: record.reason,
      startedBy: record.startedBy,
      startedAt: record.startedAt?.toISOString() ?? null,
      endedBy: record.endedBy,
      endedAt: record.endedAt?.toISOString() ?? null,
      winner: record.winner,
      promotedVersion: record.promotedVersion,
      revision: record.revision,
      history: history.map((entry) => ({ action: entry.action, actor: entry.actor, at: entry.at.toISOString(), note: entry.note })),
    };
  }

  private async publish(type: 'challenger.started' | 'challenger.ended', record: ChallengerTestRecord, at: Date): Promise<void> {
    await this.outbox.publish([
      {
        id: `${type}:${record._id}`,
        type,
        orgUnit: record.orgUnit,
        occurredAt: at,
        data: {
          testId: record._id,
          key: record.key,
          championVersion: record.championVersion,
          challengerVersion: record.challengerVersion,
          ...(record.winner ? { winner: record.winner } : {}),
          ...(record.promotedVersion ? { promotedVersion: record.promotedVersion } : {}),
        },
      },
    ]);
  }
}

function snapshot(record: ChallengerTestRecord) {
  const { _id, requestedAt: _requestedAt, startedAt: _startedAt, endedAt: _endedAt, ...rest } = record;
  return { testId: _id, ...rest };
}

function unsupported(message: string, path?: string): UnprocessableError {
  return new UnprocessableError('challenger_unsupported', message, path ? [{ path, message }] : []);
}

function assertRevision(record: ChallengerTestRecord, revision: number): void {
  if (record.revision !== revision) throw stale(record._id, record.revision);
}

function stale(testId: string, current?: number): ConflictError {
  return new ConflictError('stale_version', `Test ${testId} changed meanwhile${current ? ` (now revision ${current})` : ''}; reload and try again`, [
    { path: '/body/revision', message: 'is stale' },
  ]);
}
