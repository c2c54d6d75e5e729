import type { OrgScope } from '../authority/org-scope';
import { HEAD_OFFICE } from '../authority/responsibility';
import { reachedOutcome, WARNING_LEVELS, type WarningLevel } from '../backtest/outcome-measures';
import type { PreparedRunner, RuleSetEvaluator } from '../engine/evaluator';
import type { DecisionEvent, Facts } from '../engine/evaluate';
import type { PreparedRuleSet } from '../engine/prepare';
import { AppError } from '../http/errors';
import type { Business } from '../monitoring/effective-rule-sets';
import { NO_CHALLENGES, type ArmDecision, type ChallengerSeam, type ChallengeSubject, type RunChallenges } from '../monitoring/challenger-seam';
import type { RuleSetVersionRecord } from '../rulesets/ruleset.model';
import type { ChallengeRoute, EvaluationChallenges } from '../rulesets/evaluation-challenges';
import { severer, type DayObservation } from './challenger-comparison';
import { armOf, type SplitTest } from './challenger-split';
import type { ChallengerStore, ChallengerTestRecord } from './challenger.store';

/** What the arms need to prepare a challenger version for a unit: the version with the unit's overlays in force (EffectiveRuleSets). */
export interface VersionsForUnits {
  preparedForVersion(record: RuleSetVersionRecord, orgUnit: string, business?: Business): Promise<{ prepared: PreparedRuleSet }>;
}

export interface ArmsDependencies {
  store: ChallengerStore;
  /** A stored version by key and number (ActiveVersions.anyVersion). */
  version: (key: string, version: number) => Promise<{ record: RuleSetVersionRecord }>;
  units: VersionsForUnits;
  evaluator: RuleSetEvaluator;
  orgScope: OrgScope;
}

/** A running test made ready for a run: its split and its challenger version. */
interface LoadedTest {
  record: ChallengerTestRecord;
  split: SplitTest;
  challenger: RuleSetVersionRecord;
}

/** How long the evaluation API trusts its list of running tests (like the publications: a start or end applies within a second). */
export const RUNNING_REFRESH_MS = 1000;

/**
 * The running tests, for the daily monitoring (forRun: read once per run) and for the evaluation API (route:
 * re-read at most once a second). Monitoring evaluates the keys `warning.obligor` and `disposition`, so only
 * tests of those keys take part in the daily run; the evaluation API routes a test of any key it evaluates.
 */
export class ChallengerArms implements ChallengerSeam, EvaluationChallenges {
  private cached?: { loadedAt: number; tests: Promise<LoadedTest[]> };
  /** The last list read: the evaluation API keeps answering (and spooling its decisions) while the database is down. */
  private lastKnown: LoadedTest[] = [];
  private loaded = false;

  constructor(
    private readonly dependencies: ArmsDependencies,
    private readonly now: () => number = Date.now,
  ) {}

  /** Drops this process's list (after a start or end here), so the next evaluation reads it afresh. */
  forget(): void {
    this.cached = undefined;
    this.loaded = false;
  }

  async forRun(): Promise<RunChallenges> {
    const tests = (await this.load()).filter((test) => test.record.key === 'warning.obligor' || test.record.key === 'disposition');
    return tests.length === 0 ? NO_CHALLENGES : new RunArms(tests, this.dependencies);
  }

  async route(key: string, facts: Facts, orgUnit: string): Promise<ChallengeRoute | undefined> {
    if (typeof facts.obligorId !== 'string') return undefined;
    if (!this.cached || this.now() - this.cached.loadedAt >= RUNNING_REFRESH_MS) {
      const tests = this.load().then(
        (loaded) => {
          this.loaded = true;
          return (this.lastKnown = loaded);
        },
        () => this.lastKnown,
      );
      this.cached = { loadedAt: this.now(), tests };
    }
    // Once read, a refresh runs beside the answers: a database that is down or slow never holds an evaluation up.
    const running = this.loaded ? this.lastKnown : await this.cached.tests;
    const test = running.find((candidate) => candidate.record.key === key);
    if (!test) return undefined;
    const arm = armOf(test.split, { obligorId: facts.obligorId, orgUnit, ...segmentOf(facts) });
    return arm ? { testId: test.record._id, arm, challengerVersion: test.record.challengerVersion } : undefined;
  }

  private async load(): Promise<LoadedTest[]> {
    const running = await this.dependencies.store.running();
    return Promise.all(
      running.map(async (record) => ({
        record,
        split: {
          testId: record._id,
          shareBasisPoints: record.shareBasisPoints,
          units: record.orgUnit === HEAD_OFFICE ? undefined : new Set(await this.dependencies.orgScope.unitsWithin(record.orgUnit)),
          segments: record.segments,
        },
        challenger: (await this.dependencies.version(record.key, record.challengerVersion)).record,
      })),
    );
  }
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function segmentOf(facts: Facts): { customerTier: string | null; channel: string | null; product: string | null } {
  return { customerTier: text(facts.customerTier), channel: text(facts.channel), product: text(facts.product) };
}

/** The most severe warning level among a decision's events, or null. */
export function warningLevel(events: readonly DecisionEvent[]): WarningLevel | null {
  let level: WarningLevel | null = null;
  for (const event of events) {
    const candidate = (event.params as { level?: unknown } | undefined)?.level;
    if (event.type === 'warning' && WARNING_LEVELS.includes(candidate as WarningLevel)) level = severer(level, candidate as WarningLevel);
  }
  return level;
}

/** One run's view of the running tests: the arms' decisions, and the day's observations gathered for flush. */
class RunArms implements RunChallenges {
  private readonly warningTest?: LoadedTest;
  private readonly dispositionTest?: LoadedTest;
  private readonly runners = new Map<string, Promise<PreparedRunner>>();
  /** Per test, per obligor: one row a day (an obligor with several lines of business keeps the severer level, bad if any is). */
  private readonly rows = new Map<string, Map<string, DayObservation>>();

