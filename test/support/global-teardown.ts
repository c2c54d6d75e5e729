import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const database = (globalThis as Record<string, unknown>).__testDatabase as { stop(): Promise<void>; dataDirectory: string } | undefined;
  if (!database) return;
  await database.stop();
  fs.rmSync(database.dataDirectory, { recursive: true, force: true });
}
