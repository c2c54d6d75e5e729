import { ERROR_CODES } from '../../../server/http/error-codes';
import { detailText, ERROR_MESSAGES } from '../../../studio/src/error-messages';

// The studio's own codes for failures that never reach the server.
const STUDIO_CODES = ['network_error', 'http_error'];

/**
 * Every error code the server can answer with reads in Chinese in the studio: the codes are the
 * one catalogue (server/http/error-codes.ts), so a new code without a Chinese text fails here
 * rather than showing English only, and a code the server no longer answers leaves no stale entry.
 */
test('every catalogued error code has a Chinese text in studio/src/error-messages.ts, and nothing else does', () => {
  expect(Object.keys(ERROR_MESSAGES).sort()).toEqual([...Object.keys(ERROR_CODES), ...STUDIO_CODES].sort());
  for (const text of Object.values(ERROR_MESSAGES)) expect(text).toMatch(/[\u4e00-\u9fff]/);
});

test("a field error names the problem in both languages and never shows a pattern's regular expression", () => {
  expect(detailText({ message: 'must match pattern "^\\d{4}-(0[1-9]|1[0-2])$"', keyword: 'pattern' })).toBe('格式不正确 is not in the expected format');
  expect(detailText({ message: 'is required', keyword: 'required' })).toBe('必填 is required');
  expect(detailText({ message: 'Value 200 is above the bound 90' })).toBe('Value 200 is above the bound 90');
});
