import type { JobDefinition } from '../../jobs/job-definition';
import type { ComplianceRebuild } from './compliance-rebuild';

/** Rebuilds the compliance dashboard's counts from the records; on demand only (POST /jobs/collection-compliance-rebuild/run). */
export function complianceRebuildJob(rebuild: ComplianceRebuild): JobDefinition<'none'> {
  return {
    name: 'collection-compliance-rebuild',
    description:
      '按催收记录、合规发现与闸口判定日志重建合规看板计数(仅按需运行,运行期间勿写入)。' +
      'Rebuilds the compliance dashboard’s counts from the collection log, the findings and the gate decisions in the decision log (on demand only; run it while nothing records)',
    parameter: 'none',
    scheduledParams: () => ({}),
    run: async () => ({ counts: { ...(await rebuild.rebuild()) } }),
  };
}