  constructor(
    tests: readonly LoadedTest[],
    private readonly dependencies: ArmsDependencies,
  ) {
    this.warningTest = tests.find((test) => test.record.key === 'warning.obligor');
    this.dispositionTest = tests.find((test) => test.record.key === 'disposition');
  }

  async warning(subject: ChallengeSubject, facts: Facts, champion: PreparedRunner, business: Business): Promise<ArmDecision> {
    const decided = await this.decide(this.warningTest, subject, facts, champion, business);
    const bad = reachedOutcome(facts as { dpd?: number | null; claimed?: boolean | null }) !== null;
    if (this.warningTest && decided.arm) {
      const shadowLevel = warningLevel(decided.challenge!.shadow!.events);
      const actedLevel = warningLevel(decided.events);
      const [championLevel, challengerLevel] = decided.arm === 'champion' ? [actedLevel, shadowLevel] : [shadowLevel, actedLevel];
      this.observe(this.warningTest, { obligorId: subject.obligorId, arm: decided.arm, championLevel, challengerLevel, bad });
    }
    // A disposition test is observed on the warning levels acted on: both arms see the same warnings, their measures differ.
    const dispositionArm = this.dispositionTest ? armOf(this.dispositionTest.split, subject) : null;
    if (this.dispositionTest && dispositionArm) {
      const level = warningLevel(decided.events);
      this.observe(this.dispositionTest, { obligorId: subject.obligorId, arm: dispositionArm, championLevel: level, challengerLevel: level, bad });
    }
    return strip(decided);
  }

  async disposition(subject: ChallengeSubject, facts: Facts, champion: PreparedRunner, business: Business): Promise<ArmDecision> {
    return strip(await this.decide(this.dispositionTest, subject, facts, champion, business));
  }

  async flush(asOf: string): Promise<void> {
    for (const [testId, rows] of this.rows) await this.dependencies.store.writeDay(testId, asOf, [...rows.values()]);
    this.rows.clear();
  }

  private async decide(
    test: LoadedTest | undefined,
    subject: ChallengeSubject,
    facts: Facts,
    champion: PreparedRunner,
    business: Business,
  ): Promise<ArmDecision & { arm: 'champion' | 'challenger' | null }> {
    const arm = test ? armOf(test.split, subject) : null;
    if (!test || !arm) return { prepared: champion.prepared, events: await champion.run(facts), arm: null };
    const challenger = await this.challenger(test, subject.orgUnit, business);
    const championEvents = await champion.run(facts);
    const challengerEvents = await challenger.run(facts);
    const [acted, shadow] =
      arm === 'champion'
        ? [
            { prepared: champion.prepared, events: championEvents },
            { prepared: challenger.prepared, events: challengerEvents },
          ]
        : [
            { prepared: challenger.prepared, events: challengerEvents },
            { prepared: champion.prepared, events: championEvents },
          ];
    return {
      ...acted,
      arm,
      challenge: { testId: test.record._id, arm, shadow: { version: shadow.prepared.version, hash: shadow.prepared.hash, events: shadow.events } },
    };
  }

  /** The challenger version with the unit's overlays, like the champion; a unit the org tree does not know evaluates HQ's, as RunRules does. */
  private challenger(test: LoadedTest, orgUnit: string, business: Business): Promise<PreparedRunner> {
    const key = `${test.record._id}|${orgUnit}|${business.product ?? ''}|${business.channel ?? ''}`;
    let runner = this.runners.get(key);
    if (!runner) {
      const { units, evaluator } = this.dependencies;
      runner = units
        .preparedForVersion(test.challenger, orgUnit, business)
        .catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'unknown_org_unit' && orgUnit !== HEAD_OFFICE)
            return units.preparedForVersion(test.challenger, HEAD_OFFICE, business);
          throw error;
        })
        .then(({ prepared }) => ({ prepared, run: evaluator.runner(prepared) }));
      this.runners.set(key, runner);
    }
    return runner;
  }

  private observe(test: LoadedTest, row: DayObservation): void {
    let rows = this.rows.get(test.record._id);
    if (!rows) this.rows.set(test.record._id, (rows = new Map()));
    const earlier = rows.get(row.obligorId);
    rows.set(
      row.obligorId,
      earlier
        ? {
            ...earlier,
            championLevel: severer(earlier.championLevel, row.championLevel),
            challengerLevel: severer(earlier.challengerLevel, row.challengerLevel),
            bad: earlier.bad || row.bad,
          }
        : row,
    );
  }
}

function strip({ arm: _arm, ...decision }: ArmDecision & { arm: unknown }): ArmDecision {
  return decision;
}
