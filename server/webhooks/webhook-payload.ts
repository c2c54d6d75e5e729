import { withoutPersonalFields } from '../privacy/masking';
import { PLATFORM_EVENT_TYPES, type PlatformEvent } from '../events/platform-events';

/** Producer mistakes are programming errors, reported loudly rather than delivered. */
export function eventProblems(event: PlatformEvent): string[] {
  const problems: string[] = [];
  if (typeof event.id !== 'string' || event.id.length === 0 || event.id.length > 300) problems.push('id must be a non-empty string of at most 300 characters');
  if (!(PLATFORM_EVENT_TYPES as readonly string[]).includes(event.type))
    problems.push(`type "${String(event.type)}" is not one of ${PLATFORM_EVENT_TYPES.join(', ')}`);
  if (typeof event.orgUnit !== 'string' || event.orgUnit.length === 0) problems.push('orgUnit is required');
  if (!(event.occurredAt instanceof Date) || Number.isNaN(event.occurredAt.getTime())) problems.push('occurredAt must be a valid Date');
  if (typeof event.data !== 'object' || event.data === null || Array.isArray(event.data)) problems.push('data must be an object');
  return problems;
}

/** The exact body every subscription receives for the event (schemas/webhooks/webhook-payload.json). */
export function webhookBody(event: PlatformEvent): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    orgUnit: event.orgUnit,
    occurredAt: event.occurredAt.toISOString(),
    data: withoutPersonalFields(event.data),
  });
}
