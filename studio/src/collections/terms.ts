/**
 * Labels of the collection (催收) pages, Chinese and English side by side like ../terms.ts. A sibling
 * file per area keeps the helpers' labels apart: each area adds its own under collections/<area>/.
 */
export const COLLECTION_TERMS = {
  navigation: '催收 Collections',
  cases: '催收案件 Collection cases',
  case: '催收案件 Collection case',
  timeline: '催收时间线 Collection timeline',
  stage: '阶段 Stage',
  status: '状态 Status',
  handler: '处置方 Handler',
  orgUnit: '机构 Org unit',
  obligor: '义务人 Obligor',
  funderLine: '资金方条线 Funder line',
  openedOn: '立案日 Opened',
  stageSince: '本阶段起 In stage since',
  changedOn: '最近变动 Last change',
  plan: '与资金方协商的催收方案 Collection plan agreed with the funder',
  delinquency: '资金方逾期情况 Funder delinquency details',
  malice: '主观恶意评估 Subjective-malice assessment',
  reassign: '改派 Reassign',
  reason: '理由 Reason',
  evidence: '证据 Evidence',
  treatment: '处置计划 Treatment',
  history: '案件历史 Case history',
  older: '更早 Older',
  timeZone: '债务人时区 Debtor time zone',
  save: '保存 Save',
  none: '无 None',
} as const;

export const CASE_STATUS_LABELS: Record<string, string> = { open: '进行中 open', closed: '已结案 closed' };
export const STAGE_LABELS: Record<string, string> = { M1: 'M1', M2: 'M2', 'M3+': 'M3+' };
export const HANDLER_LABELS: Record<string, string> = {
  'central-team': '总公司集中催收 central team',
  'local-team': '属地催收 local team',
  agency: '委外催收机构 agency',
};
export const MALICE_LABELS: Record<string, string> = { yes: '有 yes', no: '无 no', unclear: '尚难判断 unclear' };

export const TIMELINE_KIND_LABELS: Record<string, string> = {
  case: '案件 Case',
  activity: '催收记录 Activity',
  gate: '合规闸口 Gate',
  finding: '合规发现 Finding',
  repayment: '还款 Repayment',
};

export const CASE_ACTION_LABELS: Record<string, string> = {
  opened: '立案 opened',
  'stage-moved': '阶段变动 stage moved',
  closed: '结案 closed',
  reopened: '重新立案 reopened',
  reassigned: '改派 reassigned',
  'delinquency-details': '逾期情况 delinquency details',
  'collection-plan': '催收方案 collection plan',
  'malice-assessment': '主观恶意评估 malice assessment',
};

export const OUTCOME_LABELS: Record<string, string> = {
  'no-answer': '未接通 no answer',
  answered: '已接通 answered',
  effective: '有效沟通 effective',
  refused: '拒绝 refused',
  'promise-to-pay': '承诺还款 promise to pay',
  allow: '允许 allow',
  block: '拦截 block',
  'require-consent': '需同意 require consent',
};

export const CHANNEL_LABELS: Record<string, string> = {
  call: '电话 call',
  sms: '短信 SMS',
  visit: '外访 visit',
  letter: '信函 letter',
  'ai-call': '智能外呼 AI call',
  legal: '法律 legal',
};

export const PAYEE_LABELS: Record<string, string> = {
  company: '公司账户 company account',
  funder: '资金方账户 funder account',
  personal: '个人账户 personal account',
};
