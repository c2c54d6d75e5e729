/**
 * Numbers in a CSV cell follow JSON's number grammar, so a file means the same whether it
 * arrives as JSON, NDJSON or CSV: `1200`, `-3`, `0.5`, `1e3` are numbers; `0x10`, `0b1`, `.5`,
 * `5.`, `+5`, `Infinity`, `NaN`, `1_000` and a cell of spaces are not (JavaScript's `Number()`
 * would take most of them). The CSV reader trims the spaces around a cell, and an empty cell is an
 * absent field, as leaving the field out of a JSON record is.
 */
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** The number a cell holds, or undefined when it is not written as JSON writes numbers (or is out of range). */
export function parseImportNumber(text: string): number | undefined {
  if (!JSON_NUMBER.test(text)) return undefined;
  const value = Number(text);
  // JSON.parse turns 1e400 into Infinity too; the row schemas' bounds then refuse it. Refusing here says why.
  return Number.isFinite(value) ? value : undefined;
}
