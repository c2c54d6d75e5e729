/**
 * Fact paths (`path` of a condition, or of a `{ fact, path }` value) in the one grammar the
 * platform accepts: `$` followed by property names and array indices, `$.a.b`, `$.a[0]`, `$.a.0`.
 *
 * Why not JSONPath: json-rules-engine resolves paths with jsonpath-plus by default, whose filter
 * and script expressions (`$[?(...)]`) run text from the rule: a policy owner's draft could
 * backtrack a regular expression for seconds or allocate gigabytes in a try-it. Validation refuses
 * any other path, and both evaluation paths resolve paths with `resolveFactPath` only: the engine's
 * default resolver is never reached, and any other path reads nothing.
 */
export const SIMPLE_PATH = /^\$((\.[A-Za-z_][A-Za-z0-9_]*)|(\.\d+)|(\[\d+\]))+$/;

const SEGMENT = /[A-Za-z_][A-Za-z0-9_]*|\d+/g;

export function isSimplePath(path: unknown): path is string {
  return typeof path === 'string' && SIMPLE_PATH.test(path);
}

/** The property names and indices a simple path walks, or undefined for any other path. */
export function pathSegments(path: unknown): string[] | undefined {
  return isSimplePath(path) ? path.slice(1).match(SEGMENT)! : undefined;
}

const hasOwn = (value: object, key: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(value, key);

/**
 * Walks own properties along the segments: what jsonpath-plus answers for these paths (with
 * `wrap: false`), without ever reaching an inherited member such as `constructor`.
 */
export function walkSegments(value: unknown, segments: readonly string[]): unknown {
  let current: unknown = value;
  for (const segment of segments) {
    if (current === null || current === undefined || !hasOwn(Object(current), segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * json-rules-engine's `pathResolver` on this platform (it calls it for object fact values only):
 * a simple path is walked, anything else resolves to nothing, so a condition on it is false.
 */
export function resolveFactPath(value: object, path: string): unknown {
  const segments = pathSegments(path);
  return segments ? walkSegments(value, segments) : undefined;
}
