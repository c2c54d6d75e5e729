import { warningFactsFromObligor } from '../../../studio/src/ruleset/obligor-facts';

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
