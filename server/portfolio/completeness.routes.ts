import type { CompletenessDeclaration, DataCompleteness } from '../generated/schema-types';
import { actorName } from '../identity/principal';
import type { RouteRegistry } from '../http/routes';
import { toCompletenessView, type CompletenessService } from './completeness.service';
import { assertMayImport, IMPORTERS } from './import.routes';

const ANY_SIGNED_IN = { roles: [] as const };

/** How far the book's data is complete: read by everyone (every figure depends on it), declared by HQ's importers. */
export function registerCompletenessRoutes(routes: RouteRegistry, completeness: CompletenessService): void {
  routes.add({
    method: 'get',
    path: '/portfolio/completeness',
    tag: 'portfolio',
    summary: "How far the book's data is complete: the date, the last complete month, and whether it is declared or derived from the imports",
    auth: ANY_SIGNED_IN,
    responses: { 200: { description: 'The completeness of the data', schema: 'portfolio/data-completeness' } },
    handler: async (): Promise<DataCompleteness> => toCompletenessView(await completeness.current()),
  });

  routes.add<CompletenessDeclaration>({
    method: 'put',
    path: '/portfolio/completeness',
    tag: 'portfolio',
    summary: 'Declare that the data is complete through a day (null withdraws the declaration); kept in the audit log',
    auth: IMPORTERS,
    body: 'portfolio/completeness-declaration',
    responses: {
      200: { description: 'The completeness of the data now', schema: 'portfolio/data-completeness' },
      403: { description: "Not HQ: the book's data is imported and declared at HQ" },
      422: { description: 'A day after today (complete_through_in_future)' },
    },
    handler: async ({ body, principal }): Promise<DataCompleteness> => {
      assertMayImport(principal);
      return toCompletenessView(await completeness.declare(body.completeThrough ?? null, actorName(principal), body.reason));
    },
  });
}
