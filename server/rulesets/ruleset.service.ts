import type { AuditLog } from '../audit/audit.service';
import type {
  DraftCreateRequest,
  DraftUpdateRequest,
  RuleSetDetail,
  RuleSetDiff,
  RuleSetSummary,
  RuleSetVersion,
  RuleSetVersionView,
} from '../generated/schema-types';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError, ValidationError } from '../http/errors';
import type { NaturalPersons } from '../identity/natural-person';
import { actorName, type Principal } from '../identity/principal';
import type { RuleSetEvaluator } from '../engine/evaluator';
import { ruleSetHash } from '../engine/hash';
import type { TestCaseResult } from '../engine/testing';
import { allowedRuleSetKey } from './ruleset.access';
import { checkRuleSet, runEmbeddedTests } from './ruleset.catalog';
import { compileProblems, nextTurn, structureProblems } from './ruleset.limits';
import { diffRuleSets } from './ruleset.diff';
import { approvalProblem, transition, type LifecycleAction, type StoredState } from './ruleset.lifecycle';
import type { RuleSetAction, RuleSetVersionRecord } from './ruleset.model';
import type { RuleSetStore } from './ruleset.store';
import { assertParametersInBounds, validateRuleSet, type ValidationContext } from './ruleset.validation';
import { toPublications, toSummaries, toVersionView, toHistoryEntry } from './ruleset.views';
import type { PlatformEventSink } from '../events/platform-events';

const CLOCK_SKEW_MS = 60_000;

// Kept here too: other modules import it from the rule-set service.
export { actorName };

/** Strips editor-only fields so stored content (and its hash) does not depend on them. */
export function normaliseContent(content: RuleSetVersion): RuleSetVersion {
  const { $schema: _schema, ...rest } = content;
  return rest;
}

