import type { PreparedRuleSet } from '../engine/prepare';
import type { Business, UnitRuleSets } from '../monitoring/effective-rule-sets';
import type { ObligorFactsBatch } from '../monitoring/obligor-facts-batch';
import type { Level } from './impact.table';

/** One rule set a pass asked for (a unit, and a business where grants are limited to products or channels), and what it got. */
export interface Resolution {
  key: string;
  orgUnit: string;
  business?: Business;
  /** The version, its content hash and its resolved parameters (the overlays applied), or the error it met. */
  got: string;
}

/**
 * The published rule sets' levels of one preview's facts: the first of the preview's two passes. A policy owner tuning a
 * threshold previews again and again on the same day's facts while nothing is published; that pass then gives the same
 * levels every time, and at a million obligors it is nearly half of the preview. Kept for the facts batch it was
 * decided on (the same object while the day's facts snapshot is the same write) and reused only while every rule set
 * the pass resolved resolves the same now (a publication, an overlay or a grant changes what it gets).
 */
export interface PublishedLevels {
  batch: ObligorFactsBatch;
  sample: number;
  resolutions: readonly Resolution[];
  levels: Map<string, Level>;
}

/** Hands out the rule sets `inner` resolves and notes each resolution, so a later preview can tell whether they still hold. */
export class NotedRuleSets implements UnitRuleSets {
  readonly resolutions: Resolution[] = [];

  constructor(private readonly inner: UnitRuleSets) {}

  async prepared(key: string, orgUnit: string, options?: { business?: Business }): Promise<{ prepared: PreparedRuleSet }> {
    const noted = { key, orgUnit, ...(options?.business ? { business: options.business } : {}) };
    try {
      const result = await this.inner.prepared(key, orgUnit, options);
      this.resolutions.push({ ...noted, got: describe(result.prepared) });
      return result;
    } catch (error) {
      this.resolutions.push({ ...noted, got: failure(error) });
      throw error;
    }
  }
}

/** Whether every resolution of an earlier pass resolves the same through `ruleSets` now. */
export async function stillResolved(ruleSets: UnitRuleSets, resolutions: readonly Resolution[]): Promise<boolean> {
  for (const resolution of resolutions) {
    const options = resolution.business ? { business: resolution.business } : undefined;
    const got = await ruleSets.prepared(resolution.key, resolution.orgUnit, options).then(
      (result) => describe(result.prepared),
      (error: unknown) => failure(error),
    );
    if (got !== resolution.got) return false;
  }
  return true;
}

function describe(prepared: PreparedRuleSet): string {
  return `${prepared.key}@${prepared.version}#${prepared.hash}:${JSON.stringify(prepared.parameters)}`;
}

function failure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return `error:${typeof code === 'string' ? code : error instanceof Error ? error.message : String(error)}`;
}
