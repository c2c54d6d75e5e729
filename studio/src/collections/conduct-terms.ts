import type { ConductTag, FindingSeverity } from '../../../server/generated/schema-types';

/** Art. 13's prohibited conduct (schemas/collections/conduct-tag.json). */
export const CONDUCT_TAG_LABELS: Record<ConductTag, string> = {
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

/** A finding's severity (schemas/collections/finding-severity.json). */
export const SEVERITY_LABELS: Record<FindingSeverity, string> = {
  low: '低 Low',
  medium: '中 Medium',
  high: '高 High',
  critical: '严重 Critical',
};
