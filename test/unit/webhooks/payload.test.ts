import path from 'node:path';
import { SchemaRegistry } from '../../../server/http/schema-registry';
import { eventProblems, webhookBody } from '../../../server/webhooks/webhook-payload';
import type { PlatformEvent } from '../../../server/events/platform-events';

const registry = new SchemaRegistry(path.resolve(__dirname, '../../../schemas'));
const event: PlatformEvent = {
  id: 'alert.raised:A-1:1',
  type: 'alert.raised',
  orgUnit: 'BR-SH',
  occurredAt: new Date('2026-03-01T08:00:00Z'),
  data: {
    alertId: 'A-1',
    obligorId: 'OB-77',
    name: '张三',
    level: 'orange',
    facts: { dpd: 35, phone: '13800000000', nested: [{ idNumber: '310...', score: 610 }] },
    at: new Date('2026-03-01T00:00:00Z'),
  },
};

test('the body follows the payload schema and carries no personal fields at any depth', () => {
  const body = JSON.parse(webhookBody(event)) as Record<string, unknown>;
  expect(registry.check('webhooks/webhook-payload', body)).toEqual([]);
  expect(body).toEqual({
    id: 'alert.raised:A-1:1',
    type: 'alert.raised',
    orgUnit: 'BR-SH',
    occurredAt: '2026-03-01T08:00:00.000Z',
    data: { alertId: 'A-1', obligorId: 'OB-77', level: 'orange', facts: { dpd: 35, nested: [{ score: 610 }] }, at: '2026-03-01T00:00:00.000Z' },
  });
});

test('the same event always gives the same bytes', () => {
  expect(webhookBody(event)).toBe(webhookBody({ ...event, data: { ...event.data } }));
});

test('malformed events are named precisely', () => {
  expect(eventProblems(event)).toEqual([]);
  expect(eventProblems({ ...event, type: 'alert.exploded' as never, id: '', occurredAt: new Date('nope'), data: [] as never })).toEqual([
    'id must be a non-empty string of at most 300 characters',
    expect.stringContaining('type "alert.exploded" is not one of'),
    'occurredAt must be a valid Date',
    'data must be an object',
  ]);
});
