import {
  AGENCY_KIND_VALUES,
  AGENCY_STATUS_VALUES,
  CHECK_KIND_VALUES,
  CHECK_RESULT_VALUES,
  CHECK_SUBJECT_VALUES,
  WORK_KIND_VALUES,
  type AgencyKind,
  type AgencyStatus,
  type CheckKind,
  type CheckResult,
  type CheckSubject,
  type WorkKind,
} from '../../../server/generated/schema-types';

/** The agency register's words, Chinese and English side by side (docs/vendors.md; Arts 12, 21-22 of seed 002). */
export const VENDOR_TERMS = {
  navigation: '委外机构 Agencies',
  register: '委外机构名录 Agency register',
  published: '准入机构公示名单 Published list of admitted agencies',
  printable: '打印版 Printable',
  print: '打印 Print',
  newAgency: '登记机构 Register an agency',
  agency: '机构 Agency',
  creditCode: '统一社会信用代码 Unified social credit code',
  agencyName: '机构名称 Agency name',
  kind: '机构类型 Kind',
  workKinds: '委外业务 Work kinds',
  status: '状态 Status',
  foundedOn: '成立日期 Founded on',
  bankExperience: '银行信贷逾期提醒经验（月） Bank-credit overdue-reminder experience (months)',
  phoneTeam: '电话提醒团队人数 Phone team size',
  ownSystems: '自有系统与设备 Own systems and equipment',
  securityEvidence: '信息安全证明 Information-security evidence',
  legalRepresentative: '法定代表人 Legal representative',
  legalRepresentativeName: '法定代表人姓名 Legal representative’s name',
  legalRepresentativeId: '法定代表人证件号码 Legal representative’s identity number',
  masked: '（个人信息已脱敏 personal data masked）',
  checksDueOn: '核查到期日 Checks due on',
  checksDue: '核查到期 Checks due by',
  admittedOn: '准入日 Admitted on',
  updatedAt: '更新时间 Updated',
  revision: '修订 Revision',
  profile: '基本信息 Profile',
  checks: '核查 Checks',
  history: '状态历史 Status history',
  admission: '准入 Admission',
  agreements: '协议 Agreements',
  placements: '委案 Placements',
  scorecards: '考核 Scorecards',
  laterItem: '后续事项提供 Comes with a later item of issue 19',
  subject: '对象 Subject',
  checkKind: '核查事项 Check',
  result: '结果 Result',
  checkedOn: '核查日 Checked on',
  expiresOn: '失效日 Expires on',
  source: '来源 Source',
  evidenceRef: '证据编号 Evidence reference',
  recordedBy: '记录人 Recorded by',
  recordCheck: '记录核查 Record a check',
  requestAdmission: '申请准入 Request admission',
  note: '说明 Note',
  reason: '理由 Reason',
  approve: '批准准入 Approve admission',
  reject: '驳回 Reject',
  decision: '准入决策 Decision',
  reasons: '原因 Reasons',
  ruleSet: '规则集 Rule set',
  asOf: '决策日 As of',
  requestedBy: '申请人 Requested by',
  decidedBy: '审批人 Decided by',
  facts: '决策事实 Facts',
  evidence: '核查证据 Evidence (checks in force)',
  makerNoApprove: '你提交了此准入申请，须由另一位审批人决定 You requested this admission: another approver decides (maker-checker)',
  notApprover: '仅审批人可批准或驳回 Only an approver approves or rejects',
  suspend: '暂停（整改） Suspend (rectification)',
  closeRectification: '结束整改 Close rectification',
  reinstate: '恢复准入 Reinstate',
  terminate: '终止合作 Terminate',
  references: '证明材料（每行一项） References (one per line)',
  rectification: '整改 Rectification',
  hqOnly: '名录由总公司维护：分支机构只读 The register is HQ’s: branches read it',
  awaitingAdmission: '待审批的准入申请 Admission requests awaiting approval',
  none: '无 None',
  noAgencies: '无机构 No agencies match.',
  older: '更早 Older',
  filter: '筛选 Filter',
  all: '全部 all',
  submit: '登记 Register',
} as const;

export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  'collection-agency': '催收机构 collection agency',
  'recovery-agency': '追偿机构 recovery agency',
  'law-firm': '律师事务所 law firm',
};

export const AGENCY_STATUS_LABELS: Record<AgencyStatus, string> = {
  applied: '已申请 applied',
  admitted: '已准入 admitted',
  rejected: '未准入 rejected',
  suspended: '暂停整改 suspended (rectification)',
  terminated: '已终止 terminated',
};

export const WORK_KIND_LABELS: Record<WorkKind, string> = {
  collection: '委外催收 collection (before the claim)',
  recovery: '委外追偿 recovery (after the claim)',
};

export const CHECK_SUBJECT_LABELS: Record<CheckSubject, string> = {
  agency: '机构 agency',
  'legal-representative': '法定代表人 legal representative',
};

export const CHECK_KIND_LABELS: Record<CheckKind, string> = {
  'illegal-or-criminal': '违法犯罪记录 illegal acts or crimes',
  blacklist: '政府部门黑名单 government blacklists',
  'other-adverse': '其他不良记录 other adverse records',
};

