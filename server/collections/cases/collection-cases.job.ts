import type { JobDefinition } from '../../jobs/job-definition';
import { defaultParams } from '../../jobs/job-settings';
import type { CollectionCasesService } from './collection-cases.service';

export function collectionCasesJob(service: CollectionCasesService): JobDefinition<'asOf'> {
  return {
    name: 'collection-cases',
    description:
      '每日催收案件(第十条至第十二条):每个逾期履约义务人及资金方业务线一个案件,按指标模块的逾期分档开立、转入 M1/M2/M3+、结案(已还清、已结清、已理赔)或重开;每次开立与转阶段以 collection.assignment 分派总公司集中、属地或委外机构并给出处置计划。' +
      'Daily collection cases (Art. 10-12): one case per overdue obligor and funder line, opened, moved between M1, M2 and M3+ by the metric buckets, closed (cured, settled, claimed) or reopened; collection.assignment picks the central team, the local team or an agency category and a treatment plan on each opening and stage move',
    parameter: 'asOf',
    scheduledParams: (now) => defaultParams('asOf', now),
    run: (context) => service.run(context.params.asOf, { actor: 'collection-cases', progress: context.progress }),
  };
}
