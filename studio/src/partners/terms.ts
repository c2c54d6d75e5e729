import type { PartnerReviewOutcome, PartnerStatus, PartnerViolationType } from '../../../server/generated/schema-types';

/** 渠道合作方 Channel partners (docs/partners.md, Art. 5): the studio's words, Chinese and English side by side. */
export const PARTNER_TERMS = {
  navigation: '渠道合作方 Channel partners',
  register: '合作方名录 Partner register',
  newPartner: '登记合作方 Register a partner',
  creditCode: '统一社会信用代码 Credit code',
  partnerName: '名称 Name',
  orgUnit: '管理机构 Org unit',
  channelCodes: '渠道代码(逗号分隔)Channel codes (comma-separated)',
  channels: '渠道代码 Channel codes',
  status: '状态 Status',
  agreement: '合作协议 Agreement',
  agreementNumber: '协议编号 Agreement number',
  signedOn: '签订日 Signed on',
  startsOn: '生效日 Starts on',
  endsOn: '到期日 Ends on',
  feeRate: '合作方费率(基点)Fee rate (basis points)',
  penalties: '违约罚则 Penalty clauses',
  fixed: '每次固定金额(元)Fixed per violation (yuan)',
  perLoan: '每笔贷款(元)Per loan (yuan)',
  feeShare: '费用比例(基点)Share of fees (bp)',
  cap: '上限(元)Cap (yuan)',
  save: '保存 Save',
  violations: '违规记录 Violations',
  recordViolation: '记录违规 Record a violation',
  violationType: '违规类型 Type',
  occurredOn: '发生日 Occurred on',
  evidence: '证据说明 Evidence',
  references: '证据编号(逗号分隔)References (comma-separated)',
  loanIds: '涉及贷款(逗号分隔)Loans concerned (comma-separated)',
  record: '记录 Record',
  penalty: '罚金 Penalty',
  penaltyStatus: '罚则状态 Penalty status',
  proposed: '待确认 proposed',
  confirmed: '已确认 confirmed',
  confirm: '确认罚金 Confirm penalty',
  proposedBy: '提议人 Proposed by',
  confirmedBy: '确认人 Confirmed by',
  reviews: '定期评估 Reviews',
  reviewNow: '立即评估 Review now',
  quarterMonth: '季度(任一月份 YYYY-MM)Quarter (any month, YYYY-MM)',
  period: '季度 Quarter',
  outcome: '结论 Outcome',
  reasons: '原因 Reasons',
  overdueRate: '逾期率 Overdue rate',
  lossRate: '年化损失率 Loss rate',
  complaintsPer10k: '每万人投诉 Complaints per 10,000',
  complaints: '投诉 Complaints',
  loans: '带来的贷款 Loans brought',
  loanId: '贷款 Loan',
  obligor: '履约义务人 Obligor',
  principal: '本金 Principal',
  disbursedAt: '放款日 Disbursed',
  more: '更多 More',
  none: '无 None',
  noPartners: '暂无合作方 No partners yet',
  open: '打开 Open',
  received: '收到 Received',
};

export const VIOLATION_LABELS: Record<PartnerViolationType, string> = {
  'induced-loan-purpose-change': '诱导改变借款用途 Induced a change of loan purpose',
  'concealed-fund-use': '瞒报资金用途 Concealed the use of funds',
  'incited-malicious-complaints': '引导恶意投诉 Incited malicious complaints',
  'false-advertising-liability': '虚假宣传扩大保险责任 False advertising of cover',
};

export const PARTNER_STATUS_LABELS: Record<PartnerStatus, string> = {
  active: '合作中 active',
  rectifying: '整改中 rectifying',
  suspended: '已暂停 suspended',
  terminated: '已终止 terminated',
};

export const OUTCOME_LABELS: Record<PartnerReviewOutcome, string> = {
  continue: '继续合作 continue',
  rectify: '限期整改 rectify',
  suspend: '暂停合作 suspend',
  terminate: '终止合作 terminate',
};

/** Cents as yuan with two decimals. */
export const yuan = (cents: number) => (cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Yuan typed in a form as integer cents (blank: undefined). */
export const centsOf = (text: string): number | undefined => (text.trim() === '' ? undefined : Math.round(Number(text) * 100));

export const percent = (ratio: number | null) => (ratio === null ? '—' : `${(ratio * 100).toFixed(2)} %`);
