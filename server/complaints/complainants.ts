import type { Collection } from 'mongodb';
import type { Connection } from '../store/connection';
import type { ComplaintComplainant } from '../generated/schema-types';
import { MASK } from '../privacy/masking';
import { SecretBox } from '../webhooks/webhook-secrets';

interface SealedComplainant {
  _id: string;
  sealed: string;
}

/**
 * The complainant's personal data (Art. 31): sealed (AES-256-GCM) in a collection of its own, by
 * complaint number, so neither the complaint, its history, the audit log, a webhook nor a log line
 * ever holds it; the complaint keeps masked forms for the screen. The schema marks the fields
 * x-personal-data, so the logger redacts them from any request logged (server/privacy).
 */
export class Complainants {
  private readonly sealed: Collection<SealedComplainant>;
  private readonly box: SecretBox;

  constructor(connection: Connection, keyMaterial: string) {
    this.sealed = connection.db!.collection<SealedComplainant>('complaint_complainants');
    // A key of its own, derived apart from the webhook secrets' key.
    this.box = new SecretBox(`complainants|${keyMaterial}`);
  }

  async store(complaintId: string, complainant: ComplaintComplainant): Promise<void> {
    await this.sealed.updateOne({ _id: complaintId }, { $set: { sealed: this.box.seal(JSON.stringify(complainant)) } }, { upsert: true });
  }

  /** For the feedback and the call-back: the complainant's contact, opened on purpose (never returned by the complaint's own reads). */
  async open(complaintId: string): Promise<ComplaintComplainant | undefined> {
    const found = await this.sealed.findOne({ _id: complaintId });
    return found ? (JSON.parse(this.box.open(found.sealed)) as ComplaintComplainant) : undefined;
  }
}

/** What the screen shows: the first character of the name, the last four digits of a phone, the e-mail's domain; an address not at all. */
export function maskedComplainant(complainant: ComplaintComplainant): { nameMasked: string; contactMasked: string[] } {
  const name = [...complainant.name];
  const contact: string[] = [];
  if (complainant.phone) contact.push(`phone ${MASK}${complainant.phone.replace(/\D/g, '').slice(-4)}`);
  if (complainant.email) contact.push(`email ${MASK}@${complainant.email.split('@')[1] ?? ''}`);
  if (complainant.address) contact.push(`address ${MASK}`);
  return { nameMasked: `${name[0] ?? ''}${'*'.repeat(Math.max(1, name.length - 1))}`, contactMasked: contact };
}
