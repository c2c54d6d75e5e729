/** Domain names with Chinese and English side by side (shared/domain.md glossary). */
export const TERMS = {
  studio: '策略工作台 Policy studio',
  ruleSets: '规则集 Rule sets',
  family: '规则族 Family',
  orgUnit: '机构 Org unit',
  published: '已发布 Published',
  drafts: '草稿 Drafts',
  inReview: '待审批 In review',
  approved: '已批准 Approved',
  version: '版本 Version',
  editor: 'JSON 编辑 JSON editor',
  table: '阈值表 Threshold table',
  tests: '测试 Tests',
  tryIt: '试算 Try it',
  impact: '影响预览 Impact',
  diff: '差异 Diff',
  review: '审批与发布 Review & publish',
  history: '历史 History',
  segment: '客群 Segment',
  fact: '指标 Fact',
  operator: '运算 Operator',
  value: '阈值 Value / parameter',
  level: '级别 Level',
  parameters: '参数 Parameters',
  orgUnits: '机构 Org units',
  grants: '授权 Grants',
  overlays: '参数覆盖 Branch overlays',
  effective: '有效规则集 Effective rule set',
  audit: '审计日志 Audit log',
  bounds: '授权范围 Bounds',
  hqValue: '总公司值 HQ value',
  origin: '来源 Origin',
  conflicts: '冲突 Conflicts',
} as const;

export const FAMILY_LABELS: Record<string, string> = {
  'warning.obligor': '履约义务人预警 Obligor warning',
  'warning.portfolio': '资产组合预警 Portfolio warning',
  disposition: '处置措施 Disposition',
  'collection.action': '催收行为 Collection action',
  'vendor.admission': '委外机构准入 Vendor admission',
  'claim.trigger': '理赔触发 Claim trigger',
  'collection.assignment': '催收分派 Collection assignment',
  'collection.quality': '催收质检 Collection quality',
  'vendor.assessment': '委外机构考核 Vendor assessment',
  'claim.handling': '理赔时效 Claim handling',
  'recovery.impairment': '追偿款减值 Recovery impairment',
  'complaint.handling': '投诉处理时效 Complaint handling',
  'stress.scenario': '压力测试情景 Stress scenarios',
  'actuarial.notice': '精算通知 Actuarial notice',
  'partner.review': '渠道合作方评估 Partner review',
};

/** The rule families' event types, as the rule editor and decision pages name them. */
export const EVENT_TYPE_LABELS: Record<string, string> = {
  warning: '预警 warning',
  measure: '处置措施 measure',
  collection: '催收决定 collection',
  vendor: '准入决定 vendor',
  claim: '理赔动作 claim',
  assignment: '分派 assignment',
  quality: '质检 quality',
  assessment: '考核 assessment',
  deadline: '时限 deadline',
  escalate: '升级 escalate',
  impairment: '减值 impairment',
  scenario: '压力情景 scenario',
  threshold: '阈值 threshold',
  notify: '通报精算 notify',
  review: '合作方评估 review',
};

export const STATE_LABELS: Record<string, string> = {
  draft: '草稿 draft',
  'in-review': '待审批 in review',
  approved: '已批准 approved',
  published: '已发布 published',
  scheduled: '待生效 scheduled',
  retired: '已退役 retired',
  rejected: '已驳回 rejected',
};

export const LEVEL_LABELS: Record<string, string> = { red: '红 red', orange: '橙 orange', yellow: '黄 yellow' };

/** The phases of a request that streams its progress (schemas/studio/progress-line.json). */
export const PROGRESS_PHASE_LABELS: Record<string, string> = {
  facts: '读取履约义务人事实 Reading obligor facts',
  published: '评估已发布版本 Evaluating the published version',
  candidate: '评估本版本 Evaluating this version',
};
