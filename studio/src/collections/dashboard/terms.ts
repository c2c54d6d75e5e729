/** The compliance dashboard's labels, Chinese and English side by side (like studio/src/terms.ts). */
export const DASHBOARD_TERMS = {
  navigation: '合规看板 Compliance dashboard',
  title: '催收合规看板 Collection compliance dashboard',
  intro:
    '闸口拦截、夜间与频次违规、合规发现,按机构(含下级机构)汇总。Gate blocks, quiet-hour and cap breaches and findings, summed over the org unit and the units below it.',
  from: '起始日 From',
  to: '截止日 To',
  orgUnit: '机构 Org unit',
  orgUnitHint: '留空为本机构 Empty: your own unit',
  groupBy: '汇总周期 Group by',
  day: '按日 Day',
  week: '按周 Week',
  month: '按月 Month',
  apply: '查询 Show',
  totals: '合计 Totals',
  checks: '闸口判定 Gate checks',
  blocked: '拦截 Blocked',
  requireConsent: '需同意 Consent required',
  activities: '催收记录 Activities',
  quietHourBreaches: '夜间违规 Quiet-hour breaches',
  capBreaches: '超频违规 Cap breaches',
  findings: '合规发现 Findings',
  overTime: '随时间变化 Over time',
  blocksChart: '拦截与违规 Blocks and breaches',
  findingsChart: '合规发现 Findings',
  blockedByReason: '拦截原因 Blocked by reason',
  requireConsentByReason: '需同意原因 Consent required by reason',
  breachesByKind: '违规类型 Breaches by kind',
  findingsByTag: '发现:第十三条行为 Findings by Art. 13 conduct',
  findingsBySeverity: '发现:严重程度 Findings by severity',
  findingsByTeam: '发现:团队 Findings by team',
  findingsByAgency: '发现:委外机构 Findings by agency',
  key: '项目 Item',
  count: '数量 Count',
  none: '无 None',
  unattributed: '未指明 Not named',
  period: '周期 Period',
  breachNote:
    '违规在记录催收活动时判定(未经闸口亦然):债务人当地 22:00–08:00 未经同意的联系,同一号码当日第 7 次起的呼叫,当日第 4 次起的有效通话。Breaches are judged when activities are recorded, gate or no gate: a contact in the debtor’s 22:00–08:00 without consent, the 7th call to a number in a day and on, the 4th effective call in a day and on.',
} as const;

/** Gate reasons (collection.action's event reasons) and breach kinds. */
export const REASON_LABELS: Record<string, string> = {
  'quiet-hours': '夜间免打扰时段 Quiet hours',
  'attempts-per-number-cap': '同一号码呼叫超频 Attempts per number cap',
  'effective-calls-cap': '有效通话超频 Effective calls cap',
  'cash-payment': '收取现金 Cash payment',
  'personal-account': '个人账户收款 Personal account',
  'do-not-contact': '禁止联系 Do not contact',
  'prohibited-conduct': '禁止行为 Prohibited conduct',
  'third-party-disclosure': '向第三方透露债务 Third-party disclosure',
  'third-party-while-debtor-reachable': '债务人可联系时联系第三方 Third party while debtor reachable',
  'vendor-not-active': '委外机构未在用 Agency not active',
  'home-visit': '上门需同意 Home visit',
  'no-rule-allowed': '无规则放行 No rule allowed',
};

export { CONDUCT_TAG_LABELS as TAG_LABELS, SEVERITY_LABELS } from '../conduct-terms';
