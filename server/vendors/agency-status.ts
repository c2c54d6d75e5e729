import type { AgencyStore } from './agency.store';

/**
 * What the collection gate (and later placements and agency keys) asks of the register: may this agency
 * work now? `active` is admitted; `suspended` is under rectification; `terminated` is for good; `unknown`
 * is anything else (not in the register, applied, or rejected): the gate blocks all but `active`.
 */
export type AgencyWorkStatus = 'active' | 'suspended' | 'terminated' | 'unknown';

export interface AgencyStatusReader {
  agencyStatus(agencyId: string): Promise<AgencyWorkStatus>;
}

/** The register's answer, read by `_id` (the credit code): one indexed lookup per call. */
export function agencyStatusReader(agencies: Pick<AgencyStore, 'find'>): AgencyStatusReader {
  return {
    async agencyStatus(agencyId) {
      const status = (await agencies.find(agencyId))?.status;
      if (status === 'admitted') return 'active';
      if (status === 'suspended' || status === 'terminated') return status;
      return 'unknown';
    },
  };
}
