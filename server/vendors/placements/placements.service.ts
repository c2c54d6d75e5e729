import { randomBytes } from 'node:crypto';
import type { AuditLog } from '../../audit/audit.service';
import { visibleUnits, type OrgScope } from '../../authority/org-scope';
import type { Placement, PlacementList, PlacementQuery, PlacementRecallRequest, PlacementRequest, WorkKind } from '../../generated/schema-types';
import { ConflictError, NotFoundError, UnprocessableError } from '../../http/errors';
import { actorName, type Principal } from '../../identity/principal';
import type { AgencyRegister } from '../agency-register.service';
import type { AgreementService } from '../agreements/agreements.service';
import type { AgreementStore } from '../agreements/agreement.store';
import type { PlaceableKinds } from './placeable-cases';
import type { PlacementRecord, PlacementStore } from './placement.store';
import { toPlacementView } from './placement.views';

/** The work kind a case kind needs the agency to be admitted for. */
const WORK_KIND: Record<PlacementRequest['caseKind'], WorkKind> = { collection: 'collection', recovery: 'recovery' };

/**
 * Placing cases with agencies and recalling them (docs/vendors.md, Placements). A placement is refused
 * (422, one code each) when the agency is not admitted, not admitted for the case's kind of work, has no
 * active agreement covering the case's unit, or its agreements are at capacity. The case keeps a history
 * entry of each placing and recall; the placement record stays after the recall.
 */
export class PlacementService {
  constructor(
    private readonly store: PlacementStore,
    private readonly cases: PlaceableKinds,
    private readonly register: AgencyRegister,
    private readonly agreements: AgreementService,
    private readonly agreementStore: AgreementStore,
    private readonly scope: OrgScope,
    private readonly audit: AuditLog,
  ) {}

  async list(principal: Principal, query: PlacementQuery): Promise<PlacementList> {
    const units = await visibleUnits(this.scope, principal);
    const page = await this.store.page(
      { agencyId: query.agencyId, status: query.status, caseId: query.caseId, orgUnits: units },
      { before: query.before, limit: query.limit ?? 100 },
    );
    return { ...page, items: page.items.map(toPlacementView) };
  }

  async detail(principal: Principal, placementId: string): Promise<Placement> {
    return toPlacementView(await this.visible(principal, placementId));
  }

  async place(principal: Principal, body: PlacementRequest): Promise<Placement> {
    const cases = this.cases[body.caseKind];
    const placeable = await cases.find(body.caseId, principal);
    if (!placeable) throw new NotFoundError(`No ${body.caseKind} case "${body.caseId}" in your scope`);
    if (!placeable.open) throw new ConflictError('invalid_state', `Case "${body.caseId}" is closed: only an open case is placed`);
    if (placeable.placedWith)
      throw new ConflictError('invalid_state', `Case "${body.caseId}" is placed with ${placeable.placedWith}: recall it first`, [
        { path: '/body/caseId', message: `placed with ${placeable.placedWith}` },
      ]);
    const agency = await this.register.require(body.agencyId).catch(() => undefined);
    if (!agency || agency.status !== 'admitted')
      throw new UnprocessableError(
        'agency_not_admitted',
        `Agency ${body.agencyId} is ${agency ? agency.status : 'not in the register'}: it may not receive work`,
        [{ path: '/body/agencyId', message: agency ? `is ${agency.status}` : 'is not in the register' }],
      );
    const workKind = WORK_KIND[body.caseKind];
    if (!agency.workKinds.includes(workKind))
      throw new UnprocessableError('agency_lacks_work_kind', `Agency ${body.agencyId} is not admitted for ${workKind} work`, [
        { path: '/body/agencyId', message: `work kinds are ${agency.workKinds.join(', ')}` },
      ]);
    const covering = await this.agreements.covering(body.agencyId, placeable.orgUnit);
    if (covering.length === 0)
      throw new UnprocessableError('no_agreement', `Agency ${body.agencyId} has no active agreement covering ${placeable.orgUnit}`, [
        { path: '/body/agencyId', message: `no active agreement signed by ${placeable.orgUnit} or a unit above it` },
      ]);
    let agreementId: string | undefined;
    for (const agreement of covering)
      if (await this.agreementStore.takeSlot(agreement._id)) {
        agreementId = agreement._id;
        break;
      }
    if (!agreementId)
      throw new UnprocessableError('agency_at_capacity', `Agency ${body.agencyId} is at capacity under its agreements covering ${placeable.orgUnit}`, [
        { path: '/body/agencyId', message: covering.map((agreement) => `${agreement._id}: ${agreement.capacity} of ${agreement.capacity}`).join('; ') },
      ]);
    const actor = actorName(principal);
    const id = `plc_${randomBytes(8).toString('hex')}`;
    if (!(await cases.mark(placeable, body.agencyId, actor, `placed with ${body.agencyId} (${id})`))) {
      await this.agreementStore.giveBackSlot(agreementId);
      throw new ConflictError('stale_version', `Case "${body.caseId}" changed while it was placed; try again`);
    }
    const now = new Date();
    const record: PlacementRecord = {
      _id: id,
      caseKind: body.caseKind,
      caseId: body.caseId,
      obligorId: placeable.obligorId,
      orgUnit: placeable.orgUnit,
      agencyId: body.agencyId,
      agreementId,
      status: 'open',
      placedBy: actor,
      placedAt: now,
      note: body.note ?? null,
      recalledBy: null,
      recalledAt: null,
      recallReason: null,
      updatedAt: now,
    };
    await this.store.placements.insertOne(record);
    await this.audit.record({
      actor,
      action: 'placement.placed',
      entity: { kind: 'placement', id },
      orgUnit: record.orgUnit,
      after: { caseKind: record.caseKind, caseId: record.caseId, agencyId: record.agencyId, agreementId },
    });
    return toPlacementView(record);
  }

