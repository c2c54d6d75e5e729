import type { CheckRequest, GateCheckResult } from '../../generated/schema-types';
import type { EventOutbox } from '../../events/event-outbox';
import { ConflictError, NotFoundError } from '../../http/errors';
import type { Logger } from '../../logger';
import type { Principal } from '../../identity/principal';
import type { EvaluationService } from '../../rulesets/evaluation.service';
import { VOICE_CHANNELS } from '../activities/activity-rows';
import { DEFAULT_TIME_ZONE, localDayAndTime, momentOf } from '../activities/activity-time';
import type { ContactProfiles } from '../activities/contact-profiles';
import { dayKey, numberKey, reachKey, type CollectionCounters, type DayCounter, type ReachCounter } from '../activities/counters';
import { hashNumber } from '../activities/number-hash';
import { gateFacts, type CounterReading } from './gate-facts';
import { outcomeOf } from './gate-outcome';
import type { CollectionGateSettings } from './gate-settings';
import { assertAgencyActor, vendorStatusOf, type AgencyScope } from './agency-scope';
import type { ObligorUnits } from './obligor-units';
import type { DecidedContact } from '../compliance/compliance-recorder';
import type { GateCheckDocument } from '../timeline/gate-checks';

export const COLLECTION_ACTION = 'collection.action';
/** Reading, deciding and reserving again when another process wrote the counters meanwhile; past this the caller retries. */
const RESERVATION_TRIES = 8;
const THIRD_PARTY_RESTRICTION = 'message-only-no-debt-disclosure' as const;

/**
 * The collection gate: every proposed contact is decided by collection.action for the obligor's
 * responsible unit, on facts the platform computed from its counters and the contact profile,
 * and logged. An allowed contact may reserve its slot under the caps: the reservation is a
 * write conditional on the counters' revision, so two processes cannot both take the last slot.
 */
/** A decision the gate logged, as its listeners see it (no number, no name). */
export interface GateDecision extends DecidedContact {
  decisionId: string;
  /** The moment of the contact asked for. */
  at: Date;
  actor: CheckRequest['actor'];
}
export type DecidedListener = (decision: GateDecision) => Promise<unknown> | void;

export class CollectionGate {
  private readonly decidedListeners: DecidedListener[] = [];

  constructor(
    private readonly evaluation: EvaluationService,
    private readonly counters: CollectionCounters,
    private readonly profiles: ContactProfiles,
    private readonly obligors: ObligorUnits,
    private readonly outbox: EventOutbox,
    private readonly settings: CollectionGateSettings,
    private readonly logger: Logger,
    private readonly agencies: AgencyScope,
    /** Keeps the decisions that stopped a contact by obligor, for the case timeline (server/collections/timeline/gate-checks.ts). */
    private readonly stopped?: { record(check: GateCheckDocument): Promise<void> },
  ) {}

  /**
   * Tells a listener of every decision the gate logged, after it is logged and before the answer: the compliance
   * dashboard's counts, the QA module's blocks per team, agent and agency, the agency scorecards' checks. Listeners run
   * side by side; one that fails is logged and never fails the caller.
   */
  onDecided(listener: DecidedListener): void {
    this.decidedListeners.push(listener);
  }

