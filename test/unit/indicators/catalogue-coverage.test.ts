import fs from 'node:fs';
import path from 'node:path';
import { SchemaRegistry } from '../../../server/http/schema-registry';
import { INDICATOR_SCHEMAS, standardCatalogue } from '../../../server/indicators/standard-catalogue';

/**
 * The standard indicator catalogue (Art. 6) covers every metric and every warning fact: a field
 * added to a metric or fact schema without an entry (or a place among the dimensions) fails here.
 */
const root = path.resolve(__dirname, '../../../schemas');
const schemas = new SchemaRegistry(root);
const catalogue = standardCatalogue(root);

const fieldsOf = (schema: string): string[] => {
  const properties = (JSON.parse(fs.readFileSync(path.join(root, `${schema}.json`), 'utf8')) as { properties: Record<string, Record<string, unknown>> })
    .properties;
  return Object.keys(properties).filter((name) => !properties[name]!['x-personal-data']);
};

test.each(INDICATOR_SCHEMAS)('every field of %s has an entry or is a declared dimension', (schema) => {
  const covered = new Set([...catalogue.entries.map((entry) => entry.indicatorId), ...Object.keys(catalogue.dimensions)]);
  expect(fieldsOf(schema).filter((field) => !covered.has(field))).toEqual([]);
});

test('every entry is a field of some metric or fact schema, with its unit there, and says all Art. 6 asks', () => {
  for (const entry of catalogue.entries) {
    expect([entry.indicatorId, entry.sources.length > 0]).toEqual([entry.indicatorId, true]);
    expect(schemas.check('indicators/indicator-content', entry.content, `/${entry.indicatorId}`)).toEqual([]);
  }
  const overdueRate = catalogue.entries.find((entry) => entry.indicatorId === 'overdueRate')!;
  expect(overdueRate.category).toBe('portfolio-metric');
  expect(overdueRate.sources.map((source) => source.schema).sort()).toEqual(['metrics/portfolio-metrics', 'rulesets/facts/warning-portfolio-facts']);
  expect(catalogue.entries.find((entry) => entry.indicatorId === 'dpd')).toMatchObject({
    category: 'warning-indicator',
    sources: [expect.objectContaining({ schema: 'rulesets/facts/warning-obligor-facts', unit: 'days' })],
  });
});

test('an entry naming no field, or a field named twice, is refused', () => {
  expect(() =>
    standardCatalogue(root, { indicators: [...catalogue.definitions.indicators, { ...catalogue.definitions.indicators[0]!, id: 'noSuchFigure' }] }),
  ).toThrow(/noSuchFigure/);
});