/** The rule-set lifecycle: drafts, maker-checker approval, publishing, rollback and history. */
export class RuleSetService {
  constructor(
    private readonly store: RuleSetStore,
    private readonly context: ValidationContext,
    private readonly evaluator: RuleSetEvaluator,
    /** Lets this process use a new publication at once instead of at its next poll. */
    private readonly onPublished: (key: string) => void = () => undefined,
    /** Tells subscribers (webhooks) about publications. */
    private readonly events: PlatformEventSink = { publish: async () => undefined },
    private readonly audit?: AuditLog,
    /** Maker-checker between natural persons, beyond names (server/identity/natural-person.ts). */
    private readonly persons?: NaturalPersons,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(principal: Principal): Promise<RuleSetSummary[]> {
    const [headers, publications] = await Promise.all([this.store.listVersions(), this.store.publications()]);
    return toSummaries(headers, publications, this.now()).filter((summary) => allowedRuleSetKey(principal, summary.key));
  }

  async detail(key: string): Promise<RuleSetDetail> {
    const [headers, publications, history] = await Promise.all([this.store.listVersions(key), this.store.publications(key), this.store.history(key)]);
    const summary = toSummaries(headers, publications, this.now())[0];
    if (!summary) throw new NotFoundError(`No rule set "${key}"`);
    return { summary, history: history.map(toHistoryEntry) };
  }

  async version(key: string, version: number): Promise<RuleSetVersionView> {
    const record = await this.require(key, version);
    const [publications, history] = await Promise.all([this.store.publications(key), this.store.history(key, version)]);
    return toVersionView(record, toPublications(publications), history, this.now());
  }

  async createDraft(key: string, request: DraftCreateRequest, principal: Principal): Promise<RuleSetVersionView> {
    const content = normaliseContent(request.ruleSet);
    this.assertKeyMatches(key, content);
    await assertSaveable(content);
    const latest = await this.store.latestVersionNumber(key);
    if (request.basedOnVersion !== latest) {
      throw new ConflictError('stale_version', `The latest version of ${key} is ${latest}, not ${request.basedOnVersion}; reload and try again`, [
        { path: '/body/basedOnVersion', message: `is stale; the latest version is ${latest}`, latestVersion: latest },
      ]);
    }
    if (latest > 0) await this.assertSameFamily(key, latest, content);
    const actor = actorName(principal);
    const record = await this.store.insertVersion(this.newRecord(key, latest + 1, content, 'draft', actor, [actor], { basedOnVersion: latest || undefined }));
    await this.record(
      key,
      record.version,
      'create',
      actor,
      request.reason,
      { toState: 'draft' },
      { orgUnit: record.orgUnit, after: { version: record.version, state: 'draft', revision: 1, hash: record.hash, content } },
    );
    return this.version(key, record.version);
  }

  async updateDraft(key: string, version: number, request: DraftUpdateRequest, principal: Principal): Promise<RuleSetVersionView> {
    const content = normaliseContent(request.ruleSet);
    this.assertKeyMatches(key, content);
    await assertSaveable(content);
    const current = await this.require(key, version);
    this.assertTransition(current, 'update');
    if (content.family !== current.family)
      throw new ValidationError('The family of a rule set cannot change', [{ path: '/body/ruleSet/family', message: `must stay ${current.family}` }]);
    const actor = actorName(principal);
    const updated = await this.store.updateIf(
      key,
      version,
      { state: 'draft', revision: request.revision },
      { content, hash: ruleSetHash(content), orgUnit: content.orgUnit },
      { incrementRevision: true, addMaker: actor },
    );
    if (!updated) await this.explainLostUpdate(key, version, request.revision);
    await this.record(
      key,
      version,
      'update',
      actor,
      request.reason,
      { details: { revision: request.revision + 1 } },
      {
        orgUnit: content.orgUnit,
        before: { version, revision: request.revision, hash: current.hash, content: current.content },
        after: { version, revision: request.revision + 1, hash: ruleSetHash(content), content },
      },
    );
    return this.version(key, version);
  }

  /** A review comment in any state: recorded in the history, changes nothing else. */
  async comment(key: string, version: number, principal: Principal, text: string): Promise<RuleSetVersionView> {
    await this.require(key, version);
    await this.record(key, version, 'comment', actorName(principal), text, {}, { orgUnit: (await this.require(key, version)).orgUnit, after: { version } });
    return this.version(key, version);
  }

  async submit(key: string, version: number, principal: Principal, reason?: string): Promise<RuleSetVersionView> {
    const current = await this.require(key, version);
    this.assertTransition(current, 'submit');
    await this.assertPasses(current.content);
    return this.move(current, 'submit', principal, reason, { submittedAt: this.now() });
  }

  async approve(key: string, version: number, principal: Principal, reason?: string): Promise<RuleSetVersionView> {
    const current = await this.require(key, version);
    this.assertTransition(current, 'approve');
    const problem = approvalProblem({ name: actorName(principal), roles: principal.roles }, current.makers);
    if (problem) throw new ForbiddenError(problem, 'maker_checker');
    const person = await this.persons?.approvalProblem(principal, current);
    if (person) throw new ForbiddenError(person.message, person.code);
    return this.move(current, 'approve', principal, reason, { approvedBy: actorName(principal) });
  }

  /** Rejecting reopens the content as a new draft version, so the rejected one stays as it was reviewed. */
  async reject(key: string, version: number, principal: Principal, reason?: string): Promise<RuleSetVersionView> {
    const current = await this.require(key, version);
    this.assertTransition(current, 'reject');
    const problem = approvalProblem({ name: actorName(principal), roles: principal.roles }, current.makers, 'reject');
    if (problem) throw new ForbiddenError(problem, 'maker_checker');
    await this.move(current, 'reject', principal, reason, {});
    const next = (await this.store.latestVersionNumber(key)) + 1;
    const reopened = await this.store.insertVersion(
      this.newRecord(key, next, current.content, 'draft', current.author, current.makers, { basedOnVersion: version }),
    );
    await this.record(
      key,
      reopened.version,
      'create',
      actorName(principal),
      `Reopened as a draft after version ${version} was rejected`,
      { toState: 'draft', details: { reopenedFrom: version } },
      {
        orgUnit: reopened.orgUnit,
        after: { version: reopened.version, state: 'draft', reopenedFrom: version, hash: reopened.hash },
      },
    );
    return this.version(key, reopened.version);
  }

  async publish(key: string, version: number, principal: Principal, options: { reason?: string; effectiveFrom?: string }): Promise<RuleSetVersionView> {
    const current = await this.require(key, version);
    this.assertTransition(current, 'publish');
    const approval = await this.persons?.approvalStandsProblem(current.approvedBy, current);
    if (approval) throw new ConflictError(approval.code, approval.message);
    await this.assertPasses(current.content);
    const now = this.now();
    const effectiveFrom = options.effectiveFrom ? new Date(options.effectiveFrom) : now;
    // A back-dated publication would lose to newer effective times and never apply: refuse it.
    if (effectiveFrom.getTime() < now.getTime() - CLOCK_SKEW_MS) {
      throw new ValidationError('effectiveFrom must not be in the past', [{ path: '/body/effectiveFrom', message: 'is in the past' }]);
    }
    const actor = actorName(principal);
    await this.move(current, 'publish', principal, options.reason, { publishedBy: actor, publishedAt: now, effectiveFrom }, effectiveFrom);
    await this.store.insertPublication({ key, version, effectiveFrom, publishedAt: now, publishedBy: actor });
    this.onPublished(key);
    await this.announcePublication(current, effectiveFrom, now, actor);
    return this.version(key, version);
  }

  /** An earlier version's content again, as a new version in review: it needs approval and publishing like any change. */
  async rollback(key: string, toVersion: number, principal: Principal, reason: string): Promise<RuleSetVersionView> {
    const target = await this.require(key, toVersion);
    const published = (await this.store.publications(key)).some((publication) => publication.version === toVersion);
    if (!published)
      throw new UnprocessableError('version_not_published', `Version ${toVersion} of ${key} was never published; roll back to a published version`, [
        { path: '/body/toVersion', message: 'was never published' },
      ]);
    await this.assertPasses(target.content);
    const actor = actorName(principal);
    return this.copyForReview(target, actor, [actor], 'rollback', reason, { rollbackOf: toVersion }, { rollbackOf: toVersion });
  }

  /**
   * A champion/challenger test ended with the challenger: its content again as a new version in review, so it
   * is published only through the normal approval (an approver who wrote none of it, then publication). Its
   * makers are the challenger's and whoever ended the test.
   */
  async promoteChallenger(key: string, fromVersion: number, principal: Principal, reason: string, testId: string): Promise<RuleSetVersionView> {
    // Idempotent per test: an end repeated after a stop between the copy and the test's record finds the copy made.
    const made = (await this.store.listVersions(key)).find((header) => header.challengerTest === testId);
    if (made) return this.version(key, made.version);
    const source = await this.require(key, fromVersion);
    await this.assertPasses(source.content);
    const actor = actorName(principal);
    const details = { promotedFrom: fromVersion, challengerTest: testId };
    return this.copyForReview(source, actor, [...new Set([...source.makers, actor])], 'create', reason, details, { challengerTest: testId });
  }

  /** A stored version's content as the next version, in review: it needs approval and publishing like any change. */
  private async copyForReview(
    source: RuleSetVersionRecord,
    actor: string,
    makers: string[],
    action: RuleSetAction,
    reason: string,
    details: Record<string, unknown>,
    extra: Partial<RuleSetVersionRecord> = {},
  ): Promise<RuleSetVersionView> {
    const key = source.key;
    const next = (await this.store.latestVersionNumber(key)) + 1;
    const record = await this.store.insertVersion(
      this.newRecord(key, next, source.content, 'in-review', actor, makers, { basedOnVersion: next - 1, ...extra }),
    );
    await this.record(
      key,
      record.version,
      action,
      actor,
      reason,
      { toState: 'in-review', details },
      { orgUnit: record.orgUnit, after: { version: record.version, state: 'in-review', ...details, hash: record.hash } },
    );
    return this.version(key, record.version);
  }

  async diff(key: string, from: number, to: number): Promise<RuleSetDiff> {
    const [before, after] = await Promise.all([this.require(key, from), this.require(key, to)]);
    return diffRuleSets(key, from, before.content, to, after.content);
  }

  async runTests(key: string, version: number): Promise<{ passed: boolean; results: TestCaseResult[] }> {
    const record = await this.require(key, version);
    assertParametersInBounds(record.content, '/ruleSet');
    const problems = validateRuleSet(record.content, this.context);
    if (problems.length === 0) {
      await nextTurn();
      problems.push(...(await compileProblems(record.content.rules, '/ruleSet')));
    }
    if (problems.length > 0) throw new UnprocessableError('rule_set_invalid', 'The version is invalid', problems);
    const results = await runEmbeddedTests(record.content, this.evaluator);
    return { passed: results.every((result) => result.passed), results };
  }

  private async move(
    current: RuleSetVersionRecord,
    action: LifecycleAction,
    principal: Principal,
    reason: string | undefined,
    changes: Partial<RuleSetVersionRecord>,
    effectiveFrom?: Date,
  ): Promise<RuleSetVersionView> {
    const step = transition(current.state, action);
    if (!step.ok) throw new ConflictError('invalid_state', step.message);
    const updated = await this.store.updateIf(current.key, current.version, { state: step.from, revision: current.revision }, { ...changes, state: step.to });
    if (!updated) throw new ConflictError('stale_version', `Version ${current.version} of ${current.key} changed meanwhile; reload and try again`);
    await this.record(
      current.key,
      current.version,
      action,
      actorName(principal),
      reason,
      { fromState: step.from, toState: step.to, effectiveFrom },
      {
        orgUnit: current.orgUnit,
        before: { version: current.version, state: step.from },
        after: {
          version: current.version,
          state: step.to,
          ...(effectiveFrom ? { effectiveFrom } : {}),
          ...(changes.approvedBy ? { approvedBy: changes.approvedBy } : {}),
        },
      },
    );
    return this.version(current.key, current.version);
  }

  private async announcePublication(record: RuleSetVersionRecord, effectiveFrom: Date, at: Date, actor: string): Promise<void> {
    await this.events.publish({
      id: `ruleset.published:${record.key}:${record.version}`,
      type: 'ruleset.published',
      orgUnit: record.orgUnit,
      occurredAt: at,
      data: {
        key: record.key,
        version: record.version,
        family: record.family,
        hash: record.hash,
        effectiveFrom: effectiveFrom.toISOString(),
        publishedBy: actor,
        ...(record.rollbackOf ? { rollbackOf: record.rollbackOf } : {}),
      },
    });
  }

  private async assertPasses(content: RuleSetVersion): Promise<void> {
    assertParametersInBounds(content, '/ruleSet');
    const { problems } = await checkRuleSet(content, this.context, this.evaluator);
    if (problems.length > 0) throw new UnprocessableError('rule_set_invalid', 'The version fails validation or its embedded tests', problems);
  }

  private assertTransition(current: RuleSetVersionRecord, action: LifecycleAction): void {
    const step = transition(current.state, action);
    if (!step.ok) throw new ConflictError('invalid_state', step.message);
  }

  private assertKeyMatches(key: string, content: RuleSetVersion): void {
    if (content.key !== key)
      throw new ValidationError('The rule set key in the body differs from the URL', [{ path: '/body/ruleSet/key', message: `must be "${key}"` }]);
  }

  private async assertSameFamily(key: string, latest: number, content: RuleSetVersion): Promise<void> {
    const previous = await this.require(key, latest);
    if (previous.family !== content.family)
      throw new ValidationError('The family of a rule set cannot change', [{ path: '/body/ruleSet/family', message: `must stay ${previous.family}` }]);
  }

  private async explainLostUpdate(key: string, version: number, revision: number): Promise<never> {
    const current = await this.require(key, version);
    if (current.state !== 'draft') throw new ConflictError('invalid_state', `Version ${version} is ${current.state}; only drafts can be edited`);
    throw new ConflictError('stale_version', `Draft ${key} v${version} changed since revision ${revision} (now ${current.revision}); reload and try again`, [
      { path: '/body/revision', message: `is stale; the current revision is ${current.revision}`, currentRevision: current.revision },
    ]);
  }

  private async require(key: string, version: number): Promise<RuleSetVersionRecord> {
    const record = await this.store.findVersion(key, version);
    if (!record) throw new NotFoundError(`No version ${version} of rule set "${key}"`);
    return record;
  }

  private newRecord(
    key: string,
    version: number,
    content: RuleSetVersion,
    state: StoredState,
    author: string,
    makers: string[],
    extra: Partial<RuleSetVersionRecord>,
  ): RuleSetVersionRecord {
    const now = this.now();
    return {
      key,
      version,
      family: content.family,
      orgUnit: content.orgUnit,
      content,
      hash: ruleSetHash(content),
      state,
      revision: 1,
      author,
      makers,
      ...stripUndefined(extra),
      createdAt: now,
      updatedAt: now,
    };
  }

  /** The rule set's own history, and the platform-wide audit log with the state before and after. */
  private async record(
    key: string,
    version: number,
    action: RuleSetAction,
    actor: string,
    reason: string | undefined,
    extra: { fromState?: string; toState?: string; effectiveFrom?: Date; details?: Record<string, unknown> },
    audited: { orgUnit: string; before?: unknown; after?: unknown },
  ): Promise<void> {
    await this.store.recordAction({ key, version, action, actor, at: this.now(), ...(reason ? { reason } : {}), ...stripUndefined(extra) });
    await this.audit?.record({ actor, action, entity: { kind: 'rule-set', id: key }, reason, ...audited });
  }
}

/**
 * A draft may be incomplete, but never deeper, larger or with other paths than the limits allow,
 * nor something the compiled path refuses: those would only fail at evaluation; nor with a
 * parameter outside its own bounds (422 out_of_bounds).
 */
async function assertSaveable(content: RuleSetVersion): Promise<void> {
  const structural = structureProblems(content, '/body/ruleSet');
  if (structural.length === 0) assertParametersInBounds(content, '/body/ruleSet');
  const problems = structural.length > 0 ? structural : await compileProblems(content.rules, '/body/ruleSet');
  if (problems.length > 0) throw new ValidationError('The rule set exceeds the limits of a version or cannot be compiled', problems);
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
