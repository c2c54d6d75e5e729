import type { JobDefinition, JobOutcome } from '../jobs/job-definition';
import { defaultParams } from '../jobs/job-settings';
import type { Logger } from '../logger';
import { addDays } from './agency-calendar';
import { checksDueOn } from './admission-facts';
import type { AgencyRegister } from './agency-register.service';
import type { AgencyStore } from './agency.store';
import type { VendorSettings } from './vendor-settings';

export const VENDOR_CHECKS_JOB = 'vendor-checks';

/**
 * The daily re-check (Art. 21: the exclusions hold for as long as the agency works). As of the day:
 * admitted and suspended agencies whose checks fall due within the window are listed (the run's counts and
 * log name them), and admitted agencies whose checks are past due, or missing, are suspended for
 * rectification (history, audit, vendor.suspended). Re-running the day changes nothing more.
 */
export async function runVendorChecks(
  dependencies: { agencies: AgencyStore; register: AgencyRegister; settings: VendorSettings; logger?: Logger },
  asOf: string,
): Promise<JobOutcome> {
  const { agencies, register, settings } = dependencies;
  const due = await agencies.dueBy(['admitted', 'suspended'], addDays(asOf, settings.recheckWindowDays));
  let suspended = 0;
  let conflicts = 0;
  for (const agency of due) {
    const dueOn = checksDueOn(agency.checks, asOf);
    if (agency.status !== 'admitted' || dueOn === null || dueOn > asOf) continue;
    try {
      await register.suspendRecord(agency, agency.revision, { actor: `job:${VENDOR_CHECKS_JOB}`, reason: `checks past due since ${dueOn}`, asOf });
      suspended += 1;
    } catch (error) {
      // Someone changed the agency meanwhile: the next run looks again.
      if ((error as { code?: string }).code !== 'stale_version' && (error as { code?: string }).code !== 'invalid_state') throw error;
      conflicts += 1;
    }
  }
  dependencies.logger?.info({ asOf, dueForRecheck: due.map((agency) => agency._id) }, 'agencies due for a re-check');
  return { counts: { dueForRecheck: due.length, suspended, conflicts } };
}

export function vendorChecksJob(dependencies: Parameters<typeof runVendorChecks>[0]): JobDefinition<'asOf'> {
  return {
    name: VENDOR_CHECKS_JOB,
    description:
      '合作机构核查到期检查（第二十一条）：列出核查结果将在提醒期内到期的机构，已准入机构的核查过期或缺失即暂停合作（整改），记入历史与审计并发布 vendor.suspended。每日运行。 Agency re-check (Art. 21): lists agencies whose checks fall due within the window, and suspends admitted agencies whose checks are past due or missing (rectification; history, audit, vendor.suspended). Daily',
    parameter: 'asOf',
    scheduledParams: (now) => defaultParams('asOf', now),
    run: (context) => runVendorChecks({ ...dependencies, logger: context.logger }, context.params.asOf),
  };
}
