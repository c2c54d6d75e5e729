import type { AuditLog } from '../../audit/audit.service';
import { assertHeadOffice } from '../../authority/org-scope';
import { HEAD_OFFICE } from '../../authority/responsibility';
import type { Scorecard, ScorecardCooperationInput, ScorecardCooperationRequest, ScorecardList, ScorecardRunResult } from '../../generated/schema-types';
import { NotFoundError } from '../../http/errors';
import { actorName, type Principal } from '../../identity/principal';
import type { AgencyRegister } from '../agency-register.service';
import { monthKey } from './scorecard.model';
import type { ScorecardService } from './scorecard.service';
import type { ScorecardStore } from './scorecard.store';
import { toScorecardView } from './scorecard.views';

const HQ_ONLY = 'Agency assessment (Art. 22(2)) is HQ’s: branches read scorecards, only HQ runs and rates them';

/** The month before the one of `today` (YYYY-MM). */
export function previousMonth(today: string): string {
  const [year, month] = today.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 2, 1)).toISOString().slice(0, 7);
}

/** The scorecards as the API serves them: runs on demand (HQ), reads, and HQ's cooperation inputs. */
export class Scorecards {
  constructor(
    private readonly service: ScorecardService,
    private readonly store: ScorecardStore,
    private readonly register: AgencyRegister,
    private readonly audit: AuditLog,
    private readonly today: () => string,
  ) {}

  run(principal: Principal, month: string): Promise<ScorecardRunResult> {
    assertHeadOffice(principal, HQ_ONLY);
    return this.service.runMonth(month, actorName(principal));
  }

  async ofMonth(month: string | undefined): Promise<ScorecardList> {
    return { items: (await this.store.ofMonth(month ?? previousMonth(this.today()))).map(toScorecardView) };
  }

  async ofAgency(agencyId: string): Promise<ScorecardList> {
    await this.register.require(agencyId);
    return { items: (await this.store.ofAgency(agencyId)).map(toScorecardView) };
  }

  async one(agencyId: string, month: string): Promise<Scorecard> {
    const record = await this.store.scorecard(agencyId, month);
    if (!record) throw new NotFoundError(`No scorecard of agency "${agencyId}" for ${month}`);
    return toScorecardView(record);
  }

  async rateCooperation(principal: Principal, agencyId: string, month: string, body: ScorecardCooperationRequest): Promise<ScorecardCooperationInput> {
    assertHeadOffice(principal, HQ_ONLY);
    await this.register.require(agencyId);
    const actor = actorName(principal);
    const input = { averageResponseHours: body.averageResponseHours, dataCompleteness: body.dataCompleteness, rating: body.rating };
    await this.store.putCooperation({ _id: monthKey(agencyId, month), ...input, note: body.note ?? null, enteredBy: actor, enteredAt: new Date() });
    await this.audit.record({
      actor,
      action: 'agency.cooperation-rated',
      entity: { kind: 'agency', id: agencyId },
      orgUnit: HEAD_OFFICE,
      after: { month, ...input },
      ...(body.note ? { reason: body.note } : {}),
    });
    return input;
  }
}
