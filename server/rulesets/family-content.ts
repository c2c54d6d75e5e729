import type { Family, RuleSetVersion } from '../generated/schema-types';
import type { ErrorDetail } from '../http/errors';
import { scenarioSetProblems } from '../stress/mandated-scenarios';

/**
 * Checks a family adds to validation beyond facts and events: what its rule sets must always contain. Run by
 * validateRuleSet once everything else passes, so drafts, submit and publish refuse the same content.
 */
export const FAMILY_CONTENT_CHECKS: Partial<Record<Family, (ruleSet: RuleSetVersion, where: string) => ErrorDetail[]>> = {
  // Art. 33: the seven named stress scenarios always stay in the set.
  'stress.scenario': scenarioSetProblems,
};
