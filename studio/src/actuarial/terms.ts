import type { ActuarialNoticeCause } from '../../../server/generated/schema-types';

/** The actuarial notice page's words, Chinese and English side by side (docs/actuarial.md; Art. 8 of seed 002). */
export const ACTUARIAL_TERMS = {
  navigation: '精算通知 Actuarial notices',
  intro:
    '第八条末段:风险监控发现风险发生较大变化时,及时通报负责精算和准备金评估的部门。每条通知对应精算任务队列中的一项任务。Art. 8, last paragraph: a material change in risk is reported to the actuarial and reserving function; each notice opened a task on the queue.',
  month: '月份 Month',
  cause: '原因 Cause',
  orgUnit: '机构 Unit',
  segment: '客群 Segment',
  level: '预警级别 Warning level',
  lossRate: '年化损失率 Loss rate',
  overdueRate: '逾期率 Overdue rate',
  change: '变动 Change',
  task: '任务 Task',
  decision: '决策 Decision',
  all: '全部 All',
  filter: '筛选 Filter',
  older: '更早 Older',
  none: '没有精算通知 No actuarial notices',
  wholeUnit: '机构整体 Unit as a whole',
  points: '个百分点 points',
};

export const CAUSE_LABELS: Record<ActuarialNoticeCause, string> = {
  'red-warning': '组合红色预警 Red portfolio warning',
  'loss-rate-change': '损失率重大变动 Loss rate change',
  'overdue-rate-change': '逾期率重大变动 Overdue rate change',
};
