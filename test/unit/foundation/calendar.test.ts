import { dateOfMoment } from '../../../server/ground/calendar';

test('a moment falls on its UTC calendar day, also in its last millisecond and across month and year ends', () => {
  expect(dateOfMoment(new Date('2025-10-05T00:00:00.000Z'))).toBe('2025-10-05');
  expect(dateOfMoment(new Date('2025-10-05T23:59:59.999Z'))).toBe('2025-10-05');
  expect(dateOfMoment(new Date('2025-12-31T23:59:59.999+08:00'))).toBe('2025-12-31');
  expect(dateOfMoment(new Date('2026-01-01T07:59:59.999+08:00'))).toBe('2025-12-31');
  expect(dateOfMoment(new Date('2024-02-29T12:00:00.000Z'))).toBe('2024-02-29');
});
