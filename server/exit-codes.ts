/** Process exit codes, documented in the README, so scripts can tell failures apart. */
export const EXIT = { ok: 0, unexpected: 1, config: 2, portInUse: 3, database: 4, refused: 5 } as const;
