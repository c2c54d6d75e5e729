import type { Collection } from 'mongodb';
import type { Connection } from '../store/connection';
import { dayFromDate } from '../ground/calendar';
import { readBook } from '../metrics/book-stream';
import { LoanCursor } from '../metrics/loan-state';
import type { MetricSettings } from '../metrics/metric-settings';
import type { MetricService } from '../metrics/metric.service';
import type { BookPages } from '../portfolio/book-pages';
import type { PortfolioStore } from '../portfolio/portfolio.store';

/** One channel's month-end figures, as the metric module gives them per channel segment. */
export interface ChannelMetrics {
  loanCount: number;
  remainingPrincipal: number;
  m1Principal: number;
  m2Principal: number;
  m3Principal: number;
  annualizedLossRate: number | null;
  retainedLiability: number;
}

/**
 * The overdue and loss rates of a partner's channels, pooled. overdueRate = (M1 + M2 + M3) / remaining
 * principal over its channels (docs/metrics.md). The annualized loss rate of one channel is the metric
 * module's; of several, their rates weighted by retained liability (the rate's own denominator is a
 * monthly average the segments do not expose; at one channel the two are the same). No loans: null. Pure.
 */
export function pooledRates(channels: readonly ChannelMetrics[]): { loans: number; overdueRate: number | null; annualizedLossRate: number | null } {
  const loans = channels.reduce((sum, channel) => sum + channel.loanCount, 0);
  const remaining = channels.reduce((sum, channel) => sum + channel.remainingPrincipal, 0);
  const overdue = channels.reduce((sum, channel) => sum + channel.m1Principal + channel.m2Principal + channel.m3Principal, 0);
  const rated = channels.filter((channel) => channel.annualizedLossRate !== null);
  const liability = rated.reduce((sum, channel) => sum + channel.retainedLiability, 0);
  const annualizedLossRate =
    rated.length === 1
      ? rated[0]!.annualizedLossRate
      : liability > 0
        ? rated.reduce((sum, channel) => sum + channel.annualizedLossRate! * channel.retainedLiability, 0) / liability
        : null;
  return { loans, overdueRate: remaining > 0 ? overdue / remaining : null, annualizedLossRate: loans > 0 ? annualizedLossRate : null };
}

/** Complaints per 10,000 obligors; null when no obligor is in force. Pure. */
export function per10k(complaints: number, obligors: number): number | null {
  return obligors > 0 ? Math.round((complaints * 10_000 * 100) / obligors) / 100 : null;
}

/** The review's readers: month-end figures per channel, obligors in force per channel, complaints naming a partner. */
export class ReviewInputs {
  private readonly complaints: Collection<{ _id: string; subject: { partnerId?: string }; receivedMonth: string }>;

  constructor(
    private readonly dependencies: { metrics: MetricService; bookPages: BookPages; portfolio: PortfolioStore; metricSettings: MetricSettings },
    connection: Connection,
  ) {
    this.complaints = connection.db!.collection('complaints');
  }

  /** The month end's figures of every channel (one metric read, a snapshot once the month is complete). */
  async channelMetrics(month: string): Promise<Map<string, ChannelMetrics>> {
    const facts = await this.dependencies.metrics.portfolioFacts(month, ['channel']);
    return new Map(facts.segments.map((segment) => [segment.segment.channel ?? '', segment.metrics as unknown as ChannelMetrics]));
  }

  /** Obligors with a loan disbursed by the day and principal outstanding on it, per channel (one read of the book pages). */
  async obligorsByChannel(asOf: string): Promise<Map<string, Set<string>>> {
    const day = dayFromDate(asOf);
    const { bookPages, portfolio, metricSettings } = this.dependencies;
    return readBook(bookPages, portfolio, () => {
      const seen = new Map<string, Set<string>>();
      return {
        add: ({ book }) => {
          const cursor = new LoanCursor(book, metricSettings);
          for (let loan = 0; loan < book.size; loan++) {
            if (book.disbursedDay[loan]! > day) continue;
            cursor.start(loan);
            if (cursor.advanceTo(day).remainingPrincipalCents <= 0) continue;
            const channel = book.dimensionValues.channel[book.dimensionCodes.channel[loan]!]!;
            const obligors = seen.get(channel) ?? new Set<string>();
            obligors.add(book.obligorIds[loan]!);
            seen.set(channel, obligors);
          }
        },
        finish: () => seen,
      };
    });
  }

  /** Complaints naming the partner received in these months (by the declared { subject.partnerId, receivedMonth } index). */
  complaintsNaming(partnerId: string, months: readonly string[]): Promise<number> {
    return this.complaints.countDocuments({ 'subject.partnerId': partnerId, receivedMonth: { $in: [...months] } });
  }
}
