import type { WebhookDeliveryState, WebhookEventType } from '../api/webhook-endpoints';

export const EVENT_LABELS: Record<WebhookEventType, string> = {
  'alert.raised': '预警发出 alert raised',
  'alert.changed': '预警变更 alert changed',
  'alert.closed': '预警解除 alert closed',
  'task.created': '处置任务 task created',
  'task.overdue': '任务逾期 task overdue',
  'claim.opened': '理赔立案 claim opened',
  'claim.suspended': '理赔中止 claim suspended',
  'claim.withdrawal-advised': '建议撤回索赔 withdrawal advised',
  'ruleset.published': '规则集发布 rule set published',
  'collection.finding': '催收合规发现 collection finding',
  'collection.case-assigned': '催收案件分派 collection case assigned',
  'vendor.admitted': '合作机构准入 agency admitted',
  'vendor.suspended': '合作机构暂停 agency suspended',
  'vendor.terminated': '合作机构终止 agency terminated',
  'collection.blocked': '催收联系被拦截 collection contact blocked',
  'collection.promise-broken': '还款承诺违约 promise to pay broken',
  'vendor.assessed': '合作机构考核 agency assessed',
  'bureau.item-ready': '征信报送事项待报送 bureau item ready',
  'bureau.batch-submitted': '征信报送批次已提交 bureau batch submitted',
  'bureau.item-rejected': '征信报送事项被拒 bureau item rejected',
};

export const STATE_LABELS: Record<WebhookDeliveryState, string> = {
  pending: '待发送 pending',
  'in-flight': '发送中 in flight',
  succeeded: '成功 succeeded',
  failed: '失败 failed',
  cancelled: '已取消 cancelled',
};

export const formatTime = (value: string | null | undefined) => (value ? new Date(value).toLocaleString('zh-CN', { hour12: false }) : '—');
