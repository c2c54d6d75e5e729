/** The largest JSON body any route accepts (the general routes' body-parser limit, `10mb`). */
export const JSON_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

/**
 * The deepest nesting of arrays and objects a body (or an imported row) may have. The deepest
 * thing the API takes is a rule set at its limit of 32 condition levels (about 70 here); a deeper
 * body would only reach recursive code (schema validation, whose recursion overflows the stack a
 * few thousand levels down, masking, BSON) and fail there as a 500. The schema registry applies
 * the same limit to every value it validates, imported rows included.
 */
export const MAX_JSON_DEPTH = 200;

/** Shaped like body-parser's errors, so both paths turn it into the same 400 malformed_json. */
export class JsonBodyError extends SyntaxError {
  readonly type = 'entity.parse.failed';
}

// JSON whitespace (RFC 7159) is exactly space, tab, line feed and carriage return.
// eslint-disable-next-line no-control-regex
const FIRST_NON_WHITESPACE = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d]|$)/;

/**
 * A UTF-8 request body parsed exactly as the general routes' body-parser does with
 * `strict: true` (body-parser 2, lib/types/json.js), error messages included: a leading byte
 * order mark is dropped, an empty body is `{}`, and anything but an object or array at the top
 * is refused with the message JSON.parse gives for the first offending character.
 */
export function parseJsonBody(raw: Buffer): unknown {
  let text = raw.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return {};
  assertJsonDepth(text);
  if (text[0] !== '{' && text[0] !== '[') {
    const first = FIRST_NON_WHITESPACE.exec(text)?.[1] || undefined;
    if (first !== '{' && first !== '[') throw strictViolation(text, first);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new JsonBodyError((error as Error).message);
  }
}

/** body-parser's message for a top-level scalar: JSON.parse's error on the text cut at that character. */
function strictViolation(text: string, first: string | undefined): JsonBodyError {
  const index = first === undefined ? -1 : text.indexOf(first);
  const partial = index === -1 ? '' : text.substring(0, index) + '#'.repeat(text.length - index);
  try {
    JSON.parse(partial);
    return new JsonBodyError('strict violation');
  } catch (error) {
    return new JsonBodyError((error as Error).message.replace(/#+/g, (placeholder) => text.substring(index, index + placeholder.length)));
  }
}

/**
 * Throws a JsonBodyError when arrays and objects nest deeper than MAX_JSON_DEPTH. One pass
 * over the text that skips strings, before JSON.parse builds anything.
 */
export function assertJsonDepth(text: string): void {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c)
        index++; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) throw new JsonBodyError(`nested deeper than ${MAX_JSON_DEPTH} levels at position ${index}`);
    } else if (code === 0x5d || code === 0x7d) depth--;
  }
}
