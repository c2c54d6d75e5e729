import type { TestApp } from '../../support/test-app';
import { createOrgUnits } from '../authority/helpers';

export interface CheckAnswer {
  decisionId: string;
  outcome: 'allow' | 'block' | 'require-consent';
  reasons: { rule: string; reason: string; basis: string }[];
  restrictions: string[];
  reservation?: { expiresAt: string };
  facts: Record<string, unknown>;
}

export interface BatchAnswer {
  recordedCount: number;
  unchangedCount: number;
  rejectedCount: number;
  rejected: { index: number; activityId?: string; code: string; problems: { path: string; message: string }[] }[];
}

/** A past day, so that every time of it is allowed (not in the future). */
export const DAY = '2026-11-20';
export const at = (time: string, offset = '+08:00') => `${DAY}T${time}:00${offset}`;

const schedule = [{ seq: 1, dueDate: '2026-10-10', principal: 1000, interest: 0 }];
const loan = (loanId: string, obligorId: string, orgUnit: string) => ({
  loanId,
  obligorId,
  orgUnit,
  channel: 'branch',
  policyId: 'P1',
  product: 'consumer',
  customerTier: 'prime',
  principal: 1000,
  disbursedAt: '2026-09-10',
  installments: schedule,
});

/** Branch units and one loan per obligor: obligors in BR-SH unless named in `beijing`. */
export async function seedObligors(app: TestApp, shanghai: string[], beijing: string[] = []): Promise<void> {
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  const loans = [...shanghai.map((obligor) => loan(`L-${obligor}`, obligor, 'BR-SH')), ...beijing.map((obligor) => loan(`L-${obligor}`, obligor, 'BR-BJ'))];
  const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', { body: { loans } });
  if (imported.status !== 200 || imported.body.rejectedCount !== 0) throw new Error(`import failed: ${imported.text}`);
}

let sequence = 0;
/** An activity with sensible defaults: an internal no-answer call to the obligor. */
export function activity(obligorId: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  sequence++;
  return {
    activityId: `A-${obligorId}-${sequence}`,
    obligorId,
    at: at('10:00'),
    channel: 'call',
    actor: { type: 'internal', agentId: 'agent-1' },
    target: { type: 'obligor' },
    outcome: 'no-answer',
    ...fields,
  };
}

export async function record(app: TestApp, activities: Record<string, unknown>[], as?: string): Promise<BatchAnswer> {
  const answer = await app.request<BatchAnswer>('POST', '/api/v1/collection/activities', { body: { activities }, ...(as ? { as } : {}) });
  if (answer.status !== 200) throw new Error(`recording failed: ${answer.status} ${answer.text}`);
  return answer.body;
}

export async function check(app: TestApp, body: Record<string, unknown>, as?: string): Promise<CheckAnswer> {
  const answer = await app.request<CheckAnswer>('POST', '/api/v1/collection/check', {
    body: { channel: 'call', target: { type: 'obligor' }, actor: { type: 'internal' }, ...body },
    ...(as ? { as } : {}),
  });
  if (answer.status !== 200) throw new Error(`check failed: ${answer.status} ${answer.text}`);
  return answer.body;
}
