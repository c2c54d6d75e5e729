/** MongoDB and FerretDB both report a unique-index violation as code 11000. */
export function isDuplicateKeyError(error: unknown): boolean {
  return (error as { code?: number })?.code === 11000;
}
