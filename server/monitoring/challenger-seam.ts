import type { PreparedRunner } from '../engine/evaluator';
import type { DecisionEvent, Facts } from '../engine/evaluate';
import type { PreparedRuleSet } from '../engine/prepare';
import type { ChallengerDecision } from '../generated/schema-types';
import type { Business } from './effective-rule-sets';

/** The obligor a decision is for, as the split reads it. */
export interface ChallengeSubject {
  obligorId: string;
  orgUnit: string;
  customerTier: string | null;
  channel: string | null;
  product: string | null;
}

/** The decision to act on: the arm's version and its events, and, for an obligor in a test, the test, arm and shadow result. */
export interface ArmDecision {
  prepared: PreparedRuleSet;
  events: DecisionEvent[];
  challenge?: ChallengerDecision;
}

/**
 * The one seam between the daily monitoring and champion/challenger tests (server/challenger): the run asks it
 * for the decision of each obligor instead of running the champion alone. For an obligor outside every running
 * test it runs the champion (the version monitoring resolved) and nothing else happens; inside a test both
 * versions run, the arm's decision is acted on and the other kept as the shadow result.
 */
/**
 * One subject's decision for one family. A plain decision where no promise is needed: a run over a million subjects
 * awaits one promise per subject only when a test needs it.
 */
export type ArmDecider = (subject: ChallengeSubject, facts: Facts, champion: PreparedRunner, business: Business) => ArmDecision | Promise<ArmDecision>;

export interface RunChallenges {
  /** warning.obligor for one subject; also records the day's observation of every test the obligor is in. */
  warning: ArmDecider;
  /** disposition for one subject. */
  disposition: ArmDecider;
  /** Stores the day's observations (the comparison reads them); the dry runs (impact preview, benchmark) never call it. */
  flush(asOf: string): Promise<void>;
}

export interface ChallengerSeam {
  /** The tests running now, read once for a run so the whole run splits alike. */
  forRun(): Promise<RunChallenges>;
}

/** No test running: the champion decides, as before champion/challenger existed. */
export const NO_CHALLENGES: RunChallenges = {
  warning: (_subject, facts, champion) => championDecision(facts, champion),
  disposition: (_subject, facts, champion) => championDecision(facts, champion),
  flush: async () => undefined,
};

/** The champion's decision, synchronous when its runner is (the compiled path). */
function championDecision(facts: Facts, champion: PreparedRunner): ArmDecision | Promise<ArmDecision> {
  const events = champion.run(facts);
  return events instanceof Promise ? events.then((settled) => ({ prepared: champion.prepared, events: settled })) : { prepared: champion.prepared, events };
}
