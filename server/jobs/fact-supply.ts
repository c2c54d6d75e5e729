import { AsyncLocalStorage } from 'node:async_hooks';
import { referencedFacts, unsuppliedFacts } from '../engine/missing-facts';
import type { PreparedRuleSet } from '../engine/prepare';
import type { RuleRunner } from '../engine/evaluator';

/** What a run reports per rule set: referenced facts none of its evaluations supplied (schemas/jobs/job-run.json). */
export interface UnsuppliedFacts {
  ruleSet: string;
  versions: number[];
  evaluations: number;
  facts: string[];
}

interface KeyRecord {
  prepared: Map<string, PreparedRuleSet>;
  /** Referenced facts not yet seen supplied: once empty, a call costs one counter increment. */
  pending: Set<string>;
  supplied: Set<string>;
  evaluations: number;
}

/**
 * Which facts a job run's evaluations supplied, per rule-set key. The run's rule runners are
 * wrapped (`trackFactSupply`) where the run resolves them (RunRules in server/monitoring), so the
 * fact builders need not know; each call only checks the referenced facts not seen yet.
 */
export class FactSupplyRecorder {
  private readonly keys = new Map<string, KeyRecord>();

  track(prepared: PreparedRuleSet, run: RuleRunner): RuleRunner {
    let record = this.keys.get(prepared.key);
    if (!record) {
      record = { prepared: new Map(), pending: new Set(), supplied: new Set(), evaluations: 0 };
      this.keys.set(prepared.key, record);
    }
    const versionKey = `${prepared.version}|${prepared.hash}`;
    if (!record.prepared.has(versionKey)) {
      record.prepared.set(versionKey, prepared);
      for (const name of referencedFacts(prepared.rules)) if (!record.supplied.has(name)) record.pending.add(name);
    }
    const tracked = record;
    return (facts) => {
      tracked.evaluations++;
      if (tracked.pending.size > 0) {
        for (const name of tracked.pending) {
          if (facts[name] !== undefined && Object.prototype.hasOwnProperty.call(facts, name)) {
            tracked.pending.delete(name);
            tracked.supplied.add(name);
          }
        }
      }
      return run(facts);
    };
  }

  /** Per key in name order: the versions used, how many evaluations, and the referenced facts never supplied. */
  report(): UnsuppliedFacts[] {
    return [...this.keys.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([ruleSet, record]) => {
        const prepared = [...record.prepared.values()];
        const facts = new Set(prepared.flatMap((version) => unsuppliedFacts(version.rules, record.supplied)));
        return {
          ruleSet,
          versions: [...new Set(prepared.map((version) => version.version))].sort((a, b) => a - b),
          evaluations: record.evaluations,
          facts: [...facts].sort(),
        };
      });
  }
}

/** The recorder of the job run in whose course the code runs (runs in one process may overlap). */
const current = new AsyncLocalStorage<FactSupplyRecorder>();

export function recordingFactSupply<T>(recorder: FactSupplyRecorder, work: () => Promise<T>): Promise<T> {
  return current.run(recorder, work);
}

/** Inside a job run: the runner, counted and watched for the facts it is given. Outside one (the API, previews): the runner as is. */
export function trackFactSupply(prepared: PreparedRuleSet, run: RuleRunner): RuleRunner {
  const recorder = current.getStore();
  return recorder ? recorder.track(prepared, run) : run;
}
