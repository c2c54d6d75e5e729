import type { Collection } from 'mongodb';
import type { Connection } from '../store/connection';
import type { AuditLog } from '../audit/audit.service';
import { assertHeadOffice, assertVisible, type OrgScope } from '../authority/org-scope';
import { HEAD_OFFICE } from '../authority/responsibility';
import type { ComplaintUnitSettings, ComplaintUnitSettingsRequest } from '../generated/schema-types';
import { UnprocessableError, ValidationError } from '../http/errors';
import { actorName, type Principal } from '../identity/principal';
import { assertRevision } from '../monitoring/queue-actions';
import { RevisionedWrites, type HistoryEntry } from '../store/revisioned-records';

interface SettingsRecord {
  _id: string;
  revision: number;
  seniorManager: ComplaintUnitSettingsRequest['seniorManager'];
  department: string;
  internetBusiness: boolean;
  channels: ComplaintUnitSettingsRequest['channels'];
  updatedAt: Date;
  updatedBy: string;
}

/**
 * Each unit's complaint organisation (Art. 24: the senior manager answerable and the complaint
 * department) and the channels it publishes (Art. 25), one document by unit id; set by HQ only,
 * every change against the revision read (history kept, 409 when stale) and audited.
 */
export class ComplaintUnitSettingsService {
  private readonly settings: Collection<SettingsRecord>;
  private readonly writes: RevisionedWrites;

  constructor(
    connection: Connection,
    private readonly scope: OrgScope,
    private readonly audit: AuditLog,
    /** INTERNET_CHANNELS: where set, HQ does internet business (Art. 9), so its online channel is required. */
    private readonly internetChannels: readonly string[],
  ) {
    this.settings = connection.db!.collection<SettingsRecord>('complaint_unit_settings');
    this.writes = new RevisionedWrites(this.settings as never, connection.db!.collection<HistoryEntry>('complaint_unit_settings_history'));
  }

  async get(principal: Principal, orgUnit: string): Promise<ComplaintUnitSettings> {
    await this.assertKnown(orgUnit, '/params/orgUnit');
    await assertVisible(this.scope, principal, orgUnit, { hide: true });
    return viewOf(orgUnit, (await this.settings.findOne({ _id: orgUnit })) ?? undefined);
  }

  async set(principal: Principal, orgUnit: string, request: ComplaintUnitSettingsRequest): Promise<ComplaintUnitSettings> {
    assertHeadOffice(principal, 'Complaint organisation and channels are set by HQ');
    await this.assertKnown(orgUnit, '/params/orgUnit');
    if (Object.keys(request.channels).length === 0)
      throw new ValidationError('A unit publishes at least one complaint channel (Art. 25)', [
        { path: '/body/channels', message: 'needs hotline, mailbox, postalAddress or online' },
      ]);
    const internetBusiness = request.internetBusiness || (orgUnit === HEAD_OFFICE && this.internetChannels.length > 0);
    if (internetBusiness && !request.channels.online)
      throw new ValidationError('A unit doing internet business must publish an online complaint channel (Art. 25)', [
        { path: '/body/channels/online', message: 'is required for a unit doing internet business' },
      ]);
    const before = (await this.settings.findOne({ _id: orgUnit })) ?? undefined;
    assertRevision(before?.revision ?? 0, request.revision ?? 0);
    const actor = actorName(principal);
    const now = new Date();
    const fields = {
      seniorManager: request.seniorManager,
      department: request.department,
      internetBusiness,
      channels: request.channels,
      updatedAt: now,
      updatedBy: actor,
    };
    const entry = { action: before ? 'changed' : 'set', actor, at: now, asOf: null, note: null, decisionId: null, facts: null };
    const written = before
      ? await this.writes.applyOne({ id: orgUnit, expectedRevision: before.revision, set: fields, entry })
      : (await this.writes.insertNew([{ _id: orgUnit, revision: 1, ...fields }], () => entry)).has(orgUnit);
    if (!written) assertRevision((before?.revision ?? 0) + 1, request.revision ?? 0);
    const after = viewOf(orgUnit, { _id: orgUnit, revision: (before?.revision ?? 0) + 1, ...fields });
    await this.audit.record({
      actor,
      action: 'set-complaint-settings',
      entity: { kind: 'complaint-settings', id: orgUnit },
      orgUnit,
      before: before ? viewOf(orgUnit, before) : null,
      after,
    });
    return after;
  }

  private async assertKnown(orgUnit: string, path: string): Promise<void> {
    if (!(await this.scope.unitsWithin(HEAD_OFFICE)).includes(orgUnit))
      throw new UnprocessableError('unknown_org_unit', `No org unit "${orgUnit}"`, [{ path, message: 'is not an org unit' }]);
  }
}

function viewOf(orgUnit: string, record: SettingsRecord | undefined): ComplaintUnitSettings {
  return {
    orgUnit,
    revision: record?.revision ?? 0,
    seniorManager: record?.seniorManager ?? null,
    department: record?.department ?? null,
    internetBusiness: record?.internetBusiness ?? false,
    channels: record?.channels ?? {},
    updatedAt: record ? new Date(record.updatedAt).toISOString() : null,
    updatedBy: record?.updatedBy ?? null,
  };
}
