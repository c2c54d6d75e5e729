import zlib from 'node:zlib';

/** A value a row of the snapshot may hold: the scalars of warning.obligor facts and subjects; absent keys stay absent. */
export type Scalar = string | number | boolean | null;
export type Row = Record<string, Scalar>;

// Tag 0 (a typed array's initial value) is an absent key.
const NUMBER = 1;
const STRING = 2;
const TRUE = 3;
const FALSE = 4;
const NULL = 5;

interface Column {
  name: string;
  tags: Uint8Array;
  numbers?: Float64Array;
  codes?: Int32Array;
  strings?: string[];
}

interface Header {
  size: number;
  columns: { name: string; numbers: boolean; strings: string[] | null }[];
}

/**
 * Packs rows of scalars column by column (one type tag per row and key, Float64 numbers, strings as codes into the
 * column's own list), deflated, so a part of a million obligors' facts is a few stored values, not millions (FerretDB's
 * cost is per stored value). Exact: every row comes back with the same keys and values (key order follows the columns).
 * Throws on a value that is not a scalar: such rows are not snapshotted.
 */
export function packRows(rows: readonly Row[]): Buffer {
  const size = rows.length;
  const columns = new Map<string, Column & { stringIndex?: Map<string, number> }>();
  const columnOf = (name: string) => {
    let column = columns.get(name);
    if (!column) columns.set(name, (column = { name, tags: new Uint8Array(size) }));
    return column;
  };
  rows.forEach((row, index) => {
    for (const [name, value] of Object.entries(row)) {
      if (value === undefined) continue;
      const column = columnOf(name);
      if (typeof value === 'number') {
        column.tags[index] = NUMBER;
        (column.numbers ??= new Float64Array(size))[index] = value;
      } else if (typeof value === 'string') {
        column.tags[index] = STRING;
        column.strings ??= [];
        column.stringIndex ??= new Map();
        let code = column.stringIndex.get(value);
        if (code === undefined) {
          code = column.strings.length;
          column.strings.push(value);
          column.stringIndex.set(value, code);
        }
        (column.codes ??= new Int32Array(size))[index] = code;
      } else if (typeof value === 'boolean') column.tags[index] = value ? TRUE : FALSE;
      else if (value === null) column.tags[index] = NULL;
      else throw new Error(`${name} is not a scalar`);
    }
  });
  const header: Header = {
    size,
    columns: [...columns.values()].map((column) => ({ name: column.name, numbers: Boolean(column.numbers), strings: column.strings ?? null })),
  };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const parts: Buffer[] = [Buffer.alloc(4), headerBytes];
  parts[0]!.writeUInt32LE(headerBytes.length);
  let length = 4 + headerBytes.length;
  const align = () => {
    const padding = (8 - (length % 8)) % 8;
    parts.push(Buffer.alloc(padding));
    length += padding;
  };
  for (const column of columns.values()) {
    for (const array of [column.numbers, column.codes, column.tags]) {
      if (!array) continue;
      align();
      parts.push(Buffer.from(array.buffer, array.byteOffset, array.byteLength));
      length += array.byteLength;
    }
  }
  return zlib.deflateRawSync(Buffer.concat(parts), { level: 1 });
}

/** The rows of a packed part, each built when asked for (a million rows never sit in memory as objects). */
export function unpackRows(data: Buffer): { size: number; row: (index: number) => Row } {
  const inflated = zlib.inflateRawSync(data);
  // Typed arrays need their offsets aligned: copy into a buffer that starts at an aligned address.
  const buffer = inflated.byteOffset % 8 === 0 ? inflated : Buffer.from(inflated);
  const headerLength = buffer.readUInt32LE(0);
  const header = JSON.parse(buffer.toString('utf8', 4, 4 + headerLength)) as Header;
  let offset = 4 + headerLength;
  const take = <T>(make: (start: number) => T, bytes: number): T => {
    offset += (8 - (offset % 8)) % 8;
    const array = make(buffer.byteOffset + offset);
    offset += bytes;
    return array;
  };
  const { size } = header;
  const columns: Column[] = header.columns.map((column) => ({
    name: column.name,
    numbers: column.numbers ? take((start) => new Float64Array(buffer.buffer, start, size), size * 8) : undefined,
    codes: column.strings ? take((start) => new Int32Array(buffer.buffer, start, size), size * 4) : undefined,
    strings: column.strings ?? undefined,
    tags: take((start) => new Uint8Array(buffer.buffer, start, size), size),
  }));
  return {
    size,
    row: (index) => {
      const row: Row = {};
      for (const column of columns) {
        const tag = column.tags[index];
        if (tag === NUMBER) row[column.name] = column.numbers![index]!;
        else if (tag === STRING) row[column.name] = column.strings![column.codes![index]!]!;
        else if (tag === TRUE) row[column.name] = true;
        else if (tag === FALSE) row[column.name] = false;
        else if (tag === NULL) row[column.name] = null;
      }
      return row;
    },
  };
}
