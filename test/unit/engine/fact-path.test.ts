import { performance } from 'node:perf_hooks';
import { compileRules } from '../../../server/engine/compiled/compile-rules';
import { runWithJsonRulesEngine } from '../../../server/engine/compiled/reference-runner';
import type { Facts, Rule } from '../../../server/engine/compiled/rule-types';
import { isSimplePath, resolveFactPath } from '../../../server/engine/fact-path';
import { createPlatformEngine, platformSemantics } from '../../../server/engine/platform-engine';

/** On this platform a fact path is walked, never evaluated by jsonpath-plus. */
const semantics = platformSemantics();
const rule = (type: string, conditions: Rule['conditions']): Rule => ({ conditions, event: { type } });

/** The platform's two evaluation paths on the same rules and facts, and how long the slower took. */
async function bothPaths(rules: Rule[], facts: Facts): Promise<{ compiled: string[]; interpreted: string[]; slowestMs: number }> {
  let started = performance.now();
  const compiled = compileRules(rules, semantics)
    .run(facts)
    .map((event) => event.type);
  const compiledMs = performance.now() - started;
  started = performance.now();
  const interpreted = (await runWithJsonRulesEngine(rules, facts, () => createPlatformEngine())).map((event) => event.type);
  return { compiled, interpreted, slowestMs: Math.max(compiledMs, performance.now() - started) };
}

test('the simple grammar: property names and indices after $, nothing else', () => {
  for (const path of ['$.a', '$.a.b', '$.a[0]', '$.a.0', '$[1].b_2']) expect(isSimplePath(path)).toBe(true);
  for (const path of ['$', '$..a', '$.*', '$[*]', '$[?(@.a)]', "$['a']", '$.a[0:2]', '$.a-b', '@.a', ' $.a', '$.a ', '$.(a)', 5, null])
    expect(isSimplePath(path)).toBe(false);
});

test('simple paths read own properties, as jsonpath-plus does', () => {
  const profile = { limit: 5, tags: ['a', 'b'], nested: { deep: { x: 1 } } };
  expect(resolveFactPath(profile, '$.limit')).toBe(5);
  expect(resolveFactPath(profile, '$.tags[1]')).toBe('b');
  expect(resolveFactPath(profile, '$.tags.0')).toBe('a');
  expect(resolveFactPath(profile, '$.nested.deep.x')).toBe(1);
  expect(resolveFactPath(profile, '$.missing.x')).toBeUndefined();
  expect(resolveFactPath(profile, '$.constructor')).toBeUndefined();
  expect(resolveFactPath(profile, '$.tags.length')).toBe(2);
});

test('filter, script and recursive paths read nothing on either path, and run no code', async () => {
  const facts = { contentFlags: ['violence'], profile: { limit: 5, inner: { limit: 5 } } };
  const hostile = [
    `$[?('${'a'.repeat(25)}!'.match('^(a+)+$'))]`, // seconds of backtracking in jsonpath-plus
    '$[?(@.repeat(30000000).length > 1)]', // hundreds of megabytes
    '$[(@.length-1)]',
    '$.*',
  ];
  for (const path of hostile) {
    const outcome = await bothPaths([rule('hit', { all: [{ fact: 'contentFlags', path, operator: 'exists', value: true }] })], facts);
    expect(outcome).toEqual({ compiled: [], interpreted: [], slowestMs: expect.any(Number) });
    expect(outcome.slowestMs).toBeLessThan(50);
  }
  // jsonpath-plus would find 5 through recursive descent; the platform finds nothing.
  const deep = await bothPaths([rule('deep', { all: [{ fact: 'profile', path: '$..limit', operator: 'equal', value: 5 }] })], facts);
  expect([deep.compiled, deep.interpreted]).toEqual([[], []]);
  // A fact reference's path is resolved the same way.
  const reference = await bothPaths(
    [rule('ref', { all: [{ fact: 'contentFlags', path: '$[0]', operator: 'equal', value: { fact: 'contentFlags', path: hostile[0] } }] })],
    facts,
  );
  expect([reference.compiled, reference.interpreted]).toEqual([[], []]);
  // Simple paths still work, in both places.
  const simple = await bothPaths(
    [rule('simple', { all: [{ fact: 'profile', path: '$.inner.limit', operator: 'equal', value: { fact: 'profile', path: '$.limit' } }] })],
    facts,
  );
  expect([simple.compiled, simple.interpreted]).toEqual([['simple'], ['simple']]);
});
