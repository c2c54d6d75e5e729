/** The backtest's labels, Chinese and English side by side (studio/src/terms.ts style). */
export const BACKTEST_TERMS = {
  navigation: '回测 Backtests',
  title: '回测 Backtest',
  run: '运行回测 Run backtest',
  openPage: '在新页打开 Open beside',
  queued: '排队中 Queued',
  running: '运行中 Running',
  failed: '失败 Failed',
  cancelled: '已取消 Cancelled',
  versions: '对比版本 Versions compared',
  window: '月末 Month-ends',
  outcome: '结果期(月)Outcome months',
  precisionRecall: '各级别精确率与召回率(%)Precision and recall by level (%)',
  precision: '精确率 Precision',
  recall: '召回率 Recall',
  lift: '提升度 Lift',
  leadTime: '预警提前期分布(天)Lead time distribution (days)',
  segments: '分群 Segments',
  dimension: '维度 Dimension',
  value: '分群 Segment',
  observations: '观测 Observations',
  bad: '变坏 Went bad',
  missingFacts: '缺失事实 Missing facts',
  none: '无 None',
  difference: '差异(本版本 − 对比版本)Difference (version − against)',
  excluded: '已排除(已变坏/已结清)Excluded (already bad / settled)',
  list: '回测记录 Backtests',
  lastMonth: '最后月末 Last month-end',
  months: '月数 Months',
} as const;

/** The stored progress phases of a backtest, in words. */
export const BACKTEST_PHASES: Record<string, string> = {
  queued: '排队中 Queued',
  facts: '读取各月末事实 Reading month-end facts',
  evaluation: '评估各月末 Evaluating month-ends',
  measures: '计算指标 Measuring',
};

export const DIMENSION_LABELS: Record<string, string> = {
  customerTier: '客群资质 Customer tier',
  channel: '渠道 Channel',
  vintage: '账龄(放款季度)Vintage (quarter)',
  orgUnit: '机构 Org unit',
};

export const LEVEL_LABELS: Record<string, string> = { red: '红色 Red', orange: '橙色 Orange', yellow: '黄色 Yellow' };
