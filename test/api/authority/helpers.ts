import type { TestApp } from '../../support/test-app';

export type ErrorBody = { error: { code: string; message: string; details: { path?: string; message: string; [extra: string]: unknown }[] } };

export interface OrgUnitView {
  id: string;
  name: string;
  parent: string | null;
  active: boolean;
  path: string[];
  version: number;
}

/** Creates org units through the API as the admin key, parents first; throws on any refusal. */
export async function createOrgUnits(app: TestApp, units: [id: string, parent: string][]): Promise<void> {
  for (const [id, parent] of units) {
    const created = await app.request('POST', '/api/v1/org-units', { body: { id, name: `Unit ${id}`, parent } });
    if (created.status !== 201) throw new Error(`creating org unit ${id} failed: ${created.text}`);
  }
}
