/** Labels of the QA queue page, Chinese and English side by side (a sibling of studio/src/terms.ts). */
export const QA_TERMS = {
  navigation: '催收质检 QA queue',
  title: '催收质检队列 Collection QA queue',
  detail: '质检样本 QA sample',
  take: '领取 Take',
  review: '提交质检结论 Submit review',
  clean: '合规 Clean',
  finding: '发现问题 Finding',
  tags: '第十三条行为 Art. 13 conduct',
  severity: '严重程度 Severity',
  evidence: '证据说明 Evidence',
  references: '引用(每行一条) References (one a line)',
  noItems: '无样本 No samples match.',
  kpi: '合规得分 Compliance score',
} as const;

export const QA_STATUS_LABELS: Record<string, string> = {
  queued: '待领取 Queued',
  taken: '质检中 Taken',
  reviewed: '已质检 Reviewed',
};

export { CONDUCT_TAG_LABELS, SEVERITY_LABELS } from '../conduct-terms';
