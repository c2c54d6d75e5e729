import fs from 'node:fs';
import path from 'node:path';
import type { IndicatorCategory, IndicatorContent, IndicatorSource } from '../generated/schema-types';
import standard from './standard-definitions.json';

/** The schemas whose fields are monitoring indicators (Art. 6): the metric module's figures and the warning rules' facts. */
export const INDICATOR_SCHEMAS = ['metrics/portfolio-metrics', 'rulesets/facts/warning-portfolio-facts', 'rulesets/facts/warning-obligor-facts'] as const;

export interface Definitions {
  indicators: (Omit<IndicatorContent, 'frequency' | 'criteria'> & { id: string; frequency: string; criteria: string[] })[];
  dimensions?: Record<string, string>;
}

export interface StandardEntry {
  indicatorId: string;
  category: IndicatorCategory;
  content: IndicatorContent;
  sources: IndicatorSource[];
}

export interface StandardCatalogue {
  entries: StandardEntry[];
  /** Fields that are not indicators (when, who, which segment), each with why. */
  dimensions: Record<string, string>;
  definitions: Definitions;
}

type Property = { description?: string; 'x-unit'?: string; 'x-personal-data'?: boolean };

/**
 * The shipped catalogue: the hand-written definitions (standard-definitions.json) joined with the
 * fields of the metric and fact schemas, which give each entry its sources, units and category. A
 * definition naming no field is refused (a renamed metric must not leave a stale entry behind);
 * test/unit/indicators/catalogue-coverage.test.ts checks the other way round. Pure but for reading
 * the schema files.
 */
export function standardCatalogue(schemaRoot: string, definitions: Definitions = standard as Definitions): StandardCatalogue {
  const sources = new Map<string, IndicatorSource[]>();
  for (const schema of INDICATOR_SCHEMAS) {
    const properties = (JSON.parse(fs.readFileSync(path.join(schemaRoot, `${schema}.json`), 'utf8')) as { properties: Record<string, Property> }).properties;
    for (const [field, property] of Object.entries(properties)) {
      if (property['x-personal-data']) continue;
      const list = sources.get(field) ?? [];
      list.push({ schema, field, unit: property['x-unit'] ?? null, description: property.description ?? null });
      sources.set(field, list);
    }
  }
  const seen = new Set<string>();
  const entries = definitions.indicators.map(({ id, ...content }) => {
    const found = sources.get(id);
    if (!found) throw new Error(`The indicator catalogue defines "${id}", which no metric or fact schema has (${INDICATOR_SCHEMAS.join(', ')})`);
    if (seen.has(id)) throw new Error(`The indicator catalogue defines "${id}" twice`);
    seen.add(id);
    const category: IndicatorCategory = found.some((source) => source.schema === 'metrics/portfolio-metrics') ? 'portfolio-metric' : 'warning-indicator';
    return { indicatorId: id, category, content: content as IndicatorContent, sources: found };
  });
  return { entries, dimensions: definitions.dimensions ?? {}, definitions };
}
