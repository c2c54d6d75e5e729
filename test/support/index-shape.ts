/**
 * Whether a declared index serves a list's query the way MongoDB serves a page: its leading keys
 * are exactly the query's equality fields (a value, or `$in` of values), in any order, and the
 * next keys are the sort, all in the sort's directions or all reversed. Then a page is an index
 * walk of `limit` entries, whatever the collection's size; otherwise the server reads and sorts
 * every match first. Range conditions (the keyset cursor on the sort key, a `from`) and `$or`
 * are applied on the walk and do not decide.
 */
export type IndexKey = Record<string, number | string>;

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) && Object.keys(value).some((key) => key.startsWith('$'))
  );
}

/** The fields a filter pins to values (equality or `$in`), which an index must lead with. */
export function equalityFields(filter: Record<string, unknown>): string[] {
  return Object.entries(filter)
    .filter(
      ([field, value]) =>
        !field.startsWith('$') && (!isOperatorObject(value) || Object.keys(value).every((operator) => operator === '$in' || operator === '$eq')),
    )
    .map(([field]) => field);
}

export function servesPage(index: IndexKey, filter: Record<string, unknown>, sort: Record<string, number>): boolean {
  const keys = Object.entries(index);
  const equal = new Set(equalityFields(filter).filter((field) => !(field in sort)));
  const leading = keys.slice(0, equal.size);
  if (leading.length !== equal.size || !leading.every(([field]) => equal.has(field))) return false;
  const sortKeys = Object.entries(sort);
  const following = keys.slice(equal.size, equal.size + sortKeys.length);
  if (following.length !== sortKeys.length) return false;
  const same = following.every(([field, direction], position) => field === sortKeys[position]![0] && Number(direction) === sortKeys[position]![1]);
  const reversed = following.every(([field, direction], position) => field === sortKeys[position]![0] && Number(direction) === -sortKeys[position]![1]);
  return same || reversed;
}