  async check(request: CheckRequest, principal: Principal): Promise<GateCheckResult> {
    const now = new Date();
    // An agency's key acts only as its agency, and only for obligors whose open case is placed with it (else 404, as out of scope).
    const keyAgency = principal.agencyId;
    if (keyAgency) assertAgencyActor(request.actor, keyAgency, '/body/actor');
    const actorAgency = request.actor.type === 'agency' ? request.actor.agencyId : undefined;
    const moment = request.at !== undefined ? momentOf(request.at, '/body/at', now, this.settings.clockSkewMs) : now;
    const voice = VOICE_CHANNELS.has(request.channel);
    const numberHash = request.phoneNumber !== undefined && voice ? hashNumber(request.phoneNumber, this.settings.numberSecret).hash : undefined;
    const keysOf = (day: string) => ({
      day: dayKey(request.obligorId, day),
      reach: reachKey(request.obligorId),
      ...(numberHash ? { number: numberKey(numberHash, day) } : {}),
    });
    // One round of reads side by side: the counters are read for the day in the usual time zone
    // and read again only when the obligor's profile names another zone with another day.
    const usual = localDayAndTime(moment, DEFAULT_TIME_ZONE);
    const [obligor, profile, usualRead, registered, placed] = await Promise.all([
      this.obligors.loansOfOne(request.obligorId),
      this.profiles.get(request.obligorId),
      this.counters.read(Object.values(keysOf(usual.day))),
      actorAgency ? this.agencies.agencyStatus(actorAgency) : undefined,
      keyAgency ? this.agencies.placedObligors(keyAgency, [request.obligorId]) : undefined,
    ]);
    const orgUnit = await this.obligors.unitFor(obligor, request.loanId, principal);
    if (!orgUnit || (placed && !placed.has(request.obligorId)))
      throw new NotFoundError(`Nothing is known about obligor "${request.obligorId}" in your share of the book`, 'unknown_obligor');
    const { day, time } = localDayAndTime(moment, profile.timeZone);
    const keys = keysOf(day);
    let read: Map<string, DayCounter & ReachCounter> | undefined = day === usual.day ? usualRead : undefined;
    for (let attempt = 0; attempt < RESERVATION_TRIES; attempt++) {
      read ??= await this.counters.read(Object.values(keys));
      const reading: CounterReading = { day: read.get(keys.day), reach: read.get(keys.reach), ...(keys.number ? { number: read.get(keys.number) } : {}) };
      // A debtor who never answers grows the list of failures: it is trimmed here, beside the answer.
      void this.counters.pruneIfCrowded(reading.reach).catch((error: unknown) => this.logger.warn({ err: error }, 'reachability counter not pruned'));
      const vendorStatus = vendorStatusOf(registered, this.settings.agencyStatuses.get(actorAgency ?? ''));
      const facts = gateFacts(request, { obligorId: request.obligorId, orgUnit, localTime: time, profile, reading, now, vendorStatus });
      const decided = await this.evaluation.decideForUnit(COLLECTION_ACTION, orgUnit, facts, principal);
      const { outcome, reasons } = outcomeOf(decided.events);
      let reservation: GateCheckResult['reservation'];
      if (outcome === 'allow' && request.reserve === true && voice) {
        const expiresAt = new Date(now.getTime() + this.settings.reservationMs);
        const held: { key: string; read: DayCounter | undefined }[] = [{ key: keys.day, read: reading.day }];
        if (keys.number) held.push({ key: keys.number, read: reading.number });
        if (!(await this.counters.reserve(held, { decisionId: decided.decision.decisionId, expiresAt }, now))) {
          read = undefined;
          continue;
        }
        reservation = { expiresAt: expiresAt.toISOString() };
      }
      await decided.log();
      await this.tellDecided({ decisionId: decided.decision.decisionId, orgUnit, day, at: moment, outcome, reasons, actor: request.actor });
      if (outcome === 'block') await this.publishBlocked(request, decided.decision.decisionId, orgUnit, moment, reasons);
      const restrictions: GateCheckResult['restrictions'] = outcome !== 'block' && request.target.type === 'third-party' ? [THIRD_PARTY_RESTRICTION] : [];
      if (outcome !== 'allow')
        await this.stopped?.record({
          _id: decided.decision.decisionId,
          obligorId: request.obligorId,
          orgUnit,
          at: moment,
          outcome,
          reasons,
          restrictions,
          channel: request.channel,
          targetType: request.target.type,
          actor: request.actor,
          decidedAt: now,
        });
      return {
        decisionId: decided.decision.decisionId,
        outcome,
        reasons,
        restrictions,
        ...(reservation ? { reservation } : {}),
        facts,
      };
    }
    throw new ConflictError('stale_version', 'The counters of this debtor kept changing while the slot was reserved; check again');
  }

  private async tellDecided(decision: GateDecision): Promise<void> {
    const results = await Promise.allSettled(this.decidedListeners.map(async (listener) => listener(decision)));
    for (const result of results) if (result.status === 'rejected') this.logger.warn({ err: result.reason }, 'a listener of gate decisions failed');
  }

  /** collection.blocked: ids and reasons only, never the number or a name. A failed hand-over is retried by maintenance, not the caller. */
  private async publishBlocked(request: CheckRequest, decisionId: string, orgUnit: string, at: Date, reasons: GateCheckResult['reasons']): Promise<void> {
    const event = {
      id: `collection.blocked:${decisionId}`,
      type: 'collection.blocked' as const,
      orgUnit,
      occurredAt: new Date(),
      data: {
        decisionId,
        obligorId: request.obligorId,
        ...(request.loanId ? { loanId: request.loanId } : {}),
        channel: request.channel,
        targetType: request.target.type,
        actor: request.actor,
        reasons: reasons.map((reason) => reason.reason),
        at: at.toISOString(),
      },
    };
    try {
      await this.outbox.publish([event]);
    } catch (error) {
      this.logger.warn({ err: error, decisionId }, 'collection.blocked not recorded in the outbox');
    }
  }
}
