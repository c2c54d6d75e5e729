import { randomBytes } from 'node:crypto';
import type { AuditLog } from '../../audit/audit.service';
import { assertHeadOffice, assertVisible, type OrgScope } from '../../authority/org-scope';
import { HEAD_OFFICE } from '../../authority/responsibility';
import type {
  Agreement,
  AgreementConsentRequest,
  AgreementList,
  AgreementSignRequest,
  AgreementTemplate,
  AgreementTemplateCreateRequest,
  AgreementTemplateList,
  AgreementTemplateReviseRequest,
} from '../../generated/schema-types';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError, ValidationError, type ErrorDetail } from '../../http/errors';
import type { NaturalPersons } from '../../identity/natural-person';
import { actorName, type Principal } from '../../identity/principal';
import { assertRevision } from '../../monitoring/queue-actions';
import { approvalProblem } from '../../rulesets/ruleset.lifecycle';
import type { AgencyRegister } from '../agency-register.service';
import type { AgreementRecord, AgreementStore } from './agreement.store';
import { toAgreementView, toTemplateView } from './agreement.views';

const HQ_TEMPLATES = 'Agreement templates are HQ’s: branches sign agreements on them, only HQ writes them';
const HQ_CONSENT = 'Only HQ consents to a branch’s agreement';

/**
 * Agreements with agencies (docs/vendors.md, Agreements): HQ's versioned templates, and agreements a
 * unit signs with an admitted agency on one template version. An HQ agreement is active when signed;
 * a branch's waits for HQ's consent (a different person with the approver role) and is inactive until
 * then, and for good when refused. An active agreement covers its unit and every unit below it.
 */
export class AgreementService {
  constructor(
    private readonly store: AgreementStore,
    private readonly register: AgencyRegister,
    private readonly scope: OrgScope,
    private readonly audit: AuditLog,
    private readonly persons: NaturalPersons,
    private readonly today: () => string,
  ) {}

  async templates(): Promise<AgreementTemplateList> {
    return { items: (await this.store.templates.find({}).sort({ _id: 1 }).toArray()).map(toTemplateView) };
  }

  async template(templateId: string): Promise<AgreementTemplate> {
    const found = await this.store.templates.findOne({ _id: templateId });
    if (!found) throw new NotFoundError(`No agreement template "${templateId}"`);
    return toTemplateView(found);
  }

  async createTemplate(principal: Principal, body: AgreementTemplateCreateRequest): Promise<AgreementTemplate> {
    assertHeadOffice(principal, HQ_TEMPLATES);
    const now = new Date();
    const actor = actorName(principal);
    const record = {
      _id: body.templateId,
      title: body.title,
      revision: 1,
      versions: [{ version: 1, content: body.content, createdBy: actor, createdAt: now, note: null }],
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.store.templates.insertOne(record);
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      throw new ConflictError('invalid_state', `Agreement template "${body.templateId}" exists: revise it instead`, [
        { path: '/body/templateId', message: 'exists already' },
      ]);
    }
    await this.audit.record({
      actor,
      action: 'agreement-template.created',
      entity: { kind: 'agreement-template', id: record._id },
      orgUnit: HEAD_OFFICE,
      after: { title: record.title, version: 1 },
    });
    return toTemplateView(record);
  }

  /** A new version; agreements signed on older versions keep theirs. A stale revision is 409. */
  async reviseTemplate(principal: Principal, templateId: string, body: AgreementTemplateReviseRequest): Promise<AgreementTemplate> {
    assertHeadOffice(principal, HQ_TEMPLATES);
    const current = await this.store.templates.findOne({ _id: templateId });
    if (!current) throw new NotFoundError(`No agreement template "${templateId}"`);
    assertRevision(current.revision, body.revision);
    const now = new Date();
    const actor = actorName(principal);
    const version = { version: current.revision + 1, content: body.content, createdBy: actor, createdAt: now, note: body.note ?? null };
    const written = await this.store.templates.updateOne(
      { _id: templateId, revision: body.revision },
      { $push: { versions: version }, $set: { revision: version.version, title: body.title ?? current.title, updatedAt: now } },
    );
    if (written.modifiedCount !== 1) assertRevision(body.revision + 1, body.revision);
    await this.audit.record({
      actor,
      action: 'agreement-template.revised',
      entity: { kind: 'agreement-template', id: templateId },
      orgUnit: HEAD_OFFICE,
      before: { version: current.revision },
      after: { version: version.version, note: version.note },
    });
    return this.template(templateId);
  }

  async ofAgency(agencyId: string): Promise<AgreementList> {
    await this.register.require(agencyId);
    return { items: (await this.store.agreements.find({ agencyId }).sort({ createdAt: 1 }).toArray()).map(toAgreementView) };
  }

