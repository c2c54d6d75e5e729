import type { CheckRequest, GateCheckResult, ContactProfile, ContactProfileRequest, ObligorIdParams } from '../../generated/schema-types';
import { NotFoundError } from '../../http/errors';
import type { RouteRegistry } from '../../http/routes';
import { actorName, type Principal } from '../../identity/principal';
import { COLLECTORS } from '../activities/activity.routes';
import type { ContactProfiles } from '../activities/contact-profiles';
import { reachKey, type CollectionCounters } from '../activities/counters';
import type { CollectionGate } from './gate.service';
import type { ObligorUnits } from './obligor-units';
import { profileInForce } from './unreachable';

/**
 * The gate's route, answered by the fast path in front of Express like evaluations (dialers ask
 * before every call). Registered with the hot routes, before the gate exists: `gate` is read per request.
 */
export function registerGateCheckRoute(routes: RouteRegistry, gate: () => CollectionGate): void {
  routes.add<CheckRequest>({
    method: 'post',
    path: '/collection/check',
    tag: 'collection',
    fast: true,
    summary: 'The collection gate: may this contact go ahead now? Facts computed by the platform, decided by collection.action, logged',
    auth: COLLECTORS,
    body: 'collections/check-request',
    responses: {
      200: { description: 'allow, block or require-consent, with reasons, restrictions and the facts', schema: 'collections/gate-check-result' },
      404: { description: 'The obligor is unknown or outside your scope' },
    },
    handler: ({ body, principal }): Promise<GateCheckResult> => gate().check(body, principal),
  });
}

/** Contact profiles (the check route is registered with the hot routes, registerGateCheckRoute). */
export function registerGateRoutes(routes: RouteRegistry, profiles: ContactProfiles, obligors: ObligorUnits, counters: CollectionCounters): void {
  /** The obligor's unit for the caller, or a 404 that does not tell unknown from out of scope. */
  const unitOf = async (obligorId: string, principal: Principal): Promise<string> => {
    const unit = await obligors.unitFor((await obligors.loansOf([obligorId])).get(obligorId), undefined, principal);
    if (!unit) throw new NotFoundError(`Nothing is known about obligor "${obligorId}" in your share of the book`, 'unknown_obligor');
    return unit;
  };
  /** The profile as the gate sees it: an unreachable mark a later contact cleared is not shown. */
  const inForce = async (profile: ContactProfile): Promise<ContactProfile> =>
    profile.unreachable ? profileInForce(profile, (await counters.read([reachKey(profile.obligorId)])).get(reachKey(profile.obligorId))) : profile;

  routes.add<never, Record<string, unknown>, ObligorIdParams>({
    method: 'get',
    path: '/collection/obligors/:obligorId/contact-profile',
    tag: 'collection',
    summary: "An obligor's collection contact profile: time zone, do-not-contact, consents, unreachable",
    auth: { roles: [...COLLECTORS.roles, 'auditor', 'policy-owner'] },
    params: 'portfolio/obligor-id-params',
    responses: {
      200: { description: 'The profile in force', schema: 'collections/contact-profile' },
      404: { description: 'Unknown obligor or outside your scope' },
    },
    handler: async ({ params, principal }): Promise<ContactProfile> => {
      await unitOf(params.obligorId, principal);
      return inForce(await profiles.get(params.obligorId));
    },
  });

  routes.add<ContactProfileRequest, Record<string, unknown>, ObligorIdParams>({
    method: 'put',
    path: '/collection/obligors/:obligorId/contact-profile',
    tag: 'collection',
    summary: "Set an obligor's collection contact profile (audited)",
    auth: { roles: ['branch-operator', 'policy-owner'] },
    params: 'portfolio/obligor-id-params',
    body: 'collections/contact-profile-request',
    responses: {
      200: { description: 'The profile now in force', schema: 'collections/contact-profile' },
      404: { description: 'Unknown obligor or outside your scope' },
    },
    handler: async ({ params, body, principal }): Promise<ContactProfile> => {
      const orgUnit = await unitOf(params.obligorId, principal);
      return inForce(await profiles.set(params.obligorId, body, actorName(principal), orgUnit));
    },
  });
}
