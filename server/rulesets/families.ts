import type { Family } from '../generated/schema-types';

/**
 * Each family's fact schema and event vocabulary, by schema name under schemas/. The schemas
 * are the data (the studio loads the same files); this table only links them to a family.
 */
export const FAMILIES: Record<Family, { facts: string; events: Record<string, string> }> = {
  'warning.obligor': { facts: 'rulesets/facts/warning-obligor-facts', events: { warning: 'rulesets/events/warning-event' } },
  'warning.portfolio': { facts: 'rulesets/facts/warning-portfolio-facts', events: { warning: 'rulesets/events/warning-event' } },
  disposition: { facts: 'rulesets/facts/disposition-facts', events: { measure: 'rulesets/events/measure-event' } },
  'collection.action': { facts: 'rulesets/facts/collection-action-facts', events: { collection: 'rulesets/events/collection-event' } },
  'vendor.admission': { facts: 'rulesets/facts/vendor-admission-facts', events: { vendor: 'rulesets/events/vendor-event' } },
  'claim.trigger': { facts: 'rulesets/facts/claim-trigger-facts', events: { claim: 'rulesets/events/claim-event' } },
  'collection.assignment': { facts: 'rulesets/facts/collection-assignment-facts', events: { assignment: 'rulesets/events/assignment-event' } },
  'collection.quality': { facts: 'rulesets/facts/collection-quality-facts', events: { quality: 'rulesets/events/quality-event' } },
  'vendor.assessment': { facts: 'rulesets/facts/vendor-assessment-facts', events: { assessment: 'rulesets/events/assessment-event' } },
  'claim.handling': {
    facts: 'rulesets/facts/claim-handling-facts',
    events: { deadline: 'rulesets/events/claim-deadline-event', escalate: 'rulesets/events/claim-escalation-event' },
  },
  'recovery.impairment': { facts: 'rulesets/facts/recovery-impairment-facts', events: { impairment: 'rulesets/events/impairment-event' } },
  'complaint.handling': {
    facts: 'rulesets/facts/complaint-handling-facts',
    events: { deadline: 'rulesets/events/complaint-deadline-event', escalate: 'rulesets/events/complaint-escalation-event' },
  },
  'stress.scenario': {
    facts: 'rulesets/facts/stress-scenario-facts',
    events: { scenario: 'rulesets/events/stress-scenario-event', threshold: 'rulesets/events/stress-threshold-event' },
  },
  'actuarial.notice': { facts: 'rulesets/facts/actuarial-notice-facts', events: { notify: 'rulesets/events/actuarial-notice-event' } },
  'partner.review': { facts: 'rulesets/facts/partner-review-facts', events: { review: 'rulesets/events/partner-review-event' } },
};

export const FAMILY_NAMES = Object.keys(FAMILIES) as Family[];