  async sign(principal: Principal, agencyId: string, body: AgreementSignRequest): Promise<Agreement> {
    await assertVisible(this.scope, principal, body.orgUnit, { what: 'org unit' });
    const agency = await this.register.require(agencyId);
    const template = await this.store.templates.findOne({ _id: body.templateId });
    const problems: ErrorDetail[] = [];
    if (!template) problems.push({ path: '/body/templateId', message: `no agreement template "${body.templateId}"` });
    else if (!template.versions.some((version) => version.version === body.templateVersion))
      problems.push({ path: '/body/templateVersion', message: `template "${body.templateId}" has versions 1 to ${template.revision}` });
    if (body.validTo !== undefined && body.validTo < body.validFrom)
      problems.push({ path: '/body/validTo', message: `must not be before validFrom (${body.validFrom})` });
    if (body.signedOn > this.today()) problems.push({ path: '/body/signedOn', message: `must not be after today (${this.today()})` });
    if (problems.length > 0) throw new ValidationError('The agreement is invalid', problems);
    if (agency.status !== 'admitted')
      throw new UnprocessableError('agency_not_admitted', `Agency ${agencyId} is ${agency.status}: only an admitted agency signs an agreement (Art. 21)`, [
        { path: '/agencyId', message: `is ${agency.status}` },
      ]);
    const now = new Date();
    const actor = actorName(principal);
    const hq = body.orgUnit === HEAD_OFFICE;
    const record: AgreementRecord = {
      _id: `agr_${randomBytes(8).toString('hex')}`,
      agencyId,
      orgUnit: body.orgUnit,
      templateId: body.templateId,
      templateVersion: body.templateVersion,
      signedOn: body.signedOn,
      validFrom: body.validFrom,
      validTo: body.validTo ?? null,
      capacity: body.capacity,
      openPlacements: 0,
      reference: body.reference ?? null,
      status: hq ? 'active' : 'awaiting-consent',
      signedBy: actor,
      consent: null,
      history: [{ action: 'signed', actor, at: now, note: hq ? 'HQ agreement: active' : 'a branch’s agreement: waiting for HQ’s consent' }],
      revision: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.agreements.insertOne(record);
    await this.audit.record({
      actor,
      action: 'agreement.signed',
      entity: { kind: 'agreement', id: record._id },
      orgUnit: record.orgUnit,
      after: { agencyId, template: `${record.templateId}@${record.templateVersion}`, capacity: record.capacity, status: record.status },
    });
    return toAgreementView(record);
  }

  consent(principal: Principal, agreementId: string, body: AgreementConsentRequest): Promise<Agreement> {
    return this.decide(principal, agreementId, body, 'consented');
  }

  refuse(principal: Principal, agreementId: string, body: AgreementConsentRequest): Promise<Agreement> {
    return this.decide(principal, agreementId, body, 'refused');
  }

  /** The active agreements of an agency covering a unit (signed by it or a unit above it) and in force today, nearest unit first. */
  async covering(agencyId: string, orgUnit: string): Promise<AgreementRecord[]> {
    const today = this.today();
    const found: { record: AgreementRecord; depth: number }[] = [];
    for (const record of await this.store.agreements.find({ agencyId }).toArray()) {
      if (record.status !== 'active' || record.validFrom > today || (record.validTo !== null && record.validTo < today)) continue;
      if (!(await this.scope.contains(record.orgUnit, orgUnit))) continue;
      found.push({ record, depth: (await this.scope.unitsWithin(record.orgUnit)).length });
    }
    // The smallest subtree is the nearest signer: a branch's own agreement is used before HQ's.
    return found.sort((a, b) => a.depth - b.depth).map(({ record }) => record);
  }

  private async decide(principal: Principal, agreementId: string, body: AgreementConsentRequest, decision: 'consented' | 'refused'): Promise<Agreement> {
    assertHeadOffice(principal, HQ_CONSENT);
    const record = await this.store.agreements.findOne({ _id: agreementId });
    if (!record) throw new NotFoundError(`No agreement "${agreementId}"`);
    assertRevision(record.revision, body.revision);
    if (record.status !== 'awaiting-consent')
      throw new ConflictError('invalid_state', `Agreement ${agreementId} is ${record.status}: only a branch’s agreement waiting for consent is decided`, [
        { path: '/status', message: `is ${record.status}` },
      ]);
    const actor = actorName(principal);
    const problem = approvalProblem({ name: actor, roles: principal.roles }, [record.signedBy], decision === 'consented' ? 'approve' : 'reject');
    if (problem) throw new ForbiddenError(problem, 'maker_checker');
    if (decision === 'consented') {
      const person = await this.persons.approvalProblem(principal, { makers: [record.signedBy], submittedAt: record.createdAt, createdAt: record.createdAt });
      if (person) throw new ForbiddenError(person.message, person.code);
    }
    const now = new Date();
    const status = decision === 'consented' ? 'active' : 'refused';
    const note = body.note ?? null;
    const written = await this.store.agreements.updateOne(
      { _id: agreementId, revision: body.revision },
      {
        $set: { status, consent: { decision, by: actor, at: now, note }, revision: body.revision + 1, updatedAt: now },
        $push: { history: { action: decision, actor, at: now, note } },
      },
    );
    if (written.modifiedCount !== 1) assertRevision(body.revision + 1, body.revision);
    await this.audit.record({
      actor,
      action: `agreement.${decision}`,
      entity: { kind: 'agreement', id: agreementId },
      orgUnit: record.orgUnit,
      before: { status: record.status, revision: record.revision },
      after: { status, revision: body.revision + 1 },
      ...(note ? { reason: note } : {}),
    });
    return toAgreementView((await this.store.agreements.findOne({ _id: agreementId }))!);
  }
}
