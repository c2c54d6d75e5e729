import type { BusinessQualityReport, ComplaintStatistics, KeyMetrics, SegmentRow } from '../generated/schema-types';
import { KEY_METRICS } from './business-quality';

const LABELS: Record<(typeof KEY_METRICS)[number], string> = {
  loanCount: '贷款笔数 Loans',
  remainingPrincipal: '剩余本金 Remaining principal',
  overdueRate: '逾期率 Overdue rate',
  m0_1: 'M0→1',
  m0_2: 'M0→2',
  annualizedLossRate: '年化损失率 Annualized loss',
  combinedLossRatio: '综合赔付率 Combined loss ratio',
  combinedExpenseRatio: '综合费用率 Combined expense ratio',
  premiumIncome: '保费收入 Premium income',
  premiumReceivable: '应收保费 Premium receivable',
};
const RATIOS = new Set(['overdueRate', 'm0_1', 'm0_2', 'annualizedLossRate', 'combinedLossRatio', 'combinedExpenseRatio']);

/** The report as a self-contained printable page (A4, no scripts, nothing loaded from elsewhere). */
export function businessQualityHtml(report: BusinessQualityReport): string {
  const segmentTable = (title: string, rows: SegmentRow[]) => `
    <h2>${escape(title)}</h2>
    <table><thead><tr><th>Segment</th>${KEY_METRICS.map((name) => `<th>${escape(LABELS[name])}</th>`).join('')}</tr></thead><tbody>
    ${rows.map((row) => `<tr><td>${escape(segmentName(row.segment))}</td>${KEY_METRICS.map((name) => `<td class="n">${value(name, row.metrics)}${change(name, row.metrics, row.previous)}</td>`).join('')}</tr>`).join('')}
    </tbody></table>`;
  const { alerts, tasks, claims } = report;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>业务质量监测报告 Business-quality report ${escape(report.month)} · ${escape(report.orgUnit)}</title>
<style>
  @page { size: A4 landscape; margin: 12mm; }
  body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", system-ui, sans-serif; font-size: 11px; color: #111; margin: 16px; }
  h1 { font-size: 18px; margin: 0 0 4px; } h2 { font-size: 14px; margin: 18px 0 6px; border-bottom: 1px solid #999; }
  table { border-collapse: collapse; width: 100%; page-break-inside: auto; } tr { page-break-inside: avoid; }
  th, td { border: 1px solid #ccc; padding: 3px 5px; text-align: left; vertical-align: top; } th { background: #f0f0f0; }
  td.n { text-align: right; white-space: nowrap; } .up { color: #b00020; } .down { color: #1b7f3b; } .meta { color: #555; }
  .red { color: #b00020; font-weight: bold; } .orange { color: #c25e00; font-weight: bold; } .yellow { color: #8a6d00; font-weight: bold; }
  .incomplete td { color: #8a6d00; } .provisional { color: #8a6d00; font-weight: bold; } .notice { border: 2px solid #c25e00; padding: 6px 10px; color: #7a3b00; }
  .cards { display: flex; gap: 12px; flex-wrap: wrap; } .card { border: 1px solid #ccc; padding: 6px 10px; min-width: 140px; }
  @media print { body { margin: 0; } }
</style></head><body>
<h1>业务质量监测报告 Business-quality monitoring report (Art. 6)</h1>
<p class="meta">Month ${escape(report.month)} · org unit ${escape(report.orgUnit)} and below · generated ${escape(report.generatedAt)} · figures are month-end states; ratios are shares of their base; ▲▼ compare with the month before.</p>
${completenessNote(report)}
${report.total ? `<h2>全部业务 Whole book</h2><div class="cards">${KEY_METRICS.map((name) => `<div class="card"><div class="meta">${escape(LABELS[name])}</div><div>${value(name, report.total!)}</div></div>`).join('')}</div>` : ''}
${segmentTable('按机构 By org unit', report.segments.orgUnit)}
${segmentTable('按客群与渠道 By customer tier and channel', report.segments.customerTierChannel)}
<h2>趋势 Trend</h2>
<table><thead><tr><th>Month</th>${KEY_METRICS.map((name) => `<th>${escape(LABELS[name])}</th>`).join('')}</tr></thead><tbody>
${report.trend.map((point) => `<tr${point.complete ? '' : ' class="incomplete"'}><td>${escape(point.month)}${point.complete ? '' : ` <span class="provisional">${PROVISIONAL}</span>`}</td>${KEY_METRICS.map((name) => `<td class="n">${value(name, point.metrics)}</td>`).join('')}</tr>`).join('')}
</tbody></table>
<h2>预警 Alerts</h2>
<div class="cards">
  <div class="card">Raised: <span class="red">${alerts.raised.red} red</span>, <span class="orange">${alerts.raised.orange} orange</span>, <span class="yellow">${alerts.raised.yellow} yellow</span></div>
  <div class="card">Escalated ${alerts.escalated} · de-escalated ${alerts.deEscalated} · closed ${alerts.closed}</div>
  <div class="card">Open at month end: ${alerts.openAtMonthEnd.red} red, ${alerts.openAtMonthEnd.orange} orange, ${alerts.openAtMonthEnd.yellow} yellow</div>
  <div class="card">Obligor ${alerts.byTarget.obligor} · portfolio ${alerts.byTarget.portfolio}</div>
</div>
<table><thead><tr><th>Level</th><th>Raised</th><th>Subject</th><th>Signal</th><th>Value</th><th>Org unit</th><th>Status</th><th>Basis</th></tr></thead><tbody>
${alerts.items.map((alert) => `<tr><td class="${alert.level}">${alert.level}</td><td>${escape(alert.raisedOn)}</td><td>${escape(alert.obligorId ?? segmentName(alert.segment ?? {}))}</td><td>${escape(alert.signal)}</td><td class="n">${alert.value ?? ''}</td><td>${escape(alert.orgUnit)}</td><td>${escape(alert.status)}</td><td>${escape(alert.basis)}</td></tr>`).join('')}
</tbody></table>
<h2>处置任务 Disposition tasks</h2>
<div class="cards">
  <div class="card">Created ${tasks.created} · completed ${tasks.completed} · cancelled ${tasks.cancelled}</div>
  <div class="card">Pending at month end ${tasks.pendingAtMonthEnd} (overdue ${tasks.overdueAtMonthEnd})</div>
  <div class="card">${
    Object.entries(tasks.byAction)
      .map(([action, count]) => `${escape(action)} ${count}`)
      .join(' · ') || 'no tasks created'
  }</div>
</div>
<h2>理赔 Claim cases</h2>
<div class="cards"><div class="card">Opened ${claims.opened} · suspended ${claims.suspended} · withdrawal advised ${claims.adviseWithdrawal}</div></div>
${report.complaints ? complaintSection(report.complaints) : ''}
</body></html>`;
}

const PROVISIONAL = '数据不完整 incomplete';

const SUBJECTS: Record<string, string> = {
  'insurer-staff': '保险公司人员 Insurer staff',
  agency: '委外机构 Agency',
  'channel-partner': '渠道合作方 Channel partner',
  claim: '理赔 Claim',
  'collection-conduct': '催收行为 Collection conduct',
  other: '其他 Other',
};
const ROOT_CAUSES: Record<string, string> = {
  'staff-conduct': '人员行为 Staff conduct',
  'agency-conduct': '委外机构行为 Agency conduct',
  'partner-conduct': '合作方行为 Partner conduct',
  'collection-conduct': '催收行为 Collection conduct',
  'claim-handling': '理赔处理 Claim handling',
  'product-terms': '产品条款 Product terms',
  'information-disclosure': '信息披露 Information disclosure',
  'process-delay': '流程延误 Process delay',
  'system-error': '系统错误 System error',
  'data-error': '数据错误 Data error',
  misunderstanding: '误解 Misunderstanding',
  'no-fault': '无过错 No fault',
  other: '其他 Other',
};

/**
 * The month's complaints (Arts 24-31; docs/complaints.md "Feeds"): received, rejected and closed, the rate per 10,000
 * obligors in force at the month end, the days to close, and the counts by subject, unit and root cause. Each figure
 * carries data-figure so a reader (or a test) finds it without parsing the layout.
 */
function complaintSection(figures: ComplaintStatistics): string {
  const cell = (name: string, text: string | number | null) => `<td class="n" data-figure="${escape(name)}">${text === null ? '–' : escape(String(text))}</td>`;
  const counts = (title: string, prefix: string, entries: Record<string, number>, labels: Record<string, string>) => {
    const rows = Object.entries(entries).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
    return `<table><thead><tr><th>${escape(title)}</th><th>件数 Count</th></tr></thead><tbody>
${rows.map(([key, count]) => `<tr><td>${escape(labels[key] ?? key)}</td>${cell(`${prefix}-${key}`, count)}</tr>`).join('') || '<tr><td colspan="2">–</td></tr>'}
</tbody></table>`;
  };
  const rate = figures.perTenThousandObligors === null ? null : figures.perTenThousandObligors.toFixed(2);
  return `<h2>投诉 Complaints</h2>
<table><thead><tr><th>收到 Received</th><th>不予受理 Rejected</th><th>结案 Closed</th><th>在册客户 Obligors</th><th>每万名客户投诉 Per 10,000 obligors</th><th>结案用时中位数 Days to close, median</th><th>结案用时90分位 Days to close, p90</th></tr></thead><tbody>
<tr>${cell('complaints-received', figures.received)}${cell('complaints-rejected', figures.rejected)}${cell('complaints-closed', figures.closed)}${cell('complaints-obligors', figures.obligors)}${cell('complaints-per-10000', rate)}${cell('complaints-days-median', figures.daysToClose.median)}${cell('complaints-days-p90', figures.daysToClose.p90)}</tr>
</tbody></table>
${counts('按事项 By subject', 'complaints-subject', figures.bySubject, SUBJECTS)}
<table><thead><tr><th>按机构 By org unit</th><th>收到 Received</th><th>在册客户 Obligors</th><th>每万名客户 Per 10,000 obligors</th></tr></thead><tbody>
${figures.byOrgUnit.map((row) => `<tr><td>${escape(row.orgUnit)}</td>${cell(`complaints-unit-${row.orgUnit}`, row.received)}<td class="n">${row.obligors}</td><td class="n">${row.perTenThousandObligors === null ? '–' : row.perTenThousandObligors.toFixed(2)}</td></tr>`).join('') || '<tr><td colspan="4">–</td></tr>'}
</tbody></table>
${counts('按根因 By root cause', 'complaints-root-cause', figures.byRootCause, ROOT_CAUSES)}
<p class="meta">收到:当月收到的投诉;结案:当月结案的投诉(不论何月收到);用时为自收到之日起的自然日。Received: complaints received in the month; closed: those closed in the month whatever month received; days to close are calendar days from receipt.</p>`;
}

/** How far the data is complete, and a warning above everything when the report's month is not. */
function completenessNote(report: BusinessQualityReport): string {
  const through = report.dataCompleteThrough ? escape(report.dataCompleteThrough) : '—';
  if (report.monthComplete) return `<p class="meta">数据完整至 Data complete through ${through}.</p>`;
  return `<p class="notice">数据完整至 Data complete through ${through}: ${escape(report.month)} 数据不完整，各数为暂估 is not complete; its figures are provisional (records of the month may still arrive).</p>`;
}

function value(name: (typeof KEY_METRICS)[number], metrics: KeyMetrics): string {
  const number = (metrics as unknown as Record<string, number | null>)[name];
  if (number === null || number === undefined) return '–';
  return RATIOS.has(name) ? `${(number * 100).toFixed(2)}%` : number.toLocaleString('en', { maximumFractionDigits: 2 });
}

function change(name: (typeof KEY_METRICS)[number], now: KeyMetrics, before: KeyMetrics | null): string {
  const current = (now as unknown as Record<string, number | null>)[name];
  const previous = before ? (before as unknown as Record<string, number | null>)[name] : null;
  if (!RATIOS.has(name) || current === null || current === undefined || previous === null || previous === undefined || current === previous) return '';
  // A rising risk ratio is bad news: red up, green down.
  return current > previous ? ' <span class="up">▲</span>' : ' <span class="down">▼</span>';
}

function segmentName(segment: Record<string, string>): string {
  return (
    Object.entries(segment)
      .map(([dimension, item]) => `${dimension}: ${item}`)
      .join(', ') || 'all'
  );
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);
}
