import type { KeyMetrics } from '../api/report-endpoints';

/** Report names with Chinese and English side by side (shared/domain.md glossary). */
export const REPORT_TERMS = {
  navigation: '月度报告 Monthly report',
  title: '月度业务质量报告 Monthly business-quality report',
  printable: '打印版 Printable',
  byOrgUnit: '按机构 By org unit',
  byCustomerTierChannel: '按客群与渠道 By customer tier and channel',
  wholeBook: '全部业务 Whole book',
  trend: '趋势 Trend',
  monthBefore: '上月 Month before',
} as const;

type MetricKind = 'count' | 'amount' | 'ratio';

/** The report's key metrics in the order the report (and its printable page) lists them. */
export const KEY_METRICS: Record<keyof KeyMetrics, { label: string; kind: MetricKind }> = {
  loanCount: { label: '贷款笔数 Loans', kind: 'count' },
  remainingPrincipal: { label: '剩余本金 Remaining principal', kind: 'amount' },
  overdueRate: { label: '逾期率 Overdue rate', kind: 'ratio' },
  m0_1: { label: '转化率 M0_1', kind: 'ratio' },
  m0_2: { label: '转化率 M0_2', kind: 'ratio' },
  annualizedLossRate: { label: '年化损失率 Annualized loss rate', kind: 'ratio' },
  combinedLossRatio: { label: '综合赔付率 Combined loss ratio', kind: 'ratio' },
  combinedExpenseRatio: { label: '综合费用率 Combined expense ratio', kind: 'ratio' },
  premiumIncome: { label: '保费收入 Premium income', kind: 'amount' },
};

export const METRIC_NAMES = Object.keys(KEY_METRICS) as (keyof KeyMetrics)[];

/** Segmentation dimensions (Art. 7) as the report's segment rows name them. */
export const DIMENSION_LABELS: Record<string, string> = {
  orgUnit: '机构 Org unit',
  customerTier: '客群资质 Customer tier',
  channel: '渠道 Channel',
  product: '产品 Product',
  vintage: '放款月 Vintage',
};
