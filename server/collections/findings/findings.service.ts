import type { AuditLog } from '../../audit/audit.service';
import { isVisible, visibleUnits, type OrgScope } from '../../authority/org-scope';
import type { FindingDetail, FindingEvidence, FindingList, FindingQuery } from '../../generated/schema-types';
import { NotFoundError, ValidationError } from '../../http/errors';
import type { Principal } from '../../identity/principal';
import { assertRevision } from '../../monitoring/queue-actions';
import { toChangeEntryView } from '../../monitoring/queue.views';
import { actorName } from '../../rulesets/ruleset.service';
import type { TaskStore } from '../../monitoring/task.store';
import { closeFindingTask } from './finding-task';
import { findingChange, type FindingAction } from './finding-transitions';
import type { FindingRecord } from './finding.model';
import type { FindingStore } from './finding.store';
import { toFindingView } from './finding.views';

/**
 * Collection-conduct findings as the compliance staff and the responsible units see them: lists and
 * details within the caller's org unit and below (HQ sees all; a finding outside the scope is 404,
 * so its existence does not leak), and the three transitions, each naming the revision it read (a
 * stale one is 409), kept in the finding's history and in the audit log. Closing a finding closes its task.
 */
export class FindingsService {
  /** Others that act on a confirmed finding (an agency's violation suspends it: server/vendors/scorecards/violations.ts). */
  private readonly confirmedHooks: ((finding: FindingRecord, actor: string) => Promise<void>)[] = [];

  constructor(
    private readonly findings: FindingStore,
    private readonly scope: OrgScope,
    private readonly audit: AuditLog,
    /** The monitoring task store: a finding's compliance task closes with it. */
    private readonly tasks: TaskStore,
  ) {}

  onConfirmed(hook: (finding: FindingRecord, actor: string) => Promise<void>): void {
    this.confirmedHooks.push(hook);
  }

  async list(principal: Principal, query: FindingQuery): Promise<FindingList> {
    if (query.from && query.to && query.from > query.to)
      throw new ValidationError('The query is invalid', [{ path: '/query/to', message: `must not be before from (${query.from})` }]);
    const page = await this.findings.page(
      {
        orgUnits: await visibleUnits(this.scope, principal, query.orgUnit),
        status: query.status,
        tag: query.tag,
        severity: query.severity,
        source: query.source,
        obligorId: query.obligorId,
        from: query.from,
        to: query.to,
      },
      { before: query.before, limit: query.limit ?? 100 },
    );
    return { ...page, items: page.items.map(toFindingView) };
  }

  async detail(principal: Principal, findingId: string): Promise<FindingDetail> {
    const finding = await this.visible(principal, findingId);
    return { finding: toFindingView(finding), history: (await this.findings.historyOf(findingId)).map(toChangeEntryView) };
  }

  async act(
    principal: Principal,
    findingId: string,
    action: FindingAction,
    body: { revision: number; note?: string; reason?: string; evidence?: FindingEvidence },
  ): Promise<FindingDetail> {
    const finding = await this.visible(principal, findingId);
    assertRevision(finding.revision, body.revision);
    const actor = actorName(principal);
    const now = new Date();
    const change = findingChange(finding, action, body, actor, now);
    const applied = await this.findings.applyOne({
      id: findingId,
      expectedRevision: body.revision,
      set: { ...change.set, updatedAt: now },
      entry: { action: change.action, actor, at: now, asOf: null, note: change.note, decisionId: null, facts: null },
    });
    if (!applied) assertRevision(body.revision + 1, body.revision);
    await closeFindingTask(this.tasks, finding.taskId, change, actor, now);
    await this.audit.record({
      actor,
      action: `${action}-finding`,
      entity: { kind: 'collection-finding', id: findingId },
      orgUnit: finding.orgUnit,
      before: { status: finding.status, revision: finding.revision },
      after: { status: change.status, revision: body.revision + 1 },
      ...(change.note ? { reason: change.note } : {}),
    });
    if (change.status === 'confirmed')
      for (const hook of this.confirmedHooks) await hook({ ...finding, ...change.set, revision: body.revision + 1 } as FindingRecord, actor);
    return this.detail(principal, findingId);
  }

  private async visible(principal: Principal, findingId: string) {
    const finding = await this.findings.find(findingId);
    if (!finding || !(await isVisible(this.scope, principal, finding.orgUnit))) throw new NotFoundError(`No finding "${findingId}"`);
    return finding;
  }
}
