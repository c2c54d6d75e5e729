import { portfolioSegmentFacts } from '../../../studio/src/ruleset/book-facts';

describe('portfolio segment facts for try-it', () => {
  it('keeps the month, dimensions and metrics the fact schema lists, without nulls', () => {
    expect(
      portfolioSegmentFacts('2026-10', { customerTier: 'prime', vintage: '2026-01' }, { overdueRate: 0.02, m0_1: null, annualizedLossRateYear: 0.1 }, [
        'month',
        'customerTier',
        'vintage',
        'overdueRate',
        'm0_1',
      ]),
    ).toEqual({
      month: '2026-10',
      customerTier: 'prime',
      overdueRate: 0.02,
    });
  });
});
