import { portfolioSegmentFacts, warningFactsFromObligor } from '../../../studio/src/ruleset/book-facts';

describe('obligor facts for try-it', () => {
  it('maps the metric module view to warning.obligor facts and drops nulls', () => {
    const facts = warningFactsFromObligor({
      obligorId: 'OB1', asOf: '2026-10-31',
      facts: { dpd: 34, overdueAmount: 1200, remainingPrincipal: 9000, scoreDrop: null, grade: null, monthsOnBook: 7 },
      loans: [{ loanId: 'L1', facts: { customerTier: 'prime', channel: 'broker', product: 'consumer', orgUnit: 'BR-SH', dpd: 34, monthsOnBook: 7 } }],
    } as never);
    expect(facts).toEqual({ obligorId: 'OB1', asOf: '2026-10-31', dpd: 34, overdueAmount: 1200, remainingPrincipal: 9000, monthsOnBook: 7, customerTier: 'prime', channel: 'broker', product: 'consumer', orgUnit: 'BR-SH' });
  });
});

describe('portfolio segment facts for try-it', () => {
  it('keeps the month, dimensions and metrics the fact schema lists, without nulls', () => {
    expect(portfolioSegmentFacts('2026-10', { customerTier: 'prime', vintage: '2026-01' }, { overdueRate: 0.02, m0_1: null, annualizedLossRateYear: 0.1 }, ['month', 'customerTier', 'vintage', 'overdueRate', 'm0_1'])).toEqual({
      month: '2026-10', customerTier: 'prime', overdueRate: 0.02,
    });
  });
});
