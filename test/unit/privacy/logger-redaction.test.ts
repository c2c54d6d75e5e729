import { createLogger } from '../../../server/logger';

/** Log lines through the real logger into memory, as a stream. */
function capture(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return { lines, logger: createLogger('info', { write: (line: string) => lines.push(line) }) };
}

test('the logger redacts fullName, mobile and email at the top level, one and two levels down', () => {
  const { lines, logger } = capture();
  logger.info({ fullName: 'Wang Wu', mobile: '13700137000', email: 'wang@example.com' }, 'top level');
  logger.info({ obligor: { fullName: 'Wang Wu', mobile: '13700137000', email: 'wang@example.com' } }, 'one down');
  logger.info({ import: { row: { fullName: 'Wang Wu', mobile: '13700137000', email: 'wang@example.com' } } }, 'two down');
  expect(lines).toHaveLength(3);
  const text = lines.join('\n');
  for (const value of ['Wang Wu', '13700137000', 'wang@example.com']) expect(text).not.toContain(value);
  for (const line of lines) expect(line).toContain('[redacted]');
});
