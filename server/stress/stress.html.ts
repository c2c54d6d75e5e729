import type { StressResult } from '../generated/schema-types';

const yuan = (cents: number) => (cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const ratio = (bp: number) => `${(bp / 100).toFixed(2)}%`;
const OUTCOME: Record<string, string> = { pass: '通过 pass', breach: '<b class="breach">突破 breach</b>' };

/** A stress-test result as a self-contained printable page (A4, no scripts, nothing loaded from elsewhere). */
export function stressHtml(result: StressResult): string {
  const { liquidity, solvency, inputs, metric } = result;
  const approval =
    result.status === 'approved'
      ? `已审批 Approved by ${escape(result.approvedBy ?? '')} at ${escape(result.approvedAt ?? '')}`
      : '<span class="pending">待审批 Awaiting approval</span>';
  const thresholds = solvency.baseline.thresholds;
  const title = `压力测试 Stress test ${escape(result.orgUnit)} ${escape(result.period)} → ${escape(result.horizonPeriod)}`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>${title}</title>
<style>
  @page { size: A4 landscape; margin: 12mm; }
  body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", system-ui, sans-serif; font-size: 11px; color: #111; margin: 16px; }
  h1 { font-size: 18px; margin: 0 0 4px; } h2 { font-size: 14px; margin: 18px 0 6px; border-bottom: 1px solid #999; }
  table { border-collapse: collapse; width: 100%; } tr { page-break-inside: avoid; }
  th, td { border: 1px solid #ccc; padding: 3px 5px; text-align: left; } th { background: #f0f0f0; } td.n { text-align: right; white-space: nowrap; }
  .meta { color: #555; } .pending { color: #c25e00; font-weight: bold; } .breach { color: #b00020; }
  @media print { body { margin: 0; } }
</style></head><body>
<h1>${title}</h1>
<p class="meta">第三十三条 Art. 33 · 情景集 Scenario set ${escape(result.scenarioSet.key)} v${result.scenarioSet.version} · 发起 Run by ${escape(result.requestedBy)} at ${escape(result.createdAt)} · ${approval} · revision ${result.revision}</p>
<h2>输入 Inputs (${escape(result.period)}; financials revision ${result.financialsRevision})</h2>
<table><tbody>
<tr><td>收到保费 Premium collected</td><td class="n">${yuan(inputs.premiumCollectedCents)}</td><td>追偿款收入 Recoveries</td><td class="n">${yuan(inputs.recoveriesCents)}</td><td>摊回赔付 Reinsurance recoveries</td><td class="n">${yuan(inputs.reinsuranceRecoveriesCents)}</td></tr>
<tr><td>赔付支出 Claims paid</td><td class="n">${yuan(inputs.claimsPaidCents)}</td><td>费用 Expenses</td><td class="n">${yuan(inputs.expensesCents)}</td><td>分出保费 Ceded premium</td><td class="n">${yuan(inputs.cededPremiumCents)}</td></tr>
<tr><td>税率 Tax rate</td><td class="n">${ratio(inputs.taxRateBp)}</td><td>实际资本 Actual capital</td><td class="n">${yuan(inputs.actualCapitalCents)}</td><td>核心资本 Core capital</td><td class="n">${yuan(inputs.coreCapitalCents)}</td></tr>
<tr><td>最低资本 Minimum capital</td><td class="n">${yuan(inputs.minimumCapitalCents)}</td><td>平均自留责任余额 Average retained liability</td><td class="n">${yuan(inputs.averageRetainedLiabilityCents)}</td><td>年化损失率(末月) Annualized loss rate (last month)</td><td class="n">${metric.annualizedLossRate === null ? '—' : `${(metric.annualizedLossRate * 100).toFixed(2)}%`}</td></tr>
</tbody></table>
<h2>流动性 Liquidity: operating cash flow over ${escape(result.horizonPeriod)}</h2>
<table><thead><tr><th>情景 Scenario</th><th>保费 Premium</th><th>分出保费 Ceded</th><th>赔付 Claims</th><th>流入 Inflow</th><th>流出 Outflow</th><th>税 Tax</th><th>经营现金流 Operating cash flow</th><th>变动 Change</th></tr></thead><tbody>
${[{ label: '基准 Baseline', ...liquidity.baseline }, ...liquidity.scenarios]
  .map(
    (row) =>
      `<tr><td>${escape(row.label)}</td><td class="n">${yuan(row.premiumCollectedCents)}</td><td class="n">${yuan(row.cededPremiumCents)}</td><td class="n">${yuan(row.claimsPaidCents)}</td><td class="n">${yuan(row.inflowCents)}</td><td class="n">${yuan(row.outflowCents)}</td><td class="n">${yuan(row.taxCents)}</td><td class="n">${yuan(row.operatingCashFlowCents)}</td><td class="n">${yuan(row.changeCents)}</td></tr>`,
  )
  .join('')}
</tbody></table>
<h2>偿付能力 Solvency over ${escape(result.horizonPeriod)} (${result.horizonMonths} months)</h2>
<table><thead><tr><th>情景 Scenario</th><th>损失 Loss</th><th>税后损失 After tax</th><th>实际资本 Actual capital</th><th>综合充足率 Comprehensive</th><th>核心充足率 Core</th>${thresholds.map((threshold) => `<th>${escape(threshold.label)} ≥ ${ratio(threshold.minimumRatioBp)}</th>`).join('')}</tr></thead><tbody>
${[{ label: '基准 Baseline', ...solvency.baseline }, ...solvency.scenarios]
  .map(
    (row) =>
      `<tr><td>${escape(row.label)}</td><td class="n">${yuan(row.lossCents)}</td><td class="n">${yuan(row.lossAfterTaxCents)}</td><td class="n">${yuan(row.actualCapitalCents)}</td><td class="n">${ratio(row.comprehensiveRatioBp)}</td><td class="n">${ratio(row.coreRatioBp)}</td>${row.thresholds.map((threshold) => `<td>${OUTCOME[threshold.outcome]}</td>`).join('')}</tr>`,
  )
  .join('')}
</tbody></table>
${result.note ? `<p>审批意见 Note: ${escape(result.note)}</p>` : ''}
</body></html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
