import type { Agency, AgencyCheck, ChangeEntry } from '../generated/schema-types';
import { toChangeEntryView } from '../monitoring/queue.views';
import { maskPersonalFields } from '../privacy/masking';
import type { HistoryEntry } from '../store/revisioned-records';
import type { AgencyCheckRecord, AgencyRecord } from './agency.model';

const iso = (date: Date | string) => new Date(date).toISOString();

export function toCheckView(check: AgencyCheckRecord): AgencyCheck {
  return { ...check, recordedAt: iso(check.recordedAt) };
}

/** An agency as the API answers it: the legal representative masked by the privacy home (server/privacy). */
export function toAgencyView(record: AgencyRecord): Agency {
  const admission = record.admission;
  return {
    agencyId: record._id,
    creditCode: record._id,
    agencyName: record.agencyName,
    kind: record.kind,
    workKinds: record.workKinds,
    foundedOn: record.foundedOn,
    bankExperienceMonths: record.bankExperienceMonths,
    phoneTeamSize: record.phoneTeamSize,
    systems: record.systems,
    legalRepresentative: maskPersonalFields(record.legalRepresentative) as Agency['legalRepresentative'],
    status: record.status,
    checks: record.checks.map(toCheckView),
    checksDueOn: record.checksDueOn,
    admission: admission
      ? {
          ...admission,
          checks: admission.checks.map(toCheckView),
          requestedAt: iso(admission.requestedAt),
          decidedAt: admission.decidedAt ? iso(admission.decidedAt) : null,
        }
      : null,
    admittedOn: record.admittedOn,
    rectification: record.rectification,
    revision: record.revision,
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
  };
}

/**
 * A history entry as the API answers it: what the revision set, with the legal representative masked
 * (only its fields: the agency's own name is not personal data, so the whole entry is not passed through the masker).
 */
export function toAgencyChangeView(entry: HistoryEntry): ChangeEntry {
  const set = { ...entry.set };
  if (set.legalRepresentative) set.legalRepresentative = maskPersonalFields(set.legalRepresentative);
  return toChangeEntryView({ ...entry, set });
}
