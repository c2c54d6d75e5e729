import type { FactSchema } from './family-schema';

/**
 * Value domains of facts: a fact schema property lists its values as `enum`
 * with `x-enum-labels` ("中文 English" per value). The editor offers them where a condition
 * compares that fact, and warns about a value outside the domain, in the condition itself or in
 * a parameter the condition reads. Pure functions over plain data, unit-tested without a browser.
 */

export interface ValueDomain {
  values: string[];
  /** value -> "中文 English"; a value without a label shows as itself. */
  labels: Record<string, string>;
  /**
   * An open domain lists the values known today (labels, no `enum`): the insurer's channel and
   * product names grow without a release, so other values are unknown, not wrong.
   */
  open?: true;
}

/** fact name -> its domain, for the facts whose schema lists string values. */
export function valueDomains(schema: FactSchema | undefined): Record<string, ValueDomain> {
  const domains: Record<string, ValueDomain> = {};
  for (const [name, property] of Object.entries(schema?.properties ?? {})) {
    const values = (property.enum ?? []).filter((value): value is string => typeof value === 'string');
    const labels = property['x-enum-labels'] ?? {};
    if (values.length > 0) domains[name] = { values, labels };
    else if (Object.keys(labels).length > 0) domains[name] = { values: Object.keys(labels), labels, open: true };
  }
  return domains;
}

export interface DomainProblem {
  /** JSON pointer into the rule set (as the server's details, without /ruleSet). */
  pointer: string;
  message: string;
}

interface Leaf {
  fact?: unknown;
  value?: unknown;
  all?: unknown;
  any?: unknown;
  not?: unknown;
}

const paramOf = (value: unknown): string | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) && typeof (value as { param?: unknown }).param === 'string'
    ? (value as { param: string }).param
    : undefined;

const escape = (step: string) => step.replace(/~/g, '~0').replace(/\//g, '~1');

function describe(domain: ValueDomain): string {
  return domain.values.map((value) => (domain.labels[value] ? `${value} (${domain.labels[value]})` : value)).join(', ');
}

/**
 * Values outside their fact's domain: literals in conditions (a single value or list items) and
 * the values of parameters such a condition reads (`{ "param": ... }`, also as list items).
 * Each problem is reported once per place, however many conditions read it.
 */
export function domainProblems(ruleSet: unknown, domains: Record<string, ValueDomain>): DomainProblem[] {
  const content = ruleSet as { rules?: unknown; parameters?: Record<string, { value?: unknown }> } | undefined;
  if (!content || !Array.isArray(content.rules)) return [];
  const parameters = content.parameters && typeof content.parameters === 'object' ? content.parameters : {};
  const problems = new Map<string, DomainProblem>();

  const check = (value: unknown, pointer: string, fact: string, domain: ValueDomain) => {
    if (typeof value !== 'string' || domain.values.includes(value) || problems.has(pointer)) return;
    const message = domain.open
      ? `"${value}" 不是 ${fact} 的已知取值 is not a known value of ${fact} (new values are allowed); known values: ${describe(domain)}`
      : `"${value}" 不在 ${fact} 的取值范围内 is not a value of ${fact}; known values: ${describe(domain)}`;
    problems.set(pointer, { pointer, message });
  };
  /** A value or list item: a literal, or a parameter whose value (or items) are checked where the parameter is defined. */
  const checkOperand = (operand: unknown, pointer: string, fact: string, domain: ValueDomain) => {
    const param = paramOf(operand);
    if (param === undefined) return check(operand, pointer, fact, domain);
    if (!Object.prototype.hasOwnProperty.call(parameters, param)) return;
    const value = parameters[param]?.value;
    const where = `/parameters/${escape(param)}/value`;
    if (Array.isArray(value)) value.forEach((item, index) => check(item, `${where}/${index}`, fact, domain));
    else check(value, where, fact, domain);
  };

  const walk = (condition: unknown, pointer: string, depth: number) => {
    if (!condition || typeof condition !== 'object' || depth > 64) return;
    const node = condition as Leaf;
    for (const key of ['all', 'any'] as const) {
      const children = node[key];
      if (Array.isArray(children)) children.forEach((child, index) => walk(child, `${pointer}/${key}/${index}`, depth + 1));
    }
    if (node.not) walk(node.not, `${pointer}/not`, depth + 1);
    if (typeof node.fact !== 'string' || !Object.prototype.hasOwnProperty.call(domains, node.fact)) return;
    const domain = domains[node.fact]!;
    if (Array.isArray(node.value)) node.value.forEach((item, index) => checkOperand(item, `${pointer}/value/${index}`, node.fact as string, domain));
    else checkOperand(node.value, `${pointer}/value`, node.fact, domain);
  };
  content.rules.forEach((rule, index) => walk((rule as { conditions?: unknown } | null)?.conditions, `/rules/${index}/conditions`, 1));
  return [...problems.values()];
}

/**
 * The fact whose values fit at the cursor: inside the string of a condition's `value` (or an
 * item of its list), with the condition's `fact` written before it in the same object, as the
 * editor and the standard pack write conditions. Undefined anywhere else.
 */
export function valueCompletionFact(textBefore: string): string | undefined {
  const value = /"value"\s*:\s*(?:\[\s*(?:"(?:[^"\\]|\\.)*"\s*,\s*)*)?"[^"]*$/.exec(textBefore);
  if (!value) return undefined;
  const head = textBefore.slice(0, value.index);
  const object = head.slice(head.lastIndexOf('{'));
  return /"fact"\s*:\s*"([^"\\]+)"/.exec(object)?.[1];
}
