import type { ImpactRequest, ImpactResult } from '../generated/schema-types';
import type { RuleSetEvaluator } from '../engine/evaluator';
import type { Facts } from '../engine/evaluate';
import { UnprocessableError } from '../http/errors';
import { loadLoanBook } from '../metrics/book-loader';
import { dateFromDay, dayFromDate, monthsOnBook, todayDay } from '../metrics/calendar';
import type { MetricSettings } from '../metrics/metric-settings';
import { obligorSummaries } from '../metrics/obligor-batch';
import { ratingFacts } from '../metrics/obligor-facts';
import type { PortfolioStore } from '../portfolio/portfolio.store';
import type { RuleSetService } from '../rulesets/ruleset.service';
import { validateRuleSet, type ValidationContext } from '../rulesets/ruleset.validation';
import { evenSample, impactTables, worstLevel, type ObligorOutcome } from './impact.table';

const DEFAULT_SAMPLE = 2000;
const RATING_BATCH = 25;

/**
 * Impact preview: a version and the published one over the latest obligor facts of the whole
 * book (or an even sample of it). Facts come from the metric module's batch summaries (dpd,
 * amounts) plus each loan's segment columns and each sampled obligor's ratings, shaped like
 * the warning.obligor facts the evaluation API receives.
 */
export class ImpactService {
  constructor(
    private readonly ruleSets: RuleSetService,
    private readonly evaluator: RuleSetEvaluator,
    private readonly context: ValidationContext,
    private readonly portfolio: PortfolioStore,
    private readonly settings: MetricSettings,
    private readonly today: () => number = () => todayDay(),
  ) {}

  /** `loanFilter` narrows the book to a caller's share (delegated authority); by default the whole book. */
  async impact(key: string, version: number, request: ImpactRequest, loanFilter: Record<string, unknown> = {}): Promise<ImpactResult> {
    const view = await this.ruleSets.version(key, version);
    if (view.ruleSet.family !== 'warning.obligor') {
      throw new UnprocessableError('impact_unsupported', `Impact preview runs over obligor facts, so it needs a warning.obligor rule set, not ${view.ruleSet.family}`, [{ path: '/params/key', message: 'must be a warning.obligor rule set' }]);
    }
    const problems = validateRuleSet(view.ruleSet, this.context);
    if (problems.length > 0) throw new UnprocessableError('rule_set_invalid', 'The version is invalid; fix it before previewing its impact', problems);
    const againstVersion = (await this.ruleSets.detail(key)).summary.activeVersion ?? null;
    const published = againstVersion ? await this.ruleSets.version(key, againstVersion) : undefined;
    const candidate = this.evaluator.prepare({ key, version, hash: view.hash, content: view.ruleSet });
    const baseline = published ? this.evaluator.prepare({ key, version: published.version, hash: published.hash, content: published.ruleSet }) : undefined;

    const asOfDay = request.asOf ? dayFromDate(request.asOf) : this.today();
    const facts = await this.obligorFacts(asOfDay, request.sample ?? DEFAULT_SAMPLE, loanFilter);
    const outcomes: ObligorOutcome[] = [];
    for (const { obligorId, facts: obligor } of facts.items) {
      const to = worstLevel((await this.evaluator.evaluate(candidate, obligor)).events);
      const from = baseline ? worstLevel((await this.evaluator.evaluate(baseline, obligor)).events) : 'none';
      outcomes.push({ obligorId, customerTier: String(obligor.customerTier), channel: String(obligor.channel), dpd: Number(obligor.dpd), from, to });
    }
    return { key, version, againstVersion, asOf: dateFromDay(asOfDay), obligors: facts.total, evaluated: outcomes.length, ...impactTables(outcomes) };
  }

  /** warning.obligor facts for an even sample of the obligors with a loan disbursed by the day. */
  private async obligorFacts(asOfDay: number, limit: number, loanFilter: Record<string, unknown>): Promise<{ total: number; items: { obligorId: string; facts: Facts }[] }> {
    const { book } = await loadLoanBook(this.portfolio, loanFilter);
    const summaries = obligorSummaries(book, asOfDay, this.settings);
    const indexOf = new Map(summaries.obligorIds.map((id, index) => [id, index]));
    // The segment of an obligor is that of their first disbursed loan; months on book are the oldest loan's.
    const firstLoan = new Int32Array(summaries.obligorIds.length).fill(-1);
    const oldest = new Int32Array(summaries.obligorIds.length);
    for (let loan = 0; loan < book.size; loan++) {
      if (book.disbursedDay[loan]! > asOfDay) continue;
      const obligor = indexOf.get(book.obligorIds[loan]!)!;
      if (firstLoan[obligor] === -1) firstLoan[obligor] = loan;
      oldest[obligor] = Math.max(oldest[obligor]!, monthsOnBook(book.disbursedDay[loan]!, asOfDay));
    }
    const active = [...firstLoan.keys()].filter((obligor) => firstLoan[obligor] !== -1);
    const picked = evenSample(active.length, limit).map((index) => active[index]!);
    const dimension = (name: 'customerTier' | 'channel' | 'product' | 'orgUnit', loan: number) => book.dimensionValues[name][book.dimensionCodes[name][loan]!]!;
    const items: { obligorId: string; facts: Facts }[] = [];
    for (let start = 0; start < picked.length; start += RATING_BATCH) {
      const batch = picked.slice(start, start + RATING_BATCH);
      const ratings = await Promise.all(batch.map((obligor) => this.portfolio.ratingsOf(summaries.obligorIds[obligor]!)));
      batch.forEach((obligor, position) => {
        const loan = firstLoan[obligor]!;
        const rating = ratingFacts(ratings[position]!.map((item) => ({ ratedDay: dayFromDate(item.ratedAt), score: item.score, grade: item.grade, baseline: item.baseline })), asOfDay);
        items.push({
          obligorId: summaries.obligorIds[obligor]!,
          facts: {
            obligorId: summaries.obligorIds[obligor]!,
            asOf: dateFromDay(asOfDay),
            dpd: summaries.dpd[obligor]!,
            overdueAmount: summaries.overdueAmount[obligor]! / 100,
            remainingPrincipal: summaries.remainingPrincipal[obligor]! / 100,
            customerTier: dimension('customerTier', loan),
            channel: dimension('channel', loan),
            product: dimension('product', loan),
            orgUnit: dimension('orgUnit', loan),
            monthsOnBook: oldest[obligor]!,
            ...(rating.scoreDrop !== null ? { scoreDrop: rating.scoreDrop } : {}),
            ...(rating.grade !== null ? { grade: rating.grade } : {}),
          },
        });
      });
    }
    return { total: active.length, items };
  }
}
