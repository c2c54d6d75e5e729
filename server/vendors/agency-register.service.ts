import type { AuditLog } from '../audit/audit.service';
import { assertHeadOffice } from '../authority/org-scope';
import type {
  AgencyCheckRequest,
  AgencyCreateRequest,
  AgencyDetail,
  AgencyList,
  AgencyQuery,
  AgencySuspendRequest,
  AgencyTerminateRequest,
  CloseRectificationRequest,
  PublishedAgencyList,
} from '../generated/schema-types';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors';
import { actorName, type Principal } from '../identity/principal';
import { addMonths } from './agency-calendar';
import { checksDueOn } from './admission-facts';
import { assertMayStart } from './agency-transitions';
import type { AgencyWrites } from './agency-writes';
import type { AgencyCheckRecord, AgencyRecord } from './agency.model';
import type { AgencyStore } from './agency.store';
import { toAgencyChangeView, toAgencyView } from './agency.views';
import { creditCodeProblem } from './credit-code';
import type { VendorSettings } from './vendor-settings';

const HQ_ONLY = 'The agency register is HQ’s (Arts 12, 21): branches read it, only HQ changes it';

/**
 * What happens before an agency is terminated. The exit of a later issue item (recalling its open
 * cases, the data-purge attestation) registers here; a hook that throws refuses the termination.
 */
export type TerminationHook = (agency: AgencyRecord, request: { actor: string; reason: string; today: string }) => Promise<void>;

/**
 * The agency register (docs/vendors.md): applications, dated checks, suspension for rectification and
 * its closing, termination, and the reads (every unit reads it; HQ alone changes it). Admission is
 * admission.service.ts.
 */
export class AgencyRegister {
  private readonly terminationHooks: TerminationHook[] = [];

  constructor(
    private readonly agencies: AgencyStore,
    private readonly writes: AgencyWrites,
    private readonly audit: AuditLog,
    private readonly settings: VendorSettings,
    private readonly today: () => string,
  ) {}

  onTerminating(hook: TerminationHook): void {
    this.terminationHooks.push(hook);
  }

  async create(principal: Principal, body: AgencyCreateRequest): Promise<AgencyDetail> {
    assertHeadOffice(principal, HQ_ONLY);
    const details = [];
    const problem = creditCodeProblem(body.creditCode);
    if (problem) details.push({ path: '/body/creditCode', message: problem });
    if (body.foundedOn > this.today()) details.push({ path: '/body/foundedOn', message: `must not be after today (${this.today()})` });
    if (details.length > 0) throw new ValidationError('The body is invalid', details);
    const now = new Date();
    const actor = actorName(principal);
    const record: AgencyRecord = {
      _id: body.creditCode,
      agencyName: body.agencyName,
      kind: body.kind,
      workKinds: body.workKinds,
      foundedOn: body.foundedOn,
      bankExperienceMonths: body.bankExperienceMonths,
      phoneTeamSize: body.phoneTeamSize,
      systems: body.systems,
      legalRepresentative: body.legalRepresentative,
      status: 'applied',
      checks: [],
      checksDueOn: null,
      admission: null,
      admittedOn: null,
      rectification: null,
      revision: 1,
      createdAt: now,
      updatedAt: now,
    };
    const inserted = await this.agencies.insert(record, { action: 'applied', actor, at: now, asOf: null, note: null, decisionId: null, facts: null });
    if (!inserted)
      throw new ConflictError('agency_registered', `An agency with credit code ${body.creditCode} is in the register already`, [
        { path: '/body/creditCode', message: 'is registered already' },
      ]);
    await this.audit.record({
      actor,
      action: 'agency.applied',
      entity: { kind: 'agency', id: record._id },
      orgUnit: 'HQ',
      after: { agencyName: record.agencyName, kind: record.kind, workKinds: record.workKinds, status: record.status, revision: 1 },
    });
    return this.detail(record._id);
  }

  async list(query: AgencyQuery): Promise<AgencyList> {
    const page = await this.agencies.page(
      { status: query.status, kind: query.kind, workKind: query.workKind, awaiting: query.awaiting, checksDueBy: query.checksDueBy },
      { before: query.before, limit: query.limit ?? 100 },
    );
    return { ...page, items: page.items.map(toAgencyView) };
  }

  async detail(agencyId: string): Promise<AgencyDetail> {
    const agency = await this.require(agencyId);
    return { agency: toAgencyView(agency), history: (await this.agencies.historyOf(agencyId)).map(toAgencyChangeView) };
  }

  async published(): Promise<PublishedAgencyList> {
    return {
      items: (await this.agencies.admitted()).map((agency) => ({
        agencyId: agency._id,
        agencyName: agency.agencyName,
        kind: agency.kind,
        workKinds: agency.workKinds,
        admittedOn: agency.admittedOn!,
      })),
    };
  }

