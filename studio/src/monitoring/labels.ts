import type { PrincipalView } from '../api/types';
import { LEVEL_LABELS } from '../terms';

/** Monitoring names with Chinese and English side by side (shared/domain.md glossary). */
export const MONITORING_TERMS = {
  alerts: '预警 Alerts',
  tasks: '处置任务 Tasks',
  claims: '理赔案件 Claim cases',
  obligor: '履约义务人 Obligor',
  jobs: '任务运行 Job runs',
  decision: '决策 Decision',
  history: '历史 History',
  overdue: '逾期 overdue',
} as const;

export const ALERT_STATUS_LABELS: Record<string, string> = { open: '未关闭 open', closed: '已关闭 closed' };

export const TASK_STATUS_LABELS: Record<string, string> = {
  open: '待处理 open',
  acknowledged: '已确认 acknowledged',
  done: '已完成 done',
  cancelled: '已取消 cancelled',
  pending: '未完成 pending (open or acknowledged)',
};

export const CLAIM_STATUS_LABELS: Record<string, string> = {
  open: '已立案 open',
  'advise-withdrawal': '建议撤案 advise withdrawal',
  suspended: '已中止 suspended',
  approved: '已核准 approved',
  paid: '已赔付 paid',
};

export const JOB_STATUS_LABELS: Record<string, string> = {
  queued: '排队 queued',
  running: '运行中 running',
  succeeded: '成功 succeeded',
  failed: '失败 failed',
  skipped: '已跳过 skipped',
  abandoned: '中断 abandoned',
};

/** The disposition measures of the standard rule pack; anything else shows as the rules name it. */
export const ACTION_LABELS: Record<string, string> = {
  watch: '密切关注 watch',
  'maintain-policy': '维持政策 maintain policy',
  'reduce-credit-limit': '压降额度 reduce credit limit',
  'suspend-new-credit': '暂停新增 suspend new credit',
  'early-intervention': '提前介入 early intervention',
  'notify-risk-staff': '告知风险人员 notify risk staff',
  'notify-actuarial': '告知精算 notify actuarial',
  'review-reserves': '复核准备金 review reserves',
  'review-underwriting-policy': '复核承保政策 review underwriting policy',
  'compress-book': '压缩规模 compress the book',
  report: '报告 report',
};

export const label = (labels: Record<string, string>, value: string) => labels[value] ?? value;

/** The signals the warning rules raise alerts on (the fact or metric that crossed its threshold). */
export const SIGNAL_LABELS: Record<string, string> = {
  dpd: '逾期天数 days past due',
  overdueAmount: '逾期金额 overdue amount',
  scoreDrop: '评分下降 score drop',
  grade: '等级下调 grade downgrade',
  earlyPaymentDefault: '早期逾期 early payment default',
  overdueRate: '逾期率 overdue rate',
  m0_1: '迁徙率 M0→M1',
  m0_2: '迁徙率 M0→M2',
  annualizedLossRate: '年化损失率 annualized loss rate',
  combinedLossRatio: '综合赔付率 combined loss ratio',
  combinedExpenseRatio: '综合成本率 combined expense ratio',
};

/** Why the claim-trigger rules opened, advised or suspended a claim case (the rules' `reason`). */
export const CLAIM_REASON_LABELS: Record<string, string> = {
  'claim-point-reached': '达到理赔点 claim point reached',
  'default-claim-point-reached': '达到默认理赔点 default claim point reached',
  'contract-condition': '满足合同理赔条件 contract claim condition met',
};

/** The dimensions a portfolio segment is cut by. */
export const SEGMENT_LABELS: Record<string, string> = {
  orgUnit: '机构 org unit',
  customerTier: '客群 customer tier',
  channel: '渠道 channel',
  vintage: '放款批次 vintage',
  product: '产品 product',
};

/** What a revision of an alert, task or claim case did. */
export const CHANGE_ACTION_LABELS: Record<string, string> = {
  raised: '发起 raised',
  escalated: '升级 escalated',
  'de-escalated': '降级 de-escalated',
  closed: '关闭 closed',
  reviewed: '复核 reviewed',
  created: '创建 created',
  assigned: '分配 assigned',
  unassigned: '取消分配 unassigned',
  acknowledged: '确认 acknowledged',
  commented: '评论 commented',
  completed: '完成 completed',
  cancelled: '取消 cancelled',
  overdue: '逾期 overdue',
  opened: '立案 opened',
  reopened: '重新立案 reopened',
  suspended: '中止 suspended',
  'advised-withdrawal': '建议撤案 advised withdrawal',
  approved: '核准 approved',
  paid: '赔付 paid',
};

