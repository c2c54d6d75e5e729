import fs from 'node:fs';
import path from 'node:path';
import { detailText, ERROR_MESSAGES } from '../../../studio/src/error-messages';
import { PROJECT_ROOT } from '../../support/test-app';

/**
 * Every error code the server can answer with reads in Chinese in the studio: the codes are read
 * from the server's sources (each error class's code argument, and the classes' defaults), so a
 * new code without a Chinese text fails here rather than showing English only.
 */
// Which argument (0-based) of each error class is its code.
const CODE_ARGUMENT: Record<string, number> = {
  AppError: 1, ValidationError: 2, UnauthenticatedError: 1, ForbiddenError: 1, NotFoundError: 1, ConflictError: 0, UnprocessableError: 0, ServiceUnavailableError: 0,
};

function* sources(directory: string): Generator<string> {
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'generated') yield* sources(full);
    } else if (full.endsWith('.ts')) yield full;
  }
}

/** The top-level arguments of the call whose "(" is at `open`. */
function argumentsAt(text: string, open: number): string[] {
  const items: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (let index = open + 1; index < text.length; index += 1) {
    const char = text[index]!;
    if (quote) {
      if (char === quote && text[index - 1] !== '\\') quote = undefined;
    } else if (char === "'" || char === '"' || char === '`') quote = char;
    else if ('([{'.includes(char)) depth += 1;
    else if (')]}'.includes(char)) {
      if (depth === 0) break;
      depth -= 1;
    } else if (char === ',' && depth === 0) {
      items.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim()) items.push(current.trim());
  return items;
}

function serverErrorCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  const pattern = new RegExp(`new (${Object.keys(CODE_ARGUMENT).join('|')})\\(`, 'g');
  for (const file of sources(path.join(PROJECT_ROOT, 'server'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(pattern)) {
      const code = argumentsAt(text, match.index + match[0].length - 1)[CODE_ARGUMENT[match[1]!]!];
      const literal = code && /^'([a-z][a-z0-9_]*)'$/.exec(code);
      if (literal) codes.set(literal[1]!, path.relative(PROJECT_ROOT, file));
    }
    // The classes' default codes (e.g. `code = 'invalid_input'`).
    for (const match of text.matchAll(/\bcode = '([a-z][a-z0-9_]*)'/g)) codes.set(match[1]!, path.relative(PROJECT_ROOT, file));
  }
  return codes;
}

test('every error code the server throws has a Chinese text in studio/src/error-messages.ts', () => {
  const codes = serverErrorCodes();
  // The scan finds the codes it must (so it cannot pass by finding none).
  expect([...codes.keys()]).toEqual(expect.arrayContaining(['invalid_input', 'not_found', 'stale_version', 'unknown_obligor', 'run_before_last_run', 'decision_log_full']));
  const missing = [...codes].filter(([code]) => !ERROR_MESSAGES[code]).map(([code, file]) => `${code} (${file})`);
  expect(missing).toEqual([]);
  for (const text of Object.values(ERROR_MESSAGES)) expect(text).toMatch(/[\u4e00-\u9fff]/);
});

test('a field error names the problem in both languages and never shows a pattern\'s regular expression', () => {
  expect(detailText({ message: 'must match pattern "^\\d{4}-(0[1-9]|1[0-2])$"', keyword: 'pattern' })).toBe('格式不正确 is not in the expected format');
  expect(detailText({ message: 'is required', keyword: 'required' })).toBe('必填 is required');
  expect(detailText({ message: 'Value 200 is above the bound 90' })).toBe('Value 200 is above the bound 90');
});
