/** Labels of the QA queue page, Chinese and English side by side (a sibling of studio/src/terms.ts). */
export const QA_TERMS = {
  navigation: '催收质检 QA queue',
  title: '催收质检队列 Collection QA queue',
  detail: '质检样本 QA sample',
  take: '领取 Take',
  review: '提交质检结论 Submit review',
  clean: '合规 Clean',
  finding: '发现问题 Finding',
  tags: '第十三条行为 Art. 13 conduct',
  severity: '严重程度 Severity',
  evidence: '证据说明 Evidence',
  references: '引用(每行一条) References (one a line)',
  noItems: '无样本 No samples match.',
  kpi: '合规得分 Compliance score',
} as const;

export const QA_STATUS_LABELS: Record<string, string> = {
  queued: '待领取 Queued',
  taken: '质检中 Taken',
  reviewed: '已质检 Reviewed',
};

export const SEVERITY_LABELS: Record<string, string> = {
  low: '低 Low',
  medium: '中 Medium',
  high: '高 High',
  critical: '严重 Critical',
};

/** Art. 13's prohibited conduct (schemas/collections/conduct-tag.json). */
export const CONDUCT_TAG_LABELS: Record<string, string> = {
  violence: '暴力 Violence',
  coercion: '胁迫 Coercion',
  intimidation: '恐吓 Intimidation',
  insult: '侮辱 Insult',
  defamation: '诽谤 Defamation',
  harassment: '骚扰 Harassment',
  'verbal-attack': '言语攻击 Verbal attack',
  provocation: '挑衅 Provocation',
  'false-waiver-promise': '虚假减免承诺 False waiver promise',
  'impersonating-authority': '冒充公检法 Impersonating authority',
  'collecting-cash-or-goods': '收取现金或财物 Cash or goods',
  'personal-account': '汇入个人账户 Personal account',
  'disclosing-personal-information': '泄露个人信息 Disclosing personal information',
  'entering-residence': '擅闯住宅 Entering a residence',
  'other-unlawful': '其他违法 Other unlawful',
};
