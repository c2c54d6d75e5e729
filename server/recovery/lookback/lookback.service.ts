import type { Lookback, LookbackList } from '../../generated/schema-types';
import type { AuditLog } from '../../audit/audit.service';
import { assertHeadOffice } from '../../authority/org-scope';
import type { EventOutbox } from '../../events/event-outbox';
import { dateOfMoment } from '../../ground/calendar';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../http/errors';
import { actorName, type Principal } from '../../identity/principal';
import type { NaturalPersons } from '../../identity/natural-person';
import { assertRevision } from '../../monitoring/queue-actions';
import type { PortfolioStore } from '../../portfolio/portfolio.store';
import type { Connection } from '../../store/connection';
import { lookbackFigures, quarterBounds } from './lookback-figures';
import { lookbackInputs } from './lookback-inputs';
import type { LookbackRecord, LookbackStore } from './lookback.store';

export const LOOKBACK_JOB_ACTOR = 'job:recovery-lookback';

/**
 * The quarterly recovery look-back: prepared from the book (by the job, or on demand by HQ),
 * stored per quarter, approved by an approver who did not prepare it (maker-checker), then final;
 * recovery.lookback-ready goes out on approval. It covers the whole book, so only HQ reads it.
 */
export class LookbackService {
  constructor(
    private readonly store: LookbackStore,
    private readonly connection: Connection,
    private readonly portfolio: PortfolioStore,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
    private readonly persons: NaturalPersons,
    private readonly today: () => string = () => dateOfMoment(new Date()),
  ) {}

  /** Computes and stores a quarter that has ended; an approved look-back stays as approved. */
  async prepare(quarter: string, preparedBy: string, path = '/body/quarter'): Promise<{ record: LookbackRecord; changed: boolean }> {
    const bounds = quarterBounds(quarter);
    if (!bounds) throw new ValidationError(`Not a quarter: ${quarter}`, [{ path, message: 'must be YYYY-Qn' }]);
    if (bounds.to >= this.today())
      throw new ValidationError(`The quarter ${quarter} has not ended`, [{ path, message: `ends ${bounds.to}; today is ${this.today()}` }]);
    const { cases, entries, findings } = await lookbackInputs(this.connection, this.portfolio, bounds);
    const result = await this.store.prepare(quarter, lookbackFigures(quarter, cases, entries, findings), preparedBy);
    if (result.changed)
      await this.audit.record({
        actor: preparedBy,
        action: 'recovery-lookback.prepared',
        entity: { kind: 'recovery-lookback', id: quarter },
        orgUnit: 'HQ',
        after: { revision: result.record.revision, cases: result.record.figures.totals.cases },
      });
    return result;
  }

  async prepareByRequest(principal: Principal, quarter: string): Promise<Lookback> {
    assertHeadOffice(principal, 'The recovery look-back covers the whole book: HQ prepares it');
    const { record } = await this.prepare(quarter, actorName(principal));
    if (record.status === 'approved')
      throw new ValidationError(`The look-back of ${quarter} is approved and final`, [{ path: '/body/quarter', message: 'is approved' }]);
    return toLookbackView(record);
  }

  async list(principal: Principal): Promise<LookbackList> {
    assertHeadOffice(principal, 'The recovery look-back covers the whole book: HQ reads it');
    return {
      items: (await this.store.all()).map((record) => ({
        quarter: record._id,
        status: record.status,
        preparedBy: record.preparedBy,
        approvedBy: record.approvedBy,
        revision: record.revision,
      })),
    };
  }

  async get(principal: Principal, quarter: string): Promise<Lookback> {
    assertHeadOffice(principal, 'The recovery look-back covers the whole book: HQ reads it');
    return toLookbackView(await this.existing(quarter));
  }

  /** Maker-checker: not the person who prepared it, nor one it controls or who became an approver after it was prepared. */
  async approve(principal: Principal, quarter: string, body: { revision: number; note?: string }): Promise<Lookback> {
    assertHeadOffice(principal, 'The recovery look-back covers the whole book: HQ approves it');
    const record = await this.existing(quarter);
    assertRevision(record.revision, body.revision);
    if (record.status === 'approved') throw new ConflictError('invalid_state', `The look-back of ${quarter} is already approved`);
    const actor = actorName(principal);
    if (actor === record.preparedBy) throw new ForbiddenError(`${actor} prepared this look-back and cannot approve it (maker-checker)`, 'maker_checker');
    const makers = record.preparedBy === LOOKBACK_JOB_ACTOR ? [] : [record.preparedBy];
    const problem = await this.persons.approvalProblem(principal, { makers, submittedAt: record.preparedAt, createdAt: record.preparedAt });
    if (problem) throw new ForbiddenError(problem.message, problem.code);
    if (!(await this.store.approve(quarter, record.revision, actor, body.note ?? null))) assertRevision(record.revision + 1, body.revision);
    const approved = await this.existing(quarter);
    await this.audit.record({
      actor,
      action: 'recovery-lookback.approved',
      entity: { kind: 'recovery-lookback', id: quarter },
      orgUnit: 'HQ',
      before: { status: 'prepared', revision: record.revision },
      after: { status: 'approved', revision: approved.revision },
      ...(body.note ? { reason: body.note } : {}),
    });
    const { totals, impairment } = approved.figures;
    await this.outbox.publish([
      {
        id: `recovery.lookback-ready:${quarter}`,
        type: 'recovery.lookback-ready',
        orgUnit: 'HQ',
        occurredAt: approved.approvedAt!,
        data: {
          quarter,
          approvedBy: actor,
          cases: totals.cases,
          paid: totals.paidCents / 100,
          recovered: totals.recoveredCents / 100,
          amountRate: totals.amountRate,
          closingAllowance: impairment.closingAllowanceCents / 100,
        },
      },
    ]);
    return toLookbackView(approved);
  }

  private async existing(quarter: string): Promise<LookbackRecord> {
    const record = await this.store.find(quarter);
    if (!record) throw new NotFoundError(`No recovery look-back for ${quarter}`);
    return record;
  }
}

export function toLookbackView(record: LookbackRecord): Lookback {
  return {
    quarter: record._id,
    status: record.status,
    preparedBy: record.preparedBy,
    preparedAt: record.preparedAt.toISOString(),
    approvedBy: record.approvedBy,
    approvedAt: record.approvedAt?.toISOString() ?? null,
    note: record.note,
    revision: record.revision,
    figures: record.figures as Lookback['figures'],
  };
}
