import type { AuditLog } from '../audit/audit.service';
import { HEAD_OFFICE } from '../authority/responsibility';
import type { DataCompleteness } from '../generated/schema-types';
import { UnprocessableError } from '../http/errors';
import { dateFromDay, todayDay } from '../ground/calendar';
import { completeness, type Completeness, type LatestByKind } from './completeness';
import type { CompletenessStore } from './completeness.store';

/** Told the last complete month after a declaration moved it forward, and the one before (null: none was). Must not throw. */
export type MonthsCompleted = (lastCompleteMonth: string, before: string | null) => Promise<void>;

/** The audit log's name for the declaration (a setting of the book, HQ's). */
export const COMPLETENESS_AUDIT_ID = 'portfolio-data-completeness';

/**
 * The date up to which the book's data is complete: derived from what the imports reached, or
 * declared by the importer (with an import or on its own), every declaration in the audit log.
 */
export class CompletenessService {
  private readonly completedListeners: MonthsCompleted[] = [];

  constructor(
    private readonly store: CompletenessStore,
    private readonly audit: AuditLog,
    private readonly today: () => number = () => todayDay(),
  ) {}

  /** Called after a declaration that completes one or more months (the month-end snapshot job is queued so). */
  onMonthsCompleted(listener: MonthsCompleted): void {
    this.completedListeners.push(listener);
  }

  async current(): Promise<Completeness> {
    const { latest, declared } = await this.store.read();
    return completeness(latest, declared);
  }

  async completeThrough(): Promise<string | null> {
    return (await this.current()).dataCompleteThrough;
  }

  /** A committed import's latest dates per kind. */
  async noteImported(latest: LatestByKind): Promise<void> {
    if (Object.keys(latest).length > 0) await this.store.raise(latest);
  }

  /**
   * The importer says the data is complete through a day (null withdraws the declaration, and the
   * derived date applies again). Never a day still to come: data cannot be complete for it.
   */
  async declare(completeThrough: string | null, actor: string, reason?: string): Promise<Completeness> {
    this.assertDeclarable(completeThrough, '/body/completeThrough');
    const stored = await this.store.read();
    const before = stored.declared;
    const completeBefore = completeness(stored.latest, stored.declared).lastCompleteMonth;
    const declaration = completeThrough === null ? null : { completeThrough, declaredBy: actor, declaredAt: new Date(), ...(reason ? { reason } : {}) };
    await this.store.declare(declaration);
    await this.audit.record({
      actor,
      action: completeThrough === null ? 'withdraw-data-complete' : 'declare-data-complete',
      entity: { kind: 'setting', id: COMPLETENESS_AUDIT_ID },
      orgUnit: HEAD_OFFICE,
      before: before ? { completeThrough: before.completeThrough } : null,
      after: declaration ? { completeThrough } : null,
      ...(reason ? { reason } : {}),
    });
    const now = await this.current();
    if (now.lastCompleteMonth !== null && (completeBefore === null || now.lastCompleteMonth > completeBefore))
      for (const listener of this.completedListeners) await listener(now.lastCompleteMonth, completeBefore);
    return now;
  }

  /** Checked before an import that declares, so a bad date refuses the request before any row is read. */
  assertDeclarable(completeThrough: string | null, path: string): void {
    const today = dateFromDay(this.today());
    if (completeThrough !== null && completeThrough > today) {
      throw new UnprocessableError('complete_through_in_future', `Data cannot be complete through ${completeThrough}: today is ${today}`, [
        { path, message: `must not be after today (${today})` },
      ]);
    }
  }
}

export function toCompletenessView(value: Completeness): DataCompleteness {
  return { ...value, declared: value.declared ? { ...value.declared, declaredAt: value.declared.declaredAt.toISOString() } : null };
}
