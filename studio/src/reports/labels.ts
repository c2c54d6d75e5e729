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

/** How far the book's data is complete (GET /portfolio/completeness), on every figure. */
export const COMPLETENESS_TERMS = {
  completeThrough: '数据完整至 Data complete through',
  nothingComplete: '无 none yet',
  source: { declared: '导入方声明 declared by the importer', derived: '由导入数据推算 derived from the imports', none: '尚无数据 no data yet' },
  monthComplete: '数据完整 is complete',
  monthIncomplete: '数据不完整，各数为暂估 is not complete: its figures are provisional and will change as data arrives',
  provisional: '暂估 provisional',
  provisionalTitle: "该月数据不完整 The month's data is not complete",
  starNote: '数据不完整，各数为暂估 data not complete; provisional figures',
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
  premiumReceivable: { label: '应收保费 Premium receivable', kind: 'amount' },
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
