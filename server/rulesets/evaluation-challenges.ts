import type { Facts } from '../engine/evaluate';

/** An obligor in a running champion/challenger test of the rule set evaluated: its test, arm and the challenger version. */
export interface ChallengeRoute {
  testId: string;
  arm: 'champion' | 'challenger';
  challengerVersion: number;
}

/**
 * What the evaluation API asks of champion/challenger (implemented in server/challenger): whether the obligor
 * the facts name (facts.obligorId) is in a running test of the rule set for the unit, and in which arm. The
 * evaluation then runs both versions, answers with the arm's and records the test, arm and shadow result.
 */
export interface EvaluationChallenges {
  route(key: string, facts: Facts, orgUnit: string): Promise<ChallengeRoute | undefined>;
}
