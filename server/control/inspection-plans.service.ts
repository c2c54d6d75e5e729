import type { AuditLog } from '../audit/audit.service';
import { visibleUnits, unitFilter, type OrgScope } from '../authority/org-scope';
import { HEAD_OFFICE } from '../authority/responsibility';
import type {
  ControlRevisionRequest,
  InspectionPlanDetail,
  InspectionPlanList,
  InspectionPlanQuery,
  InspectionPlanRequest,
  InspectionPlanUpdateRequest,
} from '../generated/schema-types';
import { UnprocessableError, ValidationError } from '../http/errors';
import type { Principal } from '../identity/principal';
import { toChangeEntryView } from '../monitoring/queue.views';
import type { InspectionPlanRecord } from './control.model';
import { toPlanView } from './control.views';
import { PlanDrafts } from './plan-drafts';
import type { RevisionedStore } from './revisioned-store';

/**
 * Inspection plans (Art. 34): HQ plans its inspections of the branches (hq-on-branch), a branch plans its
 * self-inspections; each plan names a period, the units and the areas, and is approved under maker-checker.
 */
export class InspectionPlansService {
  readonly drafts: PlanDrafts<InspectionPlanRecord, Pick<InspectionPlanRecord, 'period' | 'title' | 'units' | 'areas'>>;

  constructor(
    private readonly store: RevisionedStore<InspectionPlanRecord>,
    private readonly scope: OrgScope,
    audit: AuditLog,
  ) {
    this.drafts = new PlanDrafts<InspectionPlanRecord, Pick<InspectionPlanRecord, 'period' | 'title' | 'units' | 'areas'>>(
      store,
      scope,
      audit,
      'inspection-plan',
      'IP',
      ({ period, title, units, areas }) => ({ period, title, units, areas }),
    );
  }

  async create(principal: Principal, body: InspectionPlanRequest): Promise<InspectionPlanDetail> {
    const orgUnit = body.orgUnit ?? principal.orgUnit;
    await this.assertUnits(body.kind, orgUnit, body.units);
    const record = await this.drafts.create(principal, orgUnit, {
      kind: body.kind,
      period: body.period,
      title: body.title,
      units: body.units,
      areas: body.areas,
      note: body.note ?? null,
    } as never);
    return this.detail(principal, record._id);
  }

  async revise(principal: Principal, planId: string, body: InspectionPlanUpdateRequest): Promise<InspectionPlanDetail> {
    const plan = await this.drafts.visible(principal, planId);
    await this.assertUnits(plan.kind, plan.orgUnit, body.units);
    const { revision, note, ...fields } = body;
    await this.drafts.revise(principal, planId, revision, { ...fields, note: note ?? null }, note ?? null);
    return this.detail(principal, planId);
  }

  async approve(principal: Principal, planId: string, body: ControlRevisionRequest): Promise<InspectionPlanDetail> {
    await this.drafts.approve(principal, planId, body.revision, body.note ?? null);
    return this.detail(principal, planId);
  }

  async detail(principal: Principal, planId: string): Promise<InspectionPlanDetail> {
    const plan = await this.drafts.visible(principal, planId);
    return { plan: toPlanView(plan), history: (await this.drafts.historyOf(planId)).map(toChangeEntryView) };
  }

  async list(principal: Principal, query: InspectionPlanQuery): Promise<InspectionPlanList> {
    const filter = unitFilter(await visibleUnits(this.scope, principal, query.orgUnit));
    const page = await this.store.page(filter, { before: query.before, limit: query.limit ?? 100 });
    return { ...page, items: page.items.map(toPlanView) };
  }

  /**
   * An hq-on-branch plan is HQ's and names units below HQ; a self-inspection plan is a branch's own and names the
   * branch or units below it. Every unit must exist (422 unknown_org_unit).
   */
  private async assertUnits(kind: InspectionPlanRecord['kind'], orgUnit: string, units: readonly string[]): Promise<void> {
    if (kind === 'hq-on-branch' && orgUnit !== HEAD_OFFICE)
      throw new ValidationError('HQ plans the inspections of its branches', [{ path: '/body/orgUnit', message: 'must be HQ for an hq-on-branch plan' }]);
    if (kind === 'self-inspection' && orgUnit === HEAD_OFFICE)
      throw new ValidationError('A self-inspection is planned by the branch itself', [{ path: '/body/orgUnit', message: 'must be a branch' }]);
    const within = new Set(await this.scope.unitsWithin(orgUnit));
    units.forEach((unit, index) => {
      if (!within.has(unit))
        throw new UnprocessableError('unknown_org_unit', `No org unit "${unit}" within ${orgUnit}`, [
          { path: `/body/units/${index}`, message: `is not an org unit within ${orgUnit}` },
        ]);
      if (kind === 'hq-on-branch' && unit === HEAD_OFFICE)
        throw new ValidationError('HQ inspects its branches, not itself', [{ path: `/body/units/${index}`, message: 'must be a unit below HQ' }]);
    });
  }
}
