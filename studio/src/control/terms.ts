import type { ControlArea, EmergencyScenario, InspectionFindingSeverity, InspectionKind } from '../../../server/generated/schema-types';

/** 内部控制 Internal control (docs/internal-control.md): labels side by side, Chinese and English. */
export const CONTROL_TERMS = {
  navigation: '内部控制 Internal control',
  title: '内部控制 Internal control',
  plans: '检查计划 Inspection plans',
  inspections: '检查 Inspections',
  emergency: '应急预案 Emergency plans',
  activations: '预案启动记录 Activations',
  plan: '计划 Plan',
  period: '期间 Period',
  kind: '类型 Kind',
  unit: '机构 Unit',
  inspectingUnit: '检查机构 Inspecting unit',
  units: '检查对象 Units',
  areas: '检查领域 Areas',
  status: '状态 Status',
  version: '生效版本 Version in force',
  approve: '审批 Approve',
  approved: '已审批 Approved',
  draft: '待审批 Draft',
  dueOn: '期限 Due',
  findings: '发现问题 Findings',
  severity: '严重程度 Severity',
  description: '描述 Description',
  records: '涉及记录 Records',
  remediations: '整改 Remediation',
  action: '整改措施 Action',
  owner: '责任人 Owner',
  overdue: '已逾期 Overdue',
  evidence: '整改证据 Evidence',
  closeRemediation: '复核关闭 Close after review',
  scenario: '情形 Scenario',
  trigger: '触发条件 Trigger',
  activatedBy: '启动人 Activated by',
  reason: '启动原因 Reason',
  steps: '步骤 Steps',
  review: '关闭复盘 Closing review',
  none: '暂无 None',
  older: '更早 Older',
} as const;

export const KIND_LABELS: Record<InspectionKind, string> = { 'hq-on-branch': '总公司检查 HQ on branch', 'self-inspection': '分支机构自查 Self-inspection' };
export const AREA_LABELS: Record<ControlArea, string> = {
  monitoring: '保后监控 monitoring',
  collection: '催收 collection',
  claims: '理赔 claims',
  recovery: '追偿 recovery',
  complaints: '投诉 complaints',
  vendors: '合作机构 vendors',
  data: '数据 data',
};
export const SEVERITY_LABELS: Record<InspectionFindingSeverity, string> = { low: '一般 low', medium: '较重 medium', high: '重大 high' };
export const SCENARIO_LABELS: Record<EmergencyScenario, string> = {
  'default-concentration': '集中违约 concentration of defaults',
  'system-outage': '系统故障 system outage',
  'vendor-failure': '合作机构失效 vendor failure',
  'mass-complaint': '群体投诉 mass complaint event',
  other: '其他 other',
};
export const STATUS_LABELS: Record<string, string> = {
  draft: CONTROL_TERMS.draft,
  approved: CONTROL_TERMS.approved,
  open: '进行中 open',
  completed: '已完成 completed',
  remediated: '待复核 remediated',
  closed: '已关闭 closed',
  active: '处置中 active',
};
