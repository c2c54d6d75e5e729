import type { AuditLog } from '../../audit/audit.service';
import { isVisible, visibleUnits, type OrgScope } from '../../authority/org-scope';
import type { EventOutbox } from '../../events/event-outbox';
import type { QaItem, QaList, QaQuery, QaReviewRequest, QaTakeRequest } from '../../generated/schema-types';
import { ConflictError, NotFoundError } from '../../http/errors';
import type { Principal } from '../../identity/principal';
import { assertRevision } from '../../monitoring/queue-actions';
import { maskPersonalFields } from '../../privacy/masking';
import { actorName } from '../../rulesets/ruleset.service';
import { findingRaisedEvent } from '../findings/finding-events';
import type { FindingRecord } from '../findings/finding.model';
import type { FindingStore } from '../findings/finding.store';
import type { QaItemRecord } from './qa-item.model';
import { counterIncrements } from './qa-sampling.service';
import type { QaStore } from './qa.store';
import { toQaItemView } from './qa.views';

/** The Art. 13 articles a tag's finding is judged against (the basis on the finding). */
const QA_BASIS = 'Art. 13; Art. 11 (QA review of a collection record)';

/**
 * The QA queue as reviewers work it: lists within the caller's unit and below (an item outside it
 * is 404), take or assign a sample, and review it — clean, or a finding with Art. 13 tags,
 * severity and evidence stored in the one findings register (source qa-review, id `qa:<activityId>`)
 * and published as collection.finding. Every change names the revision read: two reviewers sending
 * a review of one sample at once get one 200 and one 409. Reviews change no policy or money, so no
 * maker-checker; the audit log records each.
 */
export class QaReviewService {
  constructor(
    private readonly store: QaStore,
    private readonly findings: FindingStore,
    private readonly scope: OrgScope,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
  ) {}

  async list(principal: Principal, query: QaQuery): Promise<QaList> {
    const page = await this.store.page(
      {
        orgUnits: await visibleUnits(this.scope, principal, query.orgUnit),
        status: query.status,
        team: query.team,
        agentId: query.agentId,
        priority: query.priority,
        assignee: query.assignee === 'me' ? actorName(principal) : query.assignee,
      },
      { before: query.before, limit: query.limit ?? 100 },
    );
    return { ...page, items: page.items.map(toQaItemView) };
  }

  async detail(principal: Principal, activityId: string): Promise<QaItem> {
    return toQaItemView(await this.visible(principal, activityId));
  }

  async take(principal: Principal, activityId: string, body: QaTakeRequest): Promise<QaItem> {
    const item = await this.visible(principal, activityId);
    assertRevision(item.revision, body.revision);
    if (item.status === 'reviewed') throw new ConflictError('invalid_state', 'This sample has been reviewed already', [{ path: '/body', message: 'reviewed' }]);
    const actor = actorName(principal);
    const assignee = body.assignee ?? actor;
    const now = new Date();
    await this.change(item, body.revision, { status: 'taken', assignee, takenAt: now }, assignee === actor ? 'taken' : 'assigned', actor, now, assignee);
    await this.audit.record({
      actor,
      action: 'take-qa-sample',
      entity: { kind: 'collection-qa-sample', id: activityId },
      orgUnit: item.orgUnit,
      before: { status: item.status, assignee: item.assignee, revision: item.revision },
      after: { status: 'taken', assignee, revision: body.revision + 1 },
    });
    return this.detail(principal, activityId);
  }

  async review(principal: Principal, activityId: string, body: QaReviewRequest): Promise<QaItem> {
    const item = await this.visible(principal, activityId);
    assertRevision(item.revision, body.revision);
    if (item.status === 'reviewed') throw new ConflictError('invalid_state', 'This sample has been reviewed already', [{ path: '/body', message: 'reviewed' }]);
    const actor = actorName(principal);
    const now = new Date();
    const evidence = maskPersonalFields({ note: body.evidence.note, references: body.evidence.references ?? [] }) as { note: string; references: string[] };
    const findingId = body.result === 'finding' ? `qa:${activityId}` : null;
    const review: QaItemRecord['review'] = {
      result: body.result,
      findingId,
      tags: body.tags ?? [],
      severity: body.severity ?? null,
      evidence,
      reviewedBy: actor,
      reviewedAt: now,
    };
    // The item's revision is the gate: of two reviews sent at once one wins, the other is 409, and only the winner raises a finding.
    await this.change(
      item,
      body.revision,
      { status: 'reviewed', review, assignee: item.assignee ?? actor },
      body.result === 'clean' ? 'reviewed-clean' : 'reviewed-finding',
      actor,
      now,
      evidence.note,
    );
    if (findingId) await this.raise(item, review!, findingId, actor, now);
    const severity: Record<string, number> = body.severity ? { [`findings.${body.severity}`]: 1 } : { clean: 1 };
    await this.store.count(counterIncrements(item, { reviewed: 1, ...severity }));
    await this.audit.record({
      actor,
      action: 'review-qa-sample',
      entity: { kind: 'collection-qa-sample', id: activityId },
      orgUnit: item.orgUnit,
      before: { status: item.status, revision: item.revision },
      after: { status: 'reviewed', result: body.result, findingId, tags: review!.tags, severity: review!.severity, revision: body.revision + 1 },
      reason: evidence.note,
    });
    return this.detail(principal, activityId);
  }

  private async raise(item: QaItemRecord, review: NonNullable<QaItemRecord['review']>, findingId: string, actor: string, now: Date): Promise<void> {
    const finding: FindingRecord = {
      _id: findingId,
      obligorId: item.obligorId,
      loanId: item.loanId,
      orgUnit: item.orgUnit,
      source: 'qa-review',
      sourceRef: item._id,
      tags: review.tags,
      severity: review.severity!,
      basis: QA_BASIS,
      evidence: {
        references: [item._id, ...(item.recordingReference ? [item.recordingReference] : []), ...review.evidence.references],
        note: review.evidence.note,
      },
      actor: { team: item.team, agentId: item.actor.agentId ?? null, agencyId: item.actor.agencyId ?? null },
      foundOn: now.toISOString().slice(0, 10),
      status: 'open',
      dismissReason: null,
      remediation: null,
      taskId: null,
      revision: 1,
      createdAt: now,
      updatedAt: now,
    };
    const raised = await this.findings.insertNew([finding], () => ({
      action: 'raised',
      actor,
      at: now,
      asOf: null,
      note: QA_BASIS,
      decisionId: null,
      facts: null,
    }));
    if (raised.has(findingId)) await this.outbox.publish([findingRaisedEvent(finding, now)]);
  }

  private async change(item: QaItemRecord, revision: number, set: Partial<QaItemRecord>, action: string, actor: string, now: Date, note: string | null) {
    const applied = await this.store.applyOne({
      id: item._id,
      expectedRevision: revision,
      set: { ...set, updatedAt: now },
      entry: { action, actor, at: now, asOf: null, note, decisionId: null, facts: null },
    });
    if (!applied) assertRevision(revision + 1, revision);
  }

  private async visible(principal: Principal, activityId: string): Promise<QaItemRecord> {
    const item = await this.store.find(activityId);
    if (!item || !(await isVisible(this.scope, principal, item.orgUnit))) throw new NotFoundError(`No QA sample "${activityId}"`);
    return item;
  }
}