  async recall(principal: Principal, placementId: string, body: PlacementRecallRequest): Promise<Placement> {
    const record = await this.visible(principal, placementId);
    if (record.status !== 'open') throw new ConflictError('invalid_state', `Placement ${placementId} was recalled already`);
    return toPlacementView(await this.recallRecord(record, actorName(principal), body.reason));
  }

  /** Every open placement of an agency, recalled (the exit when an agency is terminated). */
  async recallAllOf(agencyId: string, actor: string, reason: string): Promise<string[]> {
    const recalled: string[] = [];
    for (const record of await this.store.openOf(agencyId)) {
      await this.recallRecord(record, actor, reason);
      recalled.push(record._id);
    }
    return recalled;
  }

  private async recallRecord(record: PlacementRecord, actor: string, reason: string): Promise<PlacementRecord> {
    const cases = this.cases[record.caseKind];
    // The case moves on by the daily run too: read it again when its revision changed meanwhile.
    for (let attempt = 0; attempt < 3; attempt++) {
      const placeable = await cases.find(record.caseId, null);
      if (!placeable || placeable.placedWith !== record.agencyId) break;
      if (await cases.mark(placeable, null, actor, `recalled from ${record.agencyId} (${record._id}): ${reason}`)) break;
    }
    const now = new Date();
    const set = { status: 'recalled' as const, recalledBy: actor, recalledAt: now, recallReason: reason, updatedAt: now };
    const written = await this.store.placements.updateOne({ _id: record._id, status: 'open' }, { $set: set });
    if (written.modifiedCount !== 1) throw new ConflictError('invalid_state', `Placement ${record._id} was recalled already`);
    await this.agreementStore.giveBackSlot(record.agreementId);
    await this.audit.record({
      actor,
      action: 'placement.recalled',
      entity: { kind: 'placement', id: record._id },
      orgUnit: record.orgUnit,
      before: { status: 'open' },
      after: { status: 'recalled', caseId: record.caseId, agencyId: record.agencyId },
      reason,
    });
    return { ...record, ...set };
  }

  private async visible(principal: Principal, placementId: string): Promise<PlacementRecord> {
    const record = await this.store.placements.findOne({ _id: placementId });
    const units = record ? await visibleUnits(this.scope, principal) : undefined;
    if (!record || (units && !units.includes(record.orgUnit))) throw new NotFoundError(`No placement "${placementId}"`);
    return record;
  }
}
