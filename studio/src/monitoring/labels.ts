import type { PrincipalView } from '../api/types';

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
  'review-underwriting-policy': '复核承保政策 review underwriting policy',
  'compress-book': '压缩规模 compress the book',
  report: '报告 report',
};

export const label = (labels: Record<string, string>, value: string) => labels[value] ?? value;

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

export const yuan = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toLocaleString('zh-CN', { maximumFractionDigits: 2 }));
export const share = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(0)}%`);
export const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');
