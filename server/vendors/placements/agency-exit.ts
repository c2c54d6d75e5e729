import type { Collection } from 'mongodb';
import type { AuditLog } from '../../audit/audit.service';
import { assertHeadOffice } from '../../authority/org-scope';
import { HEAD_OFFICE } from '../../authority/responsibility';
import type { AgencyExit, AgencyExitAttestationRequest } from '../../generated/schema-types';
import { ConflictError, NotFoundError, ValidationError } from '../../http/errors';
import { actorName, type Principal } from '../../identity/principal';
import type { Connection } from '../../store/connection';
import type { TerminationHook } from '../agency-register.service';
import type { PlacementService } from './placements.service';

/** What the platform keeps when an agency leaves: stated on every exit record, because nothing is deleted. */
export const RETAINED =
  'Nothing is deleted: the agency’s collection activities, their recordings (to their retention dates, at least two years, Art. 11), ' +
  'gate decisions, placements, agreements, checks and history stay in the platform as the agreement and the regulation require.';

interface ExitRecord {
  _id: string;
  terminatedOn: string;
  terminatedBy: string;
  reason: string;
  recalledPlacements: string[];
  attestation: (Omit<NonNullable<AgencyExit['attestation']>, 'recordedAt'> & { recordedAt: Date }) | null;
  /** `due` until the attestation is recorded: the follow-up list (GET /vendors?…) reads it by equality. */
  attestationDue: boolean;
}

/**
 * The exit of a terminated agency (docs/vendors.md, Exit): the register's termination hook recalls its
 * open placements and opens the exit record with the data-purge attestation due; HQ records the
 * attestation afterwards (the termination does not wait on the agency's paperwork: its work stops at once).
 */
export class AgencyExits {
  private exits!: Collection<ExitRecord>;

  constructor(
    private readonly connection: Connection,
    private readonly placements: PlacementService,
    private readonly audit: AuditLog,
  ) {}

  async init(): Promise<void> {
    this.exits = this.connection.db!.collection<ExitRecord>('vendor_exits');
    await this.exits.createIndex({ attestationDue: 1 });
  }

  /** The hook the register runs before it writes the termination. */
  readonly onTerminating: TerminationHook = async (agency, request) => {
    const reason = `agency terminated: ${request.reason}`;
    const recalled = await this.placements.recallAllOf(agency._id, request.actor, reason);
    const previous = await this.exits.findOne({ _id: agency._id });
    await this.exits.updateOne(
      { _id: agency._id },
      {
        $set: { terminatedOn: request.today, terminatedBy: request.actor, reason: request.reason, attestationDue: previous?.attestation ? false : true },
        $setOnInsert: { attestation: null },
        $addToSet: { recalledPlacements: { $each: recalled } },
      },
      { upsert: true },
    );
    await this.audit.record({
      actor: request.actor,
      action: 'agency-exit.opened',
      entity: { kind: 'agency-exit', id: agency._id },
      orgUnit: HEAD_OFFICE,
      after: { recalledPlacements: recalled, attestation: 'due' },
      reason: request.reason,
    });
  };

  async get(agencyId: string): Promise<AgencyExit> {
    const record = await this.exits.findOne({ _id: agencyId });
    if (!record) throw new NotFoundError(`Agency ${agencyId} has not been terminated: no exit`);
    return toExitView(record);
  }

  async attest(principal: Principal, agencyId: string, body: AgencyExitAttestationRequest, today: string): Promise<AgencyExit> {
    assertHeadOffice(principal, 'The exit of an agency is HQ’s');
    const record = await this.exits.findOne({ _id: agencyId });
    if (!record) throw new NotFoundError(`Agency ${agencyId} has not been terminated: no exit`);
    if (record.attestation) throw new ConflictError('invalid_state', `Agency ${agencyId}’s data-purge attestation is recorded already`);
    if (body.purgedOn > today)
      throw new ValidationError('The attestation is invalid', [{ path: '/body/purgedOn', message: `must not be after today (${today})` }]);
    const actor = actorName(principal);
    const attestation = { ...body, recordedBy: actor, recordedAt: new Date() };
    const written = await this.exits.updateOne({ _id: agencyId, attestation: null }, { $set: { attestation, attestationDue: false } });
    if (written.modifiedCount !== 1) throw new ConflictError('invalid_state', `Agency ${agencyId}’s data-purge attestation is recorded already`);
    await this.audit.record({
      actor,
      action: 'agency-exit.attested',
      entity: { kind: 'agency-exit', id: agencyId },
      orgUnit: HEAD_OFFICE,
      after: { purged: body.purged, evidence: body.evidence, attestedBy: body.attestedBy, purgedOn: body.purgedOn },
    });
    return this.get(agencyId);
  }
}

function toExitView(record: ExitRecord): AgencyExit {
  const { _id, attestation, attestationDue: _due, ...rest } = record;
  return {
    agencyId: _id,
    ...rest,
    attestation: attestation ? { ...attestation, recordedAt: new Date(attestation.recordedAt).toISOString() } : null,
    retained: RETAINED,
  };
}
