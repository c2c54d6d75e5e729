type TypedArray = Int32Array | Float64Array | Uint8Array;

/** An append-only typed array that doubles when full: the columnar loan book is built from streams of unknown length. */
export class GrowableArray<T extends TypedArray> {
  private data: T;
  length = 0;

  constructor(
    private readonly create: (capacity: number) => T,
    capacity = 1024,
  ) {
    this.data = create(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.create(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** A right-sized copy; the builder is discarded after this. */
  finish(): T {
    return this.data.slice(0, this.length) as T;
  }
}

export const int32Array = (capacity: number) => new Int32Array(capacity);
export const float64Array = (capacity: number) => new Float64Array(capacity);
export const uint8Array = (capacity: number) => new Uint8Array(capacity);
