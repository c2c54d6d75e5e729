import type { Facts } from '../../server/engine/compiled/rule-types';

interface PropertySchema {
  type?: string | string[];
  enum?: unknown[];
  pattern?: string;
  items?: PropertySchema;
}

/** Every number and string literal in prepared rules: facts near them are the interesting ones. */
export function literalsIn(value: unknown, numbers = new Set<number>(), strings = new Set<string>()): { numbers: Set<number>; strings: Set<string> } {
  if (typeof value === 'number') numbers.add(value);
  else if (typeof value === 'string') strings.add(value);
  else if (Array.isArray(value)) value.forEach((item) => literalsIn(item, numbers, strings));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => literalsIn(item, numbers, strings));
  return { numbers, strings };
}

/**
 * Random facts that fit a family's fact schema, biased toward the thresholds the rules use
 * (each literal, one below and one above), with absent and null facts mixed in.
 */
export function factGenerator(schema: { properties: Record<string, PropertySchema> }, rules: unknown, random: () => number): () => Facts {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const { numbers, strings } = literalsIn(rules);
  const nearby = [...numbers].flatMap((value) => [value - 1, value, value + 1, value - 0.01, value + 0.01]);
  const numberValue = (integer: boolean) => {
    const value = nearby.length > 0 && random() < 0.7 ? pick(nearby) : Math.floor(random() * 200) - 5;
    return integer ? Math.round(value) : value;
  };
  const stringValue = (property: PropertySchema) => {
    if (property.enum && random() < 0.85) return pick(property.enum);
    if (property.pattern?.includes(':')) return pick(['07:59', '08:00', '21:59', '22:00', '22:01', '12:00', '23:59']);
    return strings.size > 0 && random() < 0.7 ? pick([...strings]) : pick(['A', 'B', 'other', '']);
  };
  const valueFor = (property: PropertySchema): unknown => {
    const type = Array.isArray(property.type) ? property.type.find((item) => item !== 'null') : property.type;
    if (property.enum && !type) return pick(property.enum);
    switch (type) {
      case 'number':
        return numberValue(false);
      case 'integer':
        return numberValue(true);
      case 'boolean':
        return random() < 0.5;
      case 'array':
        return Array.from({ length: Math.floor(random() * 3) }, () => valueFor(property.items ?? { type: 'string' }));
      default:
        return stringValue(property);
    }
  };
  return () => {
    const facts: Facts = {};
    for (const [name, property] of Object.entries(schema.properties)) {
      const roll = random();
      if (roll < 0.12) continue;
      facts[name] = roll < 0.15 ? null : valueFor(property);
    }
    return facts;
  };
}
