import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../../audit/audit.service';
import { assertHeadOffice } from '../../authority/org-scope';
import { HEAD_OFFICE } from '../../authority/responsibility';
import type { TrainingCreateRequest, TrainingList, TrainingRecord } from '../../generated/schema-types';
import { ValidationError } from '../../http/errors';
import { actorName, type Principal } from '../../identity/principal';
import type { AgencyRegister } from '../agency-register.service';
import type { TrainingDocument, TrainingStore } from './training.store';

const HQ_ONLY = 'Agency training records are HQ’s (Art. 22(5)): branches read them, only HQ records them';

/**
 * Training of the agencies' risk staff (Art. 22(5): 业务技能培训及合规培训): who (a pseudonymous agent or
 * staff id), what course, when, the test result. Recorded by HQ for a registered agency, audited, read by every unit.
 */
export class AgencyTraining {
  constructor(
    private readonly store: TrainingStore,
    private readonly register: AgencyRegister,
    private readonly audit: AuditLog,
    private readonly today: () => string,
  ) {}

  async list(agencyId: string): Promise<TrainingList> {
    await this.register.require(agencyId);
    return { items: (await this.store.ofAgency(agencyId)).map(toTrainingView) };
  }

  async create(principal: Principal, agencyId: string, body: TrainingCreateRequest): Promise<TrainingRecord> {
    assertHeadOffice(principal, HQ_ONLY);
    await this.register.require(agencyId);
    if (body.trainedOn > this.today())
      throw new ValidationError('The body is invalid', [{ path: '/body/trainedOn', message: `must not be after today (${this.today()})` }]);
    const document: TrainingDocument = { _id: randomUUID(), agencyId, ...body, recordedBy: actorName(principal), recordedAt: new Date() };
    await this.store.insert(document);
    await this.audit.record({
      actor: document.recordedBy,
      action: 'agency.training-recorded',
      entity: { kind: 'agency', id: agencyId },
      orgUnit: HEAD_OFFICE,
      after: { trainingId: document._id, trainee: body.trainee, course: body.course, trainedOn: body.trainedOn, passed: body.result.passed },
    });
    return toTrainingView(document);
  }
}

function toTrainingView(document: TrainingDocument): TrainingRecord {
  const { _id, recordedAt, ...rest } = document;
  return { trainingId: _id, ...rest, recordedAt: recordedAt.toISOString() };
}