  async recordCheck(principal: Principal, agencyId: string, body: AgencyCheckRequest): Promise<AgencyDetail> {
    assertHeadOffice(principal, HQ_ONLY);
    const agency = await this.require(agencyId);
    assertMayStart(agency.status, 'record-check');
    const today = this.today();
    if (body.checkedOn > today) throw new ValidationError('The body is invalid', [{ path: '/body/checkedOn', message: `must not be after today (${today})` }]);
    const check: AgencyCheckRecord = {
      subject: body.subject,
      kind: body.kind,
      result: body.result,
      checkedOn: body.checkedOn,
      expiresOn: addMonths(body.checkedOn, this.settings.checkValidMonths),
      source: body.source,
      evidenceRef: body.evidenceRef,
      recordedBy: actorName(principal),
      recordedAt: new Date(),
    };
    const checks = [...agency.checks, check];
    await this.writes.apply(agency, body.revision, {
      action: 'check-recorded',
      actor: check.recordedBy,
      set: { checks, checksDueOn: checksDueOn(checks, today) },
      note: `${check.subject} ${check.kind}: ${check.result} (${check.source}, ${check.checkedOn})`,
    });
    return this.detail(agencyId);
  }

  async suspend(principal: Principal, agencyId: string, body: AgencySuspendRequest): Promise<AgencyDetail> {
    assertHeadOffice(principal, HQ_ONLY);
    const agency = await this.require(agencyId);
    await this.suspendRecord(agency, body.revision, { actor: actorName(principal), reason: body.reason, asOf: null });
    return this.detail(agencyId);
  }

  /** Suspension for rectification, by a person or by the vendor-checks job (checks past due). */
  async suspendRecord(agency: AgencyRecord, revision: number, by: { actor: string; reason: string; asOf: string | null }): Promise<void> {
    assertMayStart(agency.status, 'suspend');
    const since = by.asOf ?? this.today();
    await this.writes.apply(agency, revision, {
      action: 'suspended',
      actor: by.actor,
      asOf: by.asOf,
      set: { status: 'suspended', rectification: { reason: by.reason, since, by: by.actor, closedOn: null, closedBy: null, outcome: null, evidence: null } },
      note: by.reason,
      event: { type: 'vendor.suspended', reason: by.reason },
    });
  }

  async closeRectification(principal: Principal, agencyId: string, body: CloseRectificationRequest): Promise<AgencyDetail> {
    assertHeadOffice(principal, HQ_ONLY);
    const agency = await this.require(agencyId);
    assertMayStart(agency.status, 'close-rectification');
    const actor = actorName(principal);
    const today = this.today();
    const closed = { ...agency.rectification!, closedOn: today, closedBy: actor, evidence: body.evidence };
    if (body.decision === 'terminate') {
      await this.runTerminationHooks(agency, actor, body.evidence.note, today);
      await this.writes.apply(agency, body.revision, {
        action: 'rectification-closed',
        actor,
        set: { status: 'terminated', rectification: { ...closed, outcome: 'terminated' } },
        note: `terminated: ${body.evidence.note}`,
        event: { type: 'vendor.terminated', reason: `rectification closed: ${body.evidence.note}` },
      });
      return this.detail(agencyId);
    }
    const due = checksDueOn(agency.checks, today);
    if (due === null || due <= today)
      throw new ConflictError('invalid_state', 'The agency’s checks are missing or expired: record them before reinstating it', [
        { path: '/checksDueOn', message: due === null ? 'no checks recorded' : `due since ${due}` },
      ]);
    await this.writes.apply(agency, body.revision, {
      action: 'rectification-closed',
      actor,
      set: { status: 'admitted', checksDueOn: due, rectification: { ...closed, outcome: 'reinstated' } },
      note: `reinstated: ${body.evidence.note}`,
    });
    return this.detail(agencyId);
  }

  async terminate(principal: Principal, agencyId: string, body: AgencyTerminateRequest): Promise<AgencyDetail> {
    assertHeadOffice(principal, HQ_ONLY);
    const agency = await this.require(agencyId);
    assertMayStart(agency.status, 'terminate');
    const actor = actorName(principal);
    await this.runTerminationHooks(agency, actor, body.reason, this.today());
    await this.writes.apply(agency, body.revision, {
      action: 'terminated',
      actor,
      set: { status: 'terminated' },
      note: body.reason,
      event: { type: 'vendor.terminated', reason: body.reason },
    });
    return this.detail(agencyId);
  }

  async require(agencyId: string): Promise<AgencyRecord> {
    const agency = await this.agencies.find(agencyId);
    if (!agency) throw new NotFoundError(`No agency "${agencyId}" in the register`);
    return agency;
  }

  private async runTerminationHooks(agency: AgencyRecord, actor: string, reason: string, today: string): Promise<void> {
    for (const hook of this.terminationHooks) await hook(agency, { actor, reason, today });
  }
}
