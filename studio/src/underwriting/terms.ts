import type { UnderwritingRecord, UnderwritingSourceKind } from './underwriting-endpoints';

/** The 新业务管控 Underwriting blocks page's labels, Chinese and English side by side (docs/underwriting.md). */
export const UNDERWRITING_TERMS = {
  navigation: '新业务管控 Underwriting blocks',
  title: '新业务管控 Underwriting blocks',
  filters: '筛选 Filters',
  obligor: '履约义务人 Obligor',
  segment: '分段 Segment',
  source: '来源 Source',
  active: '生效 Active',
  any: '全部 Any',
  yes: '是 Yes',
  no: '否 No',
  apply: '应用 Apply',
  kind: '类型 Kind',
  scope: '范围 Scope',
  reason: '原因 Reason',
  share: '调减比例 Cut',
  startOn: '开始 Start',
  endOn: '结束 End',
  status: '状态 Status',
  unit: '机构 Unit',
  openEnded: '未定 Open-ended',
  older: '更早 Older',
  noRecords: '没有记录 No records',
  notice: '资金方通知 Funder notice',
  recordNotice: '记录资金方通知 Record funder notice',
  funder: '资金方 Funder',
  noticeDate: '通知日期 Notice date',
  evidenceRef: '证据编号 Evidence reference',
  noticeRecorded: '已记录,该履约义务人暂停新增业务 Recorded: new business for the obligor is blocked',
  rectification: '整改 Rectification',
  note: '说明 Note',
  recordRectification: '记录整改 Record rectification',
  confirmRectification: '确认整改 Confirm rectification',
  endRecord: '结束 End record',
  recordedBy: '记录人 Recorded by',
  confirmedBy: '确认人 Confirmed by',
  history: '历史 History',
  makerChecker: '整改须由记录人以外的审批人确认 Another approver than the recorder confirms',
} as const;

export const KIND_LABELS: Record<UnderwritingRecord['kind'], string> = { block: '暂停新增 Block', limit: '调减额度 Limit cut' };
export const SCOPE_LABELS: Record<UnderwritingRecord['scope'], string> = { obligor: '履约义务人 Obligor', segment: '分段 Segment' };
export const SOURCE_LABELS: Record<UnderwritingSourceKind, string> = {
  measure: '处置措施 Measure',
  'funder-notice': '资金方通知 Funder notice',
  manual: '手工 Manual',
};
export const STATUS_LABELS: Record<UnderwritingRecord['status'], string> = {
  active: '生效 Active',
  'rectification-recorded': '整改待确认 Rectification to confirm',
  ended: '已结束 Ended',
};
