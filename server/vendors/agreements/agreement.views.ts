import type { Agreement, AgreementTemplate } from '../../generated/schema-types';
import type { AgreementRecord, AgreementTemplateRecord } from './agreement.store';

const iso = (date: Date) => new Date(date).toISOString();

export function toTemplateView(record: AgreementTemplateRecord): AgreementTemplate {
  return {
    templateId: record._id,
    title: record.title,
    revision: record.revision,
    versions: record.versions.map((version) => ({ ...version, createdAt: iso(version.createdAt) })),
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
  };
}

export function toAgreementView(record: AgreementRecord): Agreement {
  const { _id, consent, history, createdAt, updatedAt, ...rest } = record;
  return {
    agreementId: _id,
    ...rest,
    consent: consent ? { ...consent, at: iso(consent.at) } : null,
    history: history.map((entry) => ({ ...entry, at: iso(entry.at) })),
    createdAt: iso(createdAt),
    updatedAt: iso(updatedAt),
  };
}
