import { loadConfig } from '../../../server/config';
import { DEFAULT_IMPORT_LIMITS } from '../../../server/portfolio/import-body';
import { parseImportNumber } from '../../../server/portfolio/import-numbers';
import { matchesFilter } from '../../../server/portfolio/staged-rows';

test('CSV numbers are exactly the numbers JSON can write', () => {
  for (const text of ['0', '-0', '12', '12.5', '-3.25', '1e3', '1E-2', '2.5e+1']) expect([text, parseImportNumber(text)]).toEqual([text, JSON.parse(text)]);
  for (const text of ['', ' ', '0x10', '0b1', '0o7', '.5', '5.', '+5', '01', 'Infinity', '-Infinity', 'NaN', '1_000', '1 000', '1e400', '１０', '1,5']) {
    expect([text, parseImportNumber(text)]).toEqual([text, undefined]);
  }
});

test('the import limits are settings with defaults, and a bad value stops the start', () => {
  expect(loadConfig({ NODE_ENV: 'test' }).imports).toEqual(DEFAULT_IMPORT_LIMITS);
  expect(loadConfig({ NODE_ENV: 'test', IMPORT_MAX_LINE_BYTES: '65536', IMPORT_MAX_FIELD_CHARS: '4096' }).imports).toEqual({
    maxLineBytes: 65536,
    maxFieldChars: 4096,
  });
  expect(() => loadConfig({ NODE_ENV: 'test', IMPORT_MAX_LINE_BYTES: 'lots', IMPORT_MAX_FIELD_CHARS: '0' })).toThrow(
    /IMPORT_MAX_LINE_BYTES[\s\S]*IMPORT_MAX_FIELD_CHARS/,
  );
});

test('staged rows are matched against the filters the readers use', () => {
  const loan = { loanId: 'L1', obligorId: 'O1', orgUnit: 'BR-SH', channel: 'online-a' };
  expect(matchesFilter(loan, {})).toBe(true);
  expect(matchesFilter(loan, { obligorId: 'O1' })).toBe(true);
  expect(matchesFilter(loan, { obligorId: 'O2' })).toBe(false);
  expect(matchesFilter(loan, { loanId: { $in: ['L1', 'L2'] } })).toBe(true);
  // A branch's share: its units, without internet business (book-scope.ts).
  const branch = { orgUnit: { $in: ['BR-SH'] }, $nor: [{ channel: { $regex: '^online-' } }, { channel: 'app' }] };
  expect(matchesFilter(loan, branch)).toBe(false);
  expect(matchesFilter({ ...loan, channel: 'bank-branch' }, branch)).toBe(true);
  expect(() => matchesFilter(loan, { principalCents: { $gt: 1 } })).toThrow(/\$gt/);
});