/** The fields a revision changes, as the history names them. */
export const CHANGE_FIELD_LABELS: Record<string, string> = {
  level: '级别 level',
  status: '状态 status',
  value: '取值 value',
  threshold: '阈值 threshold',
  signal: '信号 signal',
  basis: '依据 basis',
  notify: '通知 notify',
  assignee: '负责人 assignee',
  acknowledgedBy: '确认人 acknowledged by',
  acknowledgedAt: '确认时间 acknowledged at',
  closedOn: '关闭日 closed on',
  changedOn: '变更日 changed on',
  raisedOn: '发起日 raised on',
  reviewFrom: '复核自 review from',
  orgUnit: '机构 org unit',
  target: '对象 target',
  obligorId: '履约义务人 obligor',
  segment: '客群 segment',
  action: '措施 action',
  share: '比例 share',
  amount: '金额 amount',
  deadlineDays: '期限天数 deadline (days)',
  dueOn: '到期日 due on',
  ownerRole: '责任角色 owner role',
  escalationStep: '复核次数 review step',
  overdue: '逾期 overdue',
  overdueSince: '逾期自 overdue since',
  evidence: '完成证明 evidence',
  completedBy: '完成人 completed by',
  completedAt: '完成时间 completed at',
  alertId: '预警 alert',
  alertLevel: '预警级别 alert level',
  reason: '原因 reason',
  statusSince: '状态日 status since',
  openedOn: '立案日 opened on',
  loanId: '贷款 loan',
  text: '意见 comment',
};

/** A changed value as a person reads it: codes of known kinds by their labels, lists and objects spelled out. */
export function valueText(field: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') {
    const labels = VALUE_LABELS[field];
    return labels ? label(labels, value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => valueText(field, item)).join(', ') || '—';
  if (typeof value === 'object') return segmentText(value as Record<string, string>);
  return typeof value === 'number' ? yuan(value) : String(value);
}

/** A segment by its dimensions' labels, e.g. "机构 org unit BR-SH · 客群 customer tier prime". */
export function segmentText(segment: Record<string, unknown>): string {
  return (
    Object.entries(segment)
      .map(([name, value]) => `${label(SEGMENT_LABELS, name)} ${String(value)}`)
      .join(' · ') || '合计 total'
  );
}

const hasRole = (me: PrincipalView, roles: readonly string[]) => me.roles.some((role) => role === 'admin' || roles.includes(role));

/** Mirrors the API's roles so the studio offers only what the server would allow; the server has the last word. */
export const can = {
  readQueues: (me: PrincipalView) => hasRole(me, ['branch-operator', 'policy-owner', 'approver', 'auditor']),
  workQueues: (me: PrincipalView) => hasRole(me, ['branch-operator']),
  // Jobs act on the whole book: HQ's admins and auditors read them, HQ's admins start them.
  readJobs: (me: PrincipalView) => me.orgUnit === 'HQ' && hasRole(me, ['auditor']),
  runJobs: (me: PrincipalView) => me.orgUnit === 'HQ' && me.roles.includes('admin'),
  readDecisions: (me: PrincipalView) => hasRole(me, ['policy-owner', 'approver', 'auditor', 'branch-operator']),
};

/** HQ sees every unit; anyone else their own unit and the units below it. */
export const scopeText = (me: PrincipalView) => (me.orgUnit === 'HQ' ? '全部机构 all units' : `${me.orgUnit} 及下级 and below`);

export const yuan = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
export const share = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(0)}%`);
export const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');

/** Which labels a field's values take in the history (filled below the label tables they use). */
const VALUE_LABELS: Record<string, Record<string, string>> = {
  level: LEVEL_LABELS,
  alertLevel: LEVEL_LABELS,
  signal: SIGNAL_LABELS,
  reason: CLAIM_REASON_LABELS,
  action: ACTION_LABELS,
};
