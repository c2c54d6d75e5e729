import type { Lookback } from '../../generated/schema-types';

type Row = Lookback['figures']['totals'];

const yuan = (cents: number) => (cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = (rate: number) => `${(rate * 100).toFixed(2)}%`;

/** A quarter's look-back as a self-contained printable page (A4, no scripts, nothing loaded from elsewhere). */
export function lookbackHtml(lookback: Lookback): string {
  const { figures } = lookback;
  const rateTable = (title: string, rows: Row[]) => `
    <h2>${escape(title)}</h2>
    <table><thead><tr><th></th><th>案件 Cases</th><th>赔款 Paid</th><th>累计追回 Recovered</th><th>本季追回 In quarter</th><th>金额追偿率 Amount rate</th><th>有回款案件 With recovery</th><th>件数追偿率 Count rate</th></tr></thead><tbody>
    ${rows
      .map(
        (row) =>
          `<tr><td>${escape(row.key)}</td><td class="n">${row.cases}</td><td class="n">${yuan(row.paidCents)}</td><td class="n">${yuan(row.recoveredCents)}</td><td class="n">${yuan(row.recoveredInQuarterCents)}</td><td class="n">${percent(row.amountRate)}</td><td class="n">${row.casesWithRecovery}</td><td class="n">${percent(row.countRate)}</td></tr>`,
      )
      .join('')}
    </tbody></table>`;
  const horizon = Math.max(0, ...figures.curves.map((curve) => curve.points.length));
  const months = Array.from({ length: horizon }, (_, month) => month);
  const approval =
    lookback.status === 'approved'
      ? `已审批 Approved by ${escape(lookback.approvedBy ?? '')} at ${escape(lookback.approvedAt ?? '')}`
      : '<span class="pending">待审批 Awaiting approval</span>';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>追偿季度回顾 Recovery look-back ${escape(lookback.quarter)}</title>
<style>
  @page { size: A4 landscape; margin: 12mm; }
  body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", system-ui, sans-serif; font-size: 11px; color: #111; margin: 16px; }
  h1 { font-size: 18px; margin: 0 0 4px; } h2 { font-size: 14px; margin: 18px 0 6px; border-bottom: 1px solid #999; }
  table { border-collapse: collapse; width: 100%; } tr { page-break-inside: avoid; }
  th, td { border: 1px solid #ccc; padding: 3px 5px; text-align: left; } th { background: #f0f0f0; } td.n { text-align: right; white-space: nowrap; }
  .meta { color: #555; } .pending { color: #c25e00; font-weight: bold; }
  @media print { body { margin: 0; } }
</style></head><body>
<h1>追偿季度回顾 Recovery look-back ${escape(lookback.quarter)}</h1>
<p class="meta">${escape(figures.from)} – ${escape(figures.to)} · 编制 Prepared by ${escape(lookback.preparedBy)} · ${approval} · revision ${lookback.revision}</p>
${rateTable('合计 Total', [figures.totals])}
${rateTable('按赔付季度 By vintage (quarter of payment)', figures.byVintage)}
<h2>累计追偿曲线 Cumulative recovery by months since payment</h2>
<table><thead><tr><th>Vintage</th>${months.map((month) => `<th>M${month}</th>`).join('')}</tr></thead><tbody>
${figures.curves.map((curve) => `<tr><td>${escape(curve.vintage)}</td>${months.map((month) => `<td class="n">${curve.points[month] ? percent(curve.points[month]!.rate) : ''}</td>`).join('')}</tr>`).join('')}
</tbody></table>
${rateTable('按渠道 By channel', figures.byChannel)}
${rateTable('按机构 By branch', figures.byBranch)}
${rateTable('按委外机构 By agency', figures.byAgency)}
<h2>应收账龄 Receivable ageing at ${escape(figures.to)} (months since payment)</h2>
<table><thead><tr><th>账龄 Age</th><th>案件 Cases</th><th>应收 Receivable</th></tr></thead><tbody>
${figures.ageing.map((row) => `<tr><td>${escape(row.bucket)}</td><td class="n">${row.cases}</td><td class="n">${yuan(row.receivableCents)}</td></tr>`).join('')}
</tbody></table>
<h2>减值变动 Impairment movement</h2>
<p>期初减值准备 Opening allowance ${yuan(figures.impairment.openingAllowanceCents)} · 期末 Closing ${yuan(figures.impairment.closingAllowanceCents)} · 变动 Movement ${yuan(figures.impairment.movementCents)}</p>
<table><thead><tr><th>阶段 Stage</th><th>案件 Cases</th><th>减值准备 Allowance</th></tr></thead><tbody>
${(figures.impairment.byStage ?? []).map((row) => `<tr><td>${escape(row.stage)}</td><td class="n">${row.cases}</td><td class="n">${yuan(row.allowanceCents)}</td></tr>`).join('')}
</tbody></table>
<h2>追偿合规检查发现 Compliance findings on recovery work</h2>
<p>共 Total ${figures.findings.total} · 未结 Open ${figures.findings.open}</p>
<table><thead><tr><th>按严重程度 By severity</th><th>按机构 By agency</th><th>按标签 By tag</th></tr></thead><tbody><tr>
${[figures.findings.bySeverity, figures.findings.byAgency, figures.findings.byTag].map((counts) => `<td>${counts.map((count) => `${escape(count.key)}: ${count.count}`).join('<br>')}</td>`).join('')}
</tr></tbody></table>
</body></html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
