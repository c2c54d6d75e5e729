import type { JobDefinition } from '../../jobs/job-definition';
import { QA_SAMPLING_JOB, type QaSamplingService } from './qa-sampling.service';

export function qaSamplingJob(service: QaSamplingService): JobDefinition<'none'> {
  return {
    name: QA_SAMPLING_JOB,
    description:
      '催收质检抽样（第十一条、第十三条）：按 collection.quality 规则为新记录的催收记录抽样，带第十三条禁止行为标签的全部抽检，放入质检队列。每五分钟运行。 QA sampling (Art. 11, 13): samples newly recorded collection activities at the rate the collection.quality rules give (tagged ones always) into the QA queue. Runs every five minutes',
    parameter: 'none',
    scheduledParams: () => ({}),
    run: () => service.run(QA_SAMPLING_JOB),
  };
}
