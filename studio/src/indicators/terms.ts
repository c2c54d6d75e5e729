import type { IndicatorCategory, IndicatorCriterion, IndicatorFrequency } from '../../../server/generated/schema-types';

/** The indicator catalogue's words, Chinese and English side by side (docs/indicators.md; Art. 6 of seed 002). */
export const INDICATOR_TERMS = {
  navigation: '指标目录 Indicator catalogue',
  intro:
    '第六条:监控指标体系明确监控内容、频次、指标和流程;每个指标注明符合的选取要求。编辑形成修订记录,新版本须由未参与编辑的审批人发布。Art. 6: each indicator with its definition, frequency, owner, process and the selection criteria it meets. Edits are revisions; a new version is published by an approver who made none of them.',
  indicator: '指标 Indicator',
  category: '类别 Category',
  definition: '定义 Definition',
  formula: '公式与来源 Formula and source',
  frequency: '频次 Frequency',
  owner: '负责部门 Owner',
  process: '生成与复核流程 Process',
  criteria: '符合的选取要求(第六条) Art. 6 criteria',
  label: '名称 Name',
  sources: '数据字段 Fields',
  revision: '修订 Revision',
  history: '修订记录 History',
  published: '已发布版本 Published version',
  draft: '编辑中 Draft',
  view: '查看 View',
  versions: '目录版本 Versions',
  propose: '提交新版本 Propose a version',
  approve: '批准发布 Approve and publish',
  editors: '编辑人 Editors',
  proposedBy: '提交人 Proposed by',
  approvedBy: '批准人 Approved by',
  state: '状态 State',
  save: '保存修订 Save revision',
  note: '说明 Note',
  saved: '已保存 Saved',
  proposed: '已提交,待审批 Proposed, awaiting approval',
  publishedNotice: '已发布 Published',
  close: '关闭 Close',
  all: '全部 All',
  definitionOf: '指标定义 Indicator definition',
  about: '说明 About',
};

export const CATEGORY_LABELS: Record<IndicatorCategory, string> = {
  'portfolio-metric': '组合指标 Portfolio metric',
  'warning-indicator': '预警指标 Warning indicator',
};

export const FREQUENCY_LABELS: Record<IndicatorFrequency, string> = {
  daily: '每日 Daily',
  monthly: '每月 Monthly',
  quarterly: '每季 Quarterly',
  yearly: '每年 Yearly',
  'on-event': '事件触发 On event',
};

export const CRITERION_LABELS: Record<IndicatorCriterion, string> = {
  'risk-sensitive': '(一)业务风险敏感性高 Risk-sensitive',
  'industry-standard': '(二)行业内通用 Industry standard',
  'outcome-correlated': '(三)与经营结果相关性高 Related to results',
  'full-process': '(四)覆盖风险管理全流程 Whole risk process',
  simple: '(五)简单直观 Simple',
};

export const STATE_LABELS: Record<string, string> = { proposed: '待审批 proposed', published: '已发布 published', superseded: '已被取代 superseded' };
