/**
 * The lifecycle as pure data: which action moves which state where, who may approve, and
 * which published version is in force at a given time. No database, no HTTP.
 *
 *   draft --submit--> in-review --approve--> approved --publish--> published --(superseded)--> retired
 *                                                                (scheduled until its effectiveFrom)
 *                          \--reject--> rejected (its content reopens as a new draft version)
 */
export type StoredState = 'draft' | 'in-review' | 'approved' | 'published' | 'rejected';
export type DisplayState = StoredState | 'retired';
/** Rule-set versions also show `scheduled`: published, in force only from a later effectiveFrom. */
export type RuleSetDisplayState = DisplayState | 'scheduled';
export type LifecycleAction = 'update' | 'submit' | 'approve' | 'reject' | 'publish';

const TRANSITIONS: Record<LifecycleAction, { from: StoredState; to: StoredState }> = {
  update: { from: 'draft', to: 'draft' },
  submit: { from: 'draft', to: 'in-review' },
  approve: { from: 'in-review', to: 'approved' },
  reject: { from: 'in-review', to: 'rejected' },
  publish: { from: 'approved', to: 'published' },
};

export type TransitionResult = { ok: true; from: StoredState; to: StoredState } | { ok: false; message: string };

export function transition(state: StoredState, action: LifecycleAction): TransitionResult {
  const rule = TRANSITIONS[action];
  if (state !== rule.from) return { ok: false, message: `Cannot ${action} a version that is ${state}; ${action} needs a ${rule.from} version` };
  return { ok: true, from: rule.from, to: rule.to };
}

export interface Actor {
  name: string;
  roles: readonly string[];
}

/**
 * Maker-checker: the approver holds the approver role themselves (admin does not stand in for
 * it) and wrote no part of the version. Returns the reason for refusing, or undefined.
 */
export function approvalProblem(actor: Actor, makers: readonly string[], verb: 'approve' | 'reject' = 'approve'): string | undefined {
  if (!actor.roles.includes('approver')) return `Only an approver may ${verb} (admin does not replace the approver role: maker-checker)`;
  if (makers.includes(actor.name)) return `${actor.name} authored or edited this version and cannot ${verb} it (maker-checker)`;
  return undefined;
}

export interface Publication {
  version: number;
  effectiveFrom: Date;
  publishedAt: Date;
}

/** The version in force at `now`: the latest effectiveFrom not in the future, then the latest publication. */
export function activePublication(publications: readonly Publication[], now: Date): Publication | undefined {
  let best: Publication | undefined;
  for (const publication of publications) {
    if (publication.effectiveFrom.getTime() > now.getTime()) continue;
    if (!best || compare(publication, best) > 0) best = publication;
  }
  return best;
}

function compare(a: Publication, b: Publication): number {
  return a.effectiveFrom.getTime() - b.effectiveFrom.getTime() || a.publishedAt.getTime() - b.publishedAt.getTime() || a.version - b.version;
}

/**
 * Published versions that a later one has replaced show as retired; one published to take effect
 * later shows as scheduled until then, so nobody reads "published" as "in force".
 */
export function displayState(version: number, state: StoredState, publications: readonly Publication[], now: Date): RuleSetDisplayState {
  if (state !== 'published') return state;
  const own = publications.find((publication) => publication.version === version);
  if (own && own.effectiveFrom.getTime() > now.getTime()) return 'scheduled';
  const active = activePublication(publications, now);
  if (active && own && active.version !== version) return 'retired';
  return 'published';
}
