import type { AuditLog } from '../audit/audit.service';
import { assertVisible, type OrgScope } from '../authority/org-scope';
import type { StressFinancials, StressFinancialsRequest } from '../generated/schema-types';
import { centsFromYuan, yuanFromCents } from '../ground/money';
import { ConflictError, NotFoundError, ValidationError, type ErrorDetail } from '../http/errors';
import { actorName, type Principal } from '../identity/principal';
import { financialsId, type StressFinancialsFigures, type StressFinancialsRecord, type StressFinancialsStore } from './stress-financials.store';

const AMOUNTS = [
  ['premiumCollected', 'premiumCollectedCents'],
  ['recoveries', 'recoveriesCents'],
  ['reinsuranceRecoveries', 'reinsuranceRecoveriesCents'],
  ['claimsPaid', 'claimsPaidCents'],
  ['expenses', 'expensesCents'],
  ['cededPremium', 'cededPremiumCents'],
  ['actualCapital', 'actualCapitalCents'],
  ['coreCapital', 'coreCapitalCents'],
  ['minimumCapital', 'minimumCapitalCents'],
] as const;

/** The stress tests' imported financials and capital figures, per org unit and base period: revisioned, audited. */
export class StressFinancialsService {
  constructor(
    private readonly store: StressFinancialsStore,
    private readonly scope: OrgScope,
    private readonly audit: AuditLog,
  ) {}

  async get(principal: Principal, orgUnit: string, period: string): Promise<StressFinancials> {
    await assertVisible(this.scope, principal, orgUnit, { hide: true, what: `financials of "${orgUnit}"` });
    const record = await this.store.find(orgUnit, period);
    if (!record) throw new NotFoundError(`No stress-test financials of ${orgUnit} for ${period}`);
    return toFinancialsView(record);
  }

  /** Creates (revision 0) or replaces (the revision read) a unit's figures for a period; field-level 400s, 409 when stale. */
  async save(principal: Principal, request: StressFinancialsRequest): Promise<StressFinancials> {
    await assertVisible(this.scope, principal, request.orgUnit);
    const figures = figuresOf(request);
    const actor = actorName(principal);
    const now = new Date();
    const entry = {
      action: request.revision === 0 ? 'created' : 'updated',
      actor,
      at: now,
      asOf: null,
      note: request.note ?? null,
      decisionId: null,
      facts: null,
    };
    const id = financialsId(request.orgUnit, request.period);
    const before = await this.store.find(request.orgUnit, request.period);
    const stored =
      request.revision === 0
        ? await this.store.insert(
            { _id: id, orgUnit: request.orgUnit, period: request.period, ...figures, revision: 1, updatedBy: actor, updatedAt: now },
            entry,
          )
        : before !== undefined &&
          before.revision === request.revision &&
          (await this.store.update(id, request.revision, { ...figures, updatedBy: actor, updatedAt: now }, entry));
    const after = await this.store.find(request.orgUnit, request.period);
    if (!stored || !after) {
      const current = before?.revision ?? 0;
      throw new ConflictError(
        'stale_version',
        `The financials of ${request.orgUnit} for ${request.period} are at revision ${current}, not ${request.revision}`,
        [{ path: '/body/revision', message: `is stale; the current revision is ${current}`, currentRevision: current }],
      );
    }
    await this.audit.record({
      actor,
      action: `stress-financials.${entry.action}`,
      entity: { kind: 'stress-financials', id },
      orgUnit: request.orgUnit,
      ...(before ? { before: { revision: before.revision, ...figuresOnly(before) } } : {}),
      after: { revision: after.revision, ...figures },
      ...(request.note ? { reason: request.note } : {}),
    });
    return toFinancialsView(after);
  }
}

function figuresOf(request: StressFinancialsRequest): StressFinancialsFigures {
  const problems: ErrorDetail[] = [];
  const cents: Record<string, number> = {};
  for (const [field, stored] of AMOUNTS) {
    const value = centsFromYuan(request[field]);
    if (value === undefined) problems.push({ path: `/body/${field}`, message: 'has more than two decimals' });
    cents[stored] = value ?? 0;
  }
  if (cents.minimumCapitalCents! <= 0) problems.push({ path: '/body/minimumCapital', message: 'must be above zero (the solvency ratios divide by it)' });
  if (cents.coreCapitalCents! > cents.actualCapitalCents!) problems.push({ path: '/body/coreCapital', message: 'is above the actual capital' });
  if (problems.length > 0) throw new ValidationError('The financials do not add up', problems);
  return { ...(cents as Omit<StressFinancialsFigures, 'taxRateBp' | 'note'>), taxRateBp: Math.round(request.taxRatePercent * 100), note: request.note ?? null };
}

function figuresOnly(record: StressFinancialsRecord): StressFinancialsFigures {
  const { _id: _id, orgUnit: _unit, period: _period, revision: _revision, updatedBy: _by, updatedAt: _at, ...figures } = record;
  return figures;
}

export function toFinancialsView(record: StressFinancialsRecord): StressFinancials {
  const view: Record<string, unknown> = {};
  for (const [field, stored] of AMOUNTS) view[field] = yuanFromCents(record[stored]);
  return {
    orgUnit: record.orgUnit,
    period: record.period,
    revision: record.revision,
    ...(view as Pick<StressFinancials, (typeof AMOUNTS)[number][0]>),
    taxRatePercent: record.taxRateBp / 100,
    note: record.note,
    updatedBy: record.updatedBy,
    updatedAt: record.updatedAt.toISOString(),
  };
}
