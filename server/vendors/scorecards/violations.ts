import type { FindingRecord } from '../../collections/findings/finding.model';
import type { AgencyRegister } from '../agency-register.service';

const SERIOUS = new Set(['high', 'critical']);
const TRIES = 3;

/**
 * Art. 22(3): an agency found acting unlawfully or dishonestly is put to rectification at once and its
 * work is suspended meanwhile. A confirmed collection-conduct finding of severity high or critical
 * against an agency's agent suspends an admitted agency through the register's own suspension
 * (history, audit, vendor.suspended); the rectification closes through the register's close step.
 * An agency already suspended, terminated or not registered is left as it is.
 */
export function suspendOnViolation(register: AgencyRegister) {
  return async (finding: FindingRecord, actor: string): Promise<void> => {
    const agencyId = finding.actor?.agencyId;
    if (!agencyId || !SERIOUS.has(finding.severity)) return;
    for (let attempt = 0; attempt < TRIES; attempt++) {
      const agency = await register.require(agencyId).catch(() => undefined);
      if (!agency || agency.status !== 'admitted') return;
      try {
        await register.suspendRecord(agency, agency.revision, {
          actor,
          reason: `violation (Art. 22(3)): ${finding.severity} finding ${finding._id} confirmed (${finding.tags.join(', ') || finding.source})`,
          asOf: null,
        });
        return;
      } catch (error) {
        // Someone changed the agency meanwhile: read it again.
        if ((error as { code?: string }).code !== 'stale_version') throw error;
      }
    }
  };
}
