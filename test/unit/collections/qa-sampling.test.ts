import { complianceScore, DEFAULT_SCORE_WEIGHTS } from '../../../server/collections/quality/compliance-score';
import { sampleDecision, sampleDraw } from '../../../server/collections/quality/sampling';

const quality = (sampleRate: number, priority = 1) => ({ type: 'quality', params: { sampleRate, priority, reason: 'r', basis: 'Art. 11' } });

describe('QA sampling', () => {
  it('draws the same number for the same activity id, in [0, 1)', () => {
    expect(sampleDraw('A-1')).toBe(sampleDraw('A-1'));
    for (let index = 0; index < 200; index++) {
      const draw = sampleDraw(`A-${index}`);
      expect(draw).toBeGreaterThanOrEqual(0);
      expect(draw).toBeLessThan(1);
    }
  });

  it('samples about the rate over many ids, and a higher rate samples a superset', () => {
    const ids = Array.from({ length: 5000 }, (_, index) => `ACT-${index}`);
    const at10 = ids.filter((id) => sampleDecision(id, [quality(0.1)], []).sampled);
    const at30 = ids.filter((id) => sampleDecision(id, [quality(0.3)], []).sampled);
    expect(at10.length / ids.length).toBeGreaterThan(0.085);
    expect(at10.length / ids.length).toBeLessThan(0.115);
    expect(at30.length / ids.length).toBeGreaterThan(0.27);
    expect(at30.length / ids.length).toBeLessThan(0.33);
    expect(at10.every((id) => at30.includes(id))).toBe(true);
  });

  it('takes the highest rate and priority of the rules that fired; none fired samples nothing', () => {
    expect(sampleDecision('A-1', [quality(0.05, 1), quality(0.25, 3)], [])).toMatchObject({ rate: 0.25, priority: 3 });
    expect(sampleDecision('A-1', [], [])).toMatchObject({ rate: 0, sampled: false });
    expect(sampleDecision('A-1', [{ type: 'other', params: {} }], [])).toMatchObject({ rate: 0, sampled: false });
  });

  it('always samples an activity with Art. 13 content tags, at the highest priority, whatever the rules say', () => {
    const ids = Array.from({ length: 100 }, (_, index) => `T-${index}`);
    for (const id of ids) expect(sampleDecision(id, [quality(0)], ['intimidation'])).toMatchObject({ sampled: true, priority: 5, reason: 'content-tagged' });
  });
});

describe('compliance score', () => {
  const clean = { activities: 1000, sampled: 100, reviewed: 100, findings: { low: 0, medium: 0, high: 0, critical: 0 }, gateBlocks: 0 };

  it('is 100 for an actor with every sample reviewed clean and no blocks', () => {
    expect(complianceScore(clean, DEFAULT_SCORE_WEIGHTS).score).toBe(100);
  });

  it('weights findings by severity per reviewed sample', () => {
    const low = complianceScore({ ...clean, findings: { ...clean.findings, low: 5 } }, DEFAULT_SCORE_WEIGHTS);
    const critical = complianceScore({ ...clean, findings: { ...clean.findings, critical: 5 } }, DEFAULT_SCORE_WEIGHTS);
    // 5 low findings over 100 reviews: 5 points per 100 reviews x weight 1 x findingsWeight 1 = 5
    expect(low.score).toBe(95);
    expect(critical.score).toBeLessThan(low.score!);
    expect(complianceScore({ ...clean, findings: { ...clean.findings, critical: 100 } }, DEFAULT_SCORE_WEIGHTS).score).toBe(0);
  });

  it('loses points for samples not reviewed and for gate blocks', () => {
    expect(complianceScore({ ...clean, reviewed: 50 }, DEFAULT_SCORE_WEIGHTS).score).toBe(100 - DEFAULT_SCORE_WEIGHTS.coverage * 0.5);
    expect(complianceScore({ ...clean, gateBlocks: 10 }, DEFAULT_SCORE_WEIGHTS).score).toBe(100 - DEFAULT_SCORE_WEIGHTS.gateBlocksPer100 * 1);
  });

  it('has no score (null) when nothing was sampled: an actor is not ranked on nothing', () => {
    expect(complianceScore({ ...clean, activities: 3, sampled: 0, reviewed: 0 }, DEFAULT_SCORE_WEIGHTS).score).toBeNull();
  });
});
