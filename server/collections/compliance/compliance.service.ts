import { assertVisible, type OrgScope } from '../../authority/org-scope';
import type { ComplianceQuery, ComplianceReport } from '../../generated/schema-types';
import { ValidationError } from '../../http/errors';
import type { Principal } from '../../identity/principal';
import { addDays, daysBetween, MAX_RANGE_DAYS, summarize } from './compliance-report.pure';
import type { ComplianceStore } from './compliance.store';

/** The default range: the last 30 days to today (UTC). */
const DEFAULT_DAYS = 30;

/**
 * The compliance dashboard of the caller's unit and the units below it (or of one unit within
 * that scope): the stored counts of the range, summed. HQ sees all; an orgUnit outside the
 * caller's scope is 403; a range longer than MAX_RANGE_DAYS, or ending before it starts, is 400.
 */
export class ComplianceService {
  constructor(
    private readonly store: ComplianceStore,
    private readonly scope: OrgScope,
  ) {}

  async report(principal: Principal, query: ComplianceQuery): Promise<ComplianceReport> {
    const to = query.to ?? (query.from ? addDays(query.from, DEFAULT_DAYS - 1) : new Date().toISOString().slice(0, 10));
    const from = query.from ?? addDays(to, -(DEFAULT_DAYS - 1));
    if (from > to) throw new ValidationError('The query is invalid', [{ path: '/query/to', message: `must not be before from (${from})` }]);
    const days = daysBetween(from, to);
    if (days > MAX_RANGE_DAYS)
      throw new ValidationError('The query is invalid', [
        { path: '/query/from', message: `the range is ${days} days; at most ${MAX_RANGE_DAYS} days (from ${from} to ${to})` },
      ]);
    if (query.orgUnit !== undefined) await assertVisible(this.scope, principal, query.orgUnit);
    const orgUnit = query.orgUnit ?? principal.orgUnit;
    const counts = await this.store.read(await this.scope.unitsWithin(orgUnit), from, to);
    return summarize(counts, { from, to, groupBy: query.groupBy ?? 'day', orgUnit });
  }
}