export const CHECK_RESULT_LABELS: Record<CheckResult, string> = {
  clear: '未发现 clear',
  found: '发现记录 found',
};

export const ADMISSION_STATE_LABELS: Record<string, string> = {
  requested: '待审批 awaiting approval',
  approved: '已批准 approved',
  rejected: '已驳回 rejected',
};

export const ADMISSION_DECISION_LABELS: Record<string, string> = {
  admit: '准入 admit',
  reject: '不予准入 reject',
};

/** What a revision of an agency did (server/vendors: the `action` of each history entry). */
export const AGENCY_ACTION_LABELS: Record<string, string> = {
  applied: '登记申请 applied',
  'check-recorded': '记录核查 check recorded',
  'admission-requested': '申请准入 admission requested',
  admitted: '准入 admitted',
  rejected: '驳回 rejected',
  suspended: '暂停整改 suspended',
  'rectification-closed': '结束整改 rectification closed',
  terminated: '终止 terminated',
};

/** The enum values in the schemas' order (generated from schemas/vendors), for the selects. */
export const AGENCY_KINDS = AGENCY_KIND_VALUES;
export const AGENCY_STATUSES = AGENCY_STATUS_VALUES;
export const WORK_KINDS = WORK_KIND_VALUES;
export const CHECK_SUBJECTS = CHECK_SUBJECT_VALUES;
export const CHECK_KINDS = CHECK_KIND_VALUES;
export const CHECK_RESULTS = CHECK_RESULT_VALUES;

export const labelOf = (labels: Record<string, string>, value: string): string => labels[value] ?? value;

/** Agreements, placements, scorecards, the exit and elimination (docs/vendors.md; Arts 12, 22 of seed 002). */
export const WORK_TERMS = {
  exit: '退出 Exit',
  orgUnit: '签约机构 Signing unit',
  template: '协议模板 Template',
  templateVersion: '模板版本 Template version',
  signedOn: '签署日 Signed on',
  validFrom: '生效日 Valid from',
  validTo: '到期日 Valid to',
  capacity: '在委上限 Capacity',
  openOfCapacity: '在委 / 上限 Open / capacity',
  reference: '合同编号 Reference',
  signedBy: '签署人 Signed by',
  consent: '总公司同意 HQ consent',
  sign: '签署协议 Sign an agreement',
  consentAction: '同意 Consent',
  refuseAction: '拒绝 Refuse',
  consentNote: '审批意见 Note',
  signerNoConsent: '你签署了此协议，须由另一位审批人决定 You signed it: another approver decides',
  noAgreements: '无协议 No agreements.',
  placementsOpen: '在委案件 Open placements',
  placementsRecalled: '已召回 Recalled placements',
  caseId: '案件 Case',
  obligor: '债务人 Obligor',
  placedBy: '委案人 Placed by',
  placedAt: '委案时间 Placed at',
  recalledBy: '召回人 Recalled by',
  recallReason: '召回理由 Recall reason',
  recall: '召回 Recall',
  month: '月份 Month',
  score: '得分 Score',
  compliance: '合规 Compliance',
  complaints: '投诉 Complaints',
  recovery: '回收效率 Recovery',
  cooperation: '配合度 Cooperation',
  level: '等级 Level',
  measures: '措施 Measures',
  rank: '同类排名 Rank in kind',
  unknown: '未知 unknown',
  scoreChart: '考核得分 Score over months',
  noScorecards: '尚无考核 No scorecards yet.',
  terminatedOn: '终止日 Terminated on',
  recalled: '召回的委案 Placements recalled',
  attestation: '数据清除承诺 Data-purge attestation',
  attestationDue: '待提交 due',
  retained: '保留 Retained',
  purged: '清除内容（每行一项） Purged (one per line)',
  attestationEvidence: '证明材料（每行一项） Evidence (one per line)',
  attestedBy: '机构签署人 Attested by (for the agency)',
  purgedOn: '清除日 Purged on',
  recordAttestation: '记录承诺 Record the attestation',
  notTerminated: '机构未终止：退出在终止合作后开始 Not terminated: the exit starts with the termination',
  eliminations: '待审批的淘汰提议 Elimination proposals awaiting approval',
  approveElimination: '批准淘汰 Approve elimination',
  rejectElimination: '驳回淘汰 Reject elimination',
  proposerNoApprove: '你发起了此提议，须由另一位审批人决定 You proposed it: another approver decides',
} as const;

export const AGREEMENT_STATUS_LABELS: Record<string, string> = {
  'awaiting-consent': '待总公司同意 awaiting HQ consent',
  active: '生效 active',
  refused: '已拒绝 refused',
};

export const PLACEMENT_STATUS_LABELS: Record<string, string> = {
  open: '在委 open',
  recalled: '已召回 recalled',
};

export const MEASURE_LABELS: Record<string, string> = {
  'reduce-placements': '减少委托 reduce placements',
  suspend: '暂停合作 suspend',
  terminate: '淘汰提议 terminate (elimination proposal)',
};

export const PROPOSAL_STATE_LABELS: Record<string, string> = {
  proposed: '待审批 proposed',
  approved: '已批准 approved',
  rejected: '已驳回 rejected',
};
