import { assessmentFacts, assessmentOutcome } from '../../../server/vendors/scorecards/assessment-facts';
import { rankWithinKinds, scorecardComponents, type ScorecardInputs } from '../../../server/vendors/scorecards/scorecard-arithmetic';

/** The scorecard's arithmetic and its mapping to vendor.assessment facts: pure, no database. */
const inputs = (overrides: Partial<ScorecardInputs> = {}): ScorecardInputs => ({
  compliance: { activities: 2000, findings: 3, highSeverityFindings: 0, gateChecks: 1000, gateBlocks: 20 },
  complaints: { known: false },
  recovery: { stages: [] },
  cooperation: { averageResponseHours: null, dataCompleteness: null, rating: null },
  ...overrides,
});

describe('scorecard components', () => {
  it('computes findings per thousand activities and gate blocks per thousand checks', () => {
    const card = scorecardComponents(inputs());
    expect(card.compliance).toMatchObject({ status: 'known', findingsPerThousandActivities: 1.5, gateBlocksPerThousandChecks: 20 });
    // 100 - 5 points per finding per thousand - 0.5 per block per thousand
    expect(card.compliance.score).toBe(82.5);
  });

  it('reports complaints as unknown and missing, never as 0', () => {
    const card = scorecardComponents(inputs());
    expect(card.complaints).toEqual({ status: 'unknown', score: null, complaintsPerThousandCases: null, complaints: null, placedCases: null });
    expect(card.missing).toEqual(expect.arrayContaining(['complaints']));
    const facts = assessmentFacts({ agencyId: 'A', agencyKind: 'recovery-agency', month: '2026-11', card, rank: null });
    expect('complaintsScore' in facts).toBe(false);
    expect('complaintsPerThousandCases' in facts).toBe(false);
  });

  it('marks recovery unknown without placements and computes it by stage with them', () => {
    expect(scorecardComponents(inputs()).recovery.status).toBe('unknown');
    const card = scorecardComponents(
      inputs({
        recovery: {
          stages: [
            { stage: 'M1', placedBalance: 100_000, recovered: 30_000 },
            { stage: 'M3+', placedBalance: 300_000, recovered: 30_000 },
          ],
        },
      }),
    );
    expect(card.recovery.recoveryRate).toBe(0.15);
    expect(card.recovery.byStage).toEqual([
      { stage: 'M1', placedBalance: 100_000, recovered: 30_000, recoveryRate: 0.3 },
      { stage: 'M3+', placedBalance: 300_000, recovered: 30_000, recoveryRate: 0.1 },
    ]);
    expect(card.recovery.score).toBe(15);
  });

  it('averages the cooperation parts that are known', () => {
    const card = scorecardComponents(inputs({ cooperation: { averageResponseHours: 24, dataCompleteness: 0.9, rating: 60 } }));
    expect(card.cooperation.score).toBe(Math.round(((100 + 90 + 60) / 3) * 10) / 10);
    expect(scorecardComponents(inputs()).cooperation.status).toBe('unknown');
  });

  it('weighs the known components only, and has no score when none is known', () => {
    const card = scorecardComponents(inputs({ cooperation: { averageResponseHours: null, dataCompleteness: null, rating: 50 } }));
    // compliance 82.5 (weight 0.4) and cooperation 50 (weight 0.2)
    expect(card.score).toBe(Math.round(((82.5 * 0.4 + 50 * 0.2) / 0.6) * 10) / 10);
    const empty = scorecardComponents(inputs({ compliance: { activities: 0, findings: 0, highSeverityFindings: 0, gateChecks: 0, gateBlocks: 0 } }));
    expect(empty.score).toBeNull();
    expect(empty.missing).toEqual(['compliance', 'complaints', 'recovery', 'cooperation']);
  });
});

describe('rank within kind', () => {
  it('ranks by score within each kind (1 best), ties by agency id, and leaves unscored agencies out', () => {
    const ranks = rankWithinKinds([
      { agencyId: 'B', kind: 'recovery-agency', score: 70 },
      { agencyId: 'A', kind: 'recovery-agency', score: 70 },
      { agencyId: 'C', kind: 'recovery-agency', score: 40 },
      { agencyId: 'D', kind: 'law-firm', score: 10 },
      { agencyId: 'E', kind: 'recovery-agency', score: null },
    ]);
    expect(ranks.get('A')).toEqual({ rank: 1, activeOfKind: 4, worst: false });
    expect(ranks.get('B')).toEqual({ rank: 2, activeOfKind: 4, worst: false });
    expect(ranks.get('C')).toEqual({ rank: 3, activeOfKind: 4, worst: true });
    expect(ranks.get('D')).toEqual({ rank: 1, activeOfKind: 1, worst: true });
    expect(ranks.get('E')).toEqual({ rank: null, activeOfKind: 4, worst: false });
  });
});

describe('facts and outcome', () => {
  it('maps a scorecard and its rank to vendor.assessment facts', () => {
    const card = scorecardComponents(inputs());
    expect(assessmentFacts({ agencyId: 'A', agencyKind: 'recovery-agency', month: '2026-11', card, rank: { rank: 3, activeOfKind: 3, worst: true } })).toEqual({
      agencyId: 'A',
      agencyKind: 'recovery-agency',
      month: '2026-11',
      score: 82.5,
      complianceScore: 82.5,
      findingsPerThousandActivities: 1.5,
      gateBlocksPerThousandChecks: 20,
      highSeverityFindings: 0,
      activeAgenciesOfKind: 3,
      rankWithinKind: 3,
      worstOfKind: true,
    });
  });

  it('reads the level and the measures from the events', () => {
    expect(
      assessmentOutcome([
        { type: 'assessment', params: { level: 'D', measure: 'suspend', reasons: ['score-d'], basis: 'Art. 22' } },
        { type: 'assessment', params: { measure: 'terminate', reasons: ['worst-of-kind'], basis: 'Art. 22' } },
        { type: 'assessment', params: { measure: 'reduce-placements', reasons: ['compliance-findings'], basis: 'Art. 11-13, 22' } },
      ]),
    ).toEqual({ level: 'D', measures: ['reduce-placements', 'suspend', 'terminate'], reasons: ['score-d', 'worst-of-kind', 'compliance-findings'] });
    expect(assessmentOutcome([])).toEqual({ level: 'unrated', measures: [], reasons: [] });
  });
});
