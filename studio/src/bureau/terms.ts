import { BUREAU_KIND_VALUES, BUREAU_STATUS_VALUES, type BureauKind, type BureauStatus } from '../../../server/generated/schema-types';

/** The credit-bureau reporting's words, Chinese and English side by side (docs/bureau.md; Art. 32 of seed 002). */
export const BUREAU_TERMS = {
  navigation: '征信报送 Credit bureau',
  title: '征信报送队列 Credit-bureau queue',
  queue: '报送队列 Queue',
  batches: '报送批次 Batches',
  reconciliation: '对账 Reconciliation',
  all: '全部 All',
  item: '事项 Item',
  kind: '类型 Kind',
  status: '状态 Status',
  loan: '贷款 Loan',
  obligor: '履约义务人（假名） Obligor (pseudonymous)',
  eventDate: '事件日期 Event date',
  values: '报送内容 Reported values',
  updatedAt: '更新时间 Updated',
  noItems: '没有事项 No items',
  older: '更早 Older',
  history: '历史 History',
  notice: '违约信息报送前告知 Notice to the obligor',
  sentOn: '告知日期 Sent on',
  channel: '告知方式 Channel',
  recordNotice: '记录已告知 Record notice as sent',
  noticeReadyOn: '代偿信息最早报送日 Compensation may be reported from',
  createBatch: '生成报送批次 Create a batch',
  download: '下载报送文件 Download file',
  importAcks: '导入回执 Import acknowledgements',
  ackFile: '回执文件（CSV：itemId,result,reason） Acknowledgement file (CSV: itemId,result,reason)',
  imported: '回执已导入 Acknowledgements imported',
  batchCreated: '批次已生成 Batch created',
  noBatches: '还没有批次 No batches yet',
  itemCount: '事项数 Items',
  acknowledged: '已确认 Acknowledged',
  rejected: '被拒 Rejected',
  createdBy: '创建人 Created by',
  createdAt: '创建时间 Created at',
  month: '月份 Month',
  check: '核对 Check',
  claimsChecked: '已核对赔案 Claims checked',
  recoveriesChecked: '已核对追偿 Recoveries checked',
  missing: '缺少的报送事项 Missing bureau items',
  ineligible: '不应报送的事项 Items of ineligible policies',
  nothingMissing: '无缺失 Nothing missing',
  expected: '应有事项 Expected item',
  source: '来源 Source',
  hqOnly: '征信报送由总公司执行；分支机构可查看本机构事项。 HQ runs the reporting; branches read their unit’s items.',
  rejection: '拒绝原因 Rejection reason',
  batch: '批次 Batch',
  corrects: '更正的事项 Corrects',
  correctedBy: '更正事项 Corrected by',
  recorded: '已记录告知 Notice recorded',
};

export const BUREAU_KINDS = BUREAU_KIND_VALUES;
export const BUREAU_STATUSES = BUREAU_STATUS_VALUES;

export const BUREAU_KIND_LABELS: Record<BureauKind, string> = {
  overdue: '逾期信息 Overdue',
  'default-notice': '违约告知 Default notice',
  compensation: '代偿信息 Compensation',
  recovery: '追偿入账 Recovery',
  correction: '更正 Correction',
};

export const BUREAU_STATUS_LABELS: Record<BureauStatus, string> = {
  pending: '待处理 Pending',
  notified: '已告知 Notified',
  ready: '待报送 Ready',
  submitted: '已报送 Submitted',
  acknowledged: '已确认 Acknowledged',
  rejected: '被拒 Rejected',
  corrected: '已更正 Corrected',
};

export const VALUE_LABELS: Record<string, string> = {
  monthEnd: '月末 Month-end',
  daysPastDue: '逾期天数 Days past due',
  overdueAmountCents: '逾期金额 Overdue amount',
  compensationDate: '代偿日期 Compensation date',
  compensationAmountCents: '代偿金额 Compensation amount',
  amountToRecoverCents: '待追偿金额 Amount to recover',
  recoveryDate: '追偿日期 Recovery date',
  recoveryAmountCents: '追偿金额 Recovery amount',
};

/** A value for display: money fields (…Cents) in yuan with two decimals. */
export function valueText(field: string, value: unknown): string {
  if (typeof value === 'number' && field.endsWith('Cents')) return `¥${(value / 100).toFixed(2)}`;
  return String(value);
}
