import fs from 'node:fs';
import path from 'node:path';
import type { AuditLog } from '../audit/audit.service';
import type { RuleSetVersion } from '../generated/schema-types';
import type { Logger } from '../logger';
import type { RuleSetEvaluator } from '../engine/evaluator';
import { ruleSetHash } from '../engine/hash';
import { checkRuleSet } from './ruleset.catalog';
import type { RuleSetStore } from './ruleset.store';
import type { ValidationContext } from './ruleset.validation';
import { normaliseContent } from './ruleset.service';

export const SYSTEM_ACTOR = 'system';

/** rules/<key>.json files (not the *.cases.json golden tables), parsed. */
export function readStandardPack(rulesDirectory: string): RuleSetVersion[] {
  if (!fs.existsSync(rulesDirectory)) return [];
  return fs
    .readdirSync(rulesDirectory)
    .filter((name) => name.endsWith('.json') && !name.endsWith('.cases.json'))
    .sort()
    .map((name) => normaliseContent(JSON.parse(fs.readFileSync(path.join(rulesDirectory, name), 'utf8')) as RuleSetVersion));
}

/**
 * Seeds each standard rule set as published version 1 when its key has no versions yet.
 * The seed is the initial baseline and bypasses maker-checker (actor "system"); every later
 * change goes through approval. Two processes starting at once race on the unique
 * (key, version) index: the loser sees a duplicate and leaves it to the winner.
 */
export async function seedStandardPack(
  rulesDirectory: string,
  store: RuleSetStore,
  context: ValidationContext,
  evaluator: RuleSetEvaluator,
  logger: Logger,
  audit?: AuditLog,
): Promise<string[]> {
  const seeded: string[] = [];
  for (const content of readStandardPack(rulesDirectory)) {
    if ((await store.latestVersionNumber(content.key)) > 0) continue;
    const { problems } = await checkRuleSet(content, context, evaluator);
    if (problems.length > 0) {
      throw new Error(`The standard rule set ${content.key} is invalid: ${problems.map((problem) => `${problem.path} ${problem.message}`).join('; ')}`);
    }
    const now = new Date();
    try {
      await store.insertVersion({
        key: content.key,
        version: 1,
        family: content.family,
        orgUnit: content.orgUnit,
        content,
        hash: ruleSetHash(content),
        state: 'published',
        revision: 1,
        author: SYSTEM_ACTOR,
        makers: [SYSTEM_ACTOR],
        approvedBy: SYSTEM_ACTOR,
        publishedBy: SYSTEM_ACTOR,
        effectiveFrom: now,
        publishedAt: now,
        createdAt: now,
        updatedAt: now,
      });
    } catch (error) {
      if ((error as { code?: string }).code === 'stale_version') continue;
      throw error;
    }
    await store.insertPublication({ key: content.key, version: 1, effectiveFrom: now, publishedAt: now, publishedBy: SYSTEM_ACTOR });
    const reason = 'Standard rule pack: initial baseline (seeded without maker-checker)';
    await store.recordAction({ key: content.key, version: 1, action: 'seed', actor: SYSTEM_ACTOR, at: now, toState: 'published', reason, effectiveFrom: now });
    await audit?.record({
      actor: SYSTEM_ACTOR,
      action: 'seed',
      entity: { kind: 'rule-set', id: content.key },
      orgUnit: content.orgUnit,
      after: { version: 1, state: 'published', hash: ruleSetHash(content) },
      reason,
    });
    seeded.push(content.key);
  }
  if (seeded.length > 0) logger.info({ ruleSets: seeded }, 'seeded the standard rule pack');
  return seeded;
}
