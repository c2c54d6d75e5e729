import { createLogger } from '../../../server/logger';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The decision log keeps only the facts the family's fact schema names, and masks those the
 * schema marks as personal data (`x-personal-data`); the logger redacts the same names.
 */
let app: TestApp;
const logLines: string[] = [];
beforeAll(async () => {
  app = await startTestApp({ LOG_LEVEL: 'debug' }, { logLines });
});
afterAll(() => app.close());

const PERSONAL_VALUES = ['Zhang San', '110101199003071234', '6222020200112233445', '13800138000', 'Li Si'];

test('facts the schema does not name are not stored, personal ones are masked, and neither reaches a log line', async () => {
  const facts = {
    obligorId: 'OB-PRIV-1',
    dpd: 95,
    customerName: 'Zhang San',
    idCard: '110101199003071234',
    身份证号: '110101199003071234',
    bankAccount: '6222020200112233445',
    name: 'Li Si',
    phone: '13800138000',
  };
  const evaluated = await app.request<{ decisionId: string }>('POST', '/api/v1/rulesets/warning.obligor/evaluate', { body: { facts } });
  expect(evaluated.status).toBe(200);

  const read = await app.request<{ facts: Record<string, unknown> }>('GET', `/api/v1/decisions/${evaluated.body.decisionId}`);
  expect(read.status).toBe(200);
  expect(read.body.facts).toEqual({ obligorId: 'OB-PRIV-1', dpd: 95, name: '***', phone: '***' });

  const raw = await app.connection.collection('decisions').findOne({ _id: evaluated.body.decisionId as never });
  const rawText = JSON.stringify(raw);
  for (const value of PERSONAL_VALUES) expect(rawText).not.toContain(value);
  expect(rawText).not.toContain('customerName');
  expect(rawText).not.toContain('身份证号');

  // The batch path stores the same.
  const batch = await app.request<{ results: { decisionId: string }[] }>('POST', '/api/v1/rulesets/warning.obligor/evaluate/batch', {
    body: { items: [{ facts }] },
  });
  const batchRaw = JSON.stringify(await app.connection.collection('decisions').findOne({ _id: batch.body.results[0]!.decisionId as never }));
  for (const value of PERSONAL_VALUES) expect(batchRaw).not.toContain(value);

  // Invalid facts are refused with details that name the field, never echo a personal value.
  const refused = await app.request('POST', '/api/v1/rulesets/warning.obligor/evaluate', { body: { facts: { ...facts, dpd: 'ninety' } } });
  expect(refused.status).toBe(400);
  for (const value of PERSONAL_VALUES) expect(refused.text).not.toContain(value);

  expect(logLines.length).toBeGreaterThan(0);
  for (const line of logLines) for (const value of PERSONAL_VALUES) expect(line).not.toContain(value);
});

test('the logger redacts every fact the schemas mark as personal data, wherever it sits', () => {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => lines.push(line) });
  logger.info(
    { obligor: { name: 'Li Si', idNumber: '110101199003071234', mobile: '13800138000', email: 'li@example.com', fullName: 'Li Si', address: 'Pudong' } },
    'an obligor',
  );
  logger.info({ name: 'Li Si', request: { body: { facts: { phone: '13800138000' } } } }, 'a request');
  const text = lines.join('\n');
  for (const value of ['Li Si', '110101199003071234', '13800138000', 'li@example.com', 'Pudong']) expect(text).not.toContain(value);
});
