import type { AgencyStatus } from '../generated/schema-types';
import { ConflictError } from '../http/errors';

/**
 * The register's lifecycle as data (docs/vendors.md):
 *
 *   applied --request-admission (maker)--> applied, request pending
 *           --approve (checker; the decision must admit)--> admitted
 *           --reject (checker)--> rejected --request-admission--> applied, request pending
 *   admitted --suspend (rectification; or the vendor-checks job when checks expire)--> suspended
 *   suspended --close-rectification: reinstate--> admitted | terminate--> terminated
 *   any but terminated --terminate--> terminated (for good)
 *
 * Checks may be recorded in any status but terminated.
 */
export type AgencyAction = 'record-check' | 'request-admission' | 'approve' | 'reject' | 'suspend' | 'close-rectification' | 'terminate';

const FROM: Record<AgencyAction, readonly AgencyStatus[]> = {
  'record-check': ['applied', 'admitted', 'rejected', 'suspended'],
  'request-admission': ['applied', 'rejected'],
  approve: ['applied'],
  reject: ['applied'],
  suspend: ['admitted'],
  'close-rectification': ['suspended'],
  terminate: ['applied', 'admitted', 'rejected', 'suspended'],
};

/** 409 invalid_state when the action may not start from the agency's status. Pure. */
export function assertMayStart(status: AgencyStatus, action: AgencyAction): void {
  if (!FROM[action].includes(status))
    throw new ConflictError('invalid_state', `An agency that is ${status} cannot take "${action}"`, [
      { path: '/status', message: `is ${status}; ${action} needs ${FROM[action].join(' or ')}` },
    ]);
}
