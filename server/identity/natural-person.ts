import type { ApiKeyRecord } from './api-key.model';
import type { ApiKeyStore } from './api-key.store';
import type { Principal, Role } from './principal';
import type { UserStore } from './user.store';

/**
 * Maker-checker means two natural persons. An admin can make accounts and keys, so "a different
 * name" is not enough: an approval is refused when the approver and an author are one person's
 * accounts and keys. Users and keys record who created them (`creator`) and every change of
 * their roles (`roleHistory`); from those, this module answers for rule-set versions, grants and
 * overlays alike:
 *
 * - the approver is not an author, not an account or key an author created or holds (a key bound
 *   to the author, an account the author created, a key that account created, ...), and did not
 *   create or hold an author's account or key (transitively, both ways);
 * - the approver held the approver role since before the version was submitted;
 * - the approver role was not granted (or the approver's roles changed while holding it) within
 *   the last day by the approver themselves or by an account or key the approver controls.
 */

/** `user:<username>`, `key:<keyId>` or `system:<name>` (the first start, the seed: nobody's). */
export type PersonRef = string;

export interface RoleGrant {
  at: Date;
  /** The roles held from `at` on. */
  roles: Role[];
  /** Who set them. */
  by: PersonRef;
}

export const SELF_GRANT_COOLING_MS = 24 * 60 * 60_000;
const MAX_CHAIN = 50;

export function personRef(principal: Pick<Principal, 'kind' | 'name' | 'apiKeyId'>): PersonRef {
  // A user acting through a key bound to them is that user; an integration key is only itself.
  return principal.kind === 'integration' && principal.apiKeyId ? `key:${principal.apiKeyId}` : `user:${principal.name}`;
}

/** Who created a record: a signed-in principal, or the system (first start, ADMIN_API_KEY). */
export function creatorRef(actor: Pick<Principal, 'name' | 'apiKeyId'> & { kind?: Principal['kind'] }): PersonRef {
  return actor.kind ? personRef(actor as Principal) : `system:${actor.name}`;
}

export interface ApprovalProblem {
  code: 'maker_checker' | 'maker_checker_controlled' | 'approver_after_submission' | 'approver_role_self_granted';
  message: string;
}

/** What a version tells about its making: the names of its makers and when it was submitted. */
export interface MadeVersion {
  makers: readonly string[];
  submittedAt?: Date;
  createdAt: Date;
}

interface Identity {
  /** Who created or holds it directly (a key's user, its creator). */
  controllers: PersonRef[];
  roleHistory: RoleGrant[];
}

/** Reads users and keys and answers the questions above; one instance serves every lifecycle. */
export class NaturalPersons {
  constructor(
    private readonly users: UserStore,
    private readonly apiKeys: ApiKeyStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Why the principal may not approve the version (403), or undefined. */
  async approvalProblem(approver: Principal, version: MadeVersion): Promise<ApprovalProblem | undefined> {
    const ref = personRef(approver);
    const lookup = this.lookup();
    return (await this.controlProblem(ref, approver.name, version, lookup)) ?? (await this.roleProblem(ref, approver.name, version, lookup, true));
  }

  /**
   * Why the recorded approval of a version no longer counts at publication (409), or undefined.
   * `approvedBy` is the approver's recorded name; an integration name stands for every key of that name.
   */
  async approvalStandsProblem(approvedBy: string | undefined, version: MadeVersion): Promise<ApprovalProblem | undefined> {
    if (!approvedBy) return { code: 'maker_checker', message: 'The version has no recorded approver; approve it again' };
    const lookup = this.lookup();
    for (const ref of await lookup.refsOfName(approvedBy)) {
      const problem = (await this.controlProblem(ref, approvedBy, version, lookup)) ?? (await this.roleProblem(ref, approvedBy, version, lookup, false));
      if (problem) return { ...problem, message: `${problem.message}; the approval does not count: reject it and have it approved again` };
    }
    return undefined;
  }

  private async controlProblem(ref: PersonRef, name: string, version: MadeVersion, lookup: Lookup): Promise<ApprovalProblem | undefined> {
    const approverAbove = await lookup.ancestors(ref);
    for (const maker of version.makers) {
      for (const makerRef of await lookup.refsOfName(maker)) {
        if (makerRef === ref) return { code: 'maker_checker', message: `${name} authored or edited this version and cannot approve it (maker-checker)` };
        if (approverAbove.has(makerRef)) {
          return {
            code: 'maker_checker_controlled',
            message: `${name} was created by, or belongs to, ${maker}, who authored or edited this version: approval must come from a different person (maker-checker)`,
          };
        }
        if ((await lookup.ancestors(makerRef)).has(ref)) {
          return {
            code: 'maker_checker_controlled',
            message: `${maker}, who authored or edited this version, was created by or belongs to ${name}: approval must come from a different person (maker-checker)`,
          };
        }
      }
    }
    return undefined;
  }

  private async roleProblem(ref: PersonRef, name: string, version: MadeVersion, lookup: Lookup, atApproval: boolean): Promise<ApprovalProblem | undefined> {
    const identity = await lookup.identity(ref);
    const history = [...identity.roleHistory].sort((a, b) => a.at.getTime() - b.at.getTime());
    const since = approverSince(history);
    const submittedAt = version.submittedAt ?? version.createdAt;
    if (!since || since.getTime() >= submittedAt.getTime()) {
      return {
        code: 'approver_after_submission',
        message: `${name} became an approver after the version was submitted (${submittedAt.toISOString()}); only someone who was an approver before may approve it`,
      };
    }
    if (!atApproval) return undefined;
    const recent = this.now().getTime() - SELF_GRANT_COOLING_MS;
    for (const grant of history) {
      if (grant.at.getTime() <= recent || !grant.roles.includes('approver')) continue;
      if (grant.by === ref || (await lookup.ancestors(grant.by)).has(ref)) {
        return {
          code: 'approver_role_self_granted',
          message: `${name}'s roles were set on ${grant.at.toISOString()} by ${name} or an account or key ${name} controls; such an approver may approve a day after that at the earliest`,
        };
      }
    }
    return undefined;
  }

  /** Reads memoised for one question: chains are short, but the same records recur. */
  private lookup(): Lookup {
    return new Lookup(this.users, this.apiKeys);
  }
}

/** The start of the current uninterrupted run of the approver role, or undefined when it is not held. */
function approverSince(history: readonly RoleGrant[]): Date | undefined {
  let since: Date | undefined;
  for (const grant of history) {
    if (!grant.roles.includes('approver')) since = undefined;
    else since ??= grant.at;
  }
  return since;
}

class Lookup {
  private readonly identities = new Map<PersonRef, Promise<Identity>>();
  private readonly byName = new Map<string, Promise<ApiKeyRecord[]>>();
  private readonly above = new Map<PersonRef, Promise<Set<PersonRef>>>();

  constructor(
    private readonly users: UserStore,
    private readonly apiKeys: ApiKeyStore,
  ) {}

  /** The refs a recorded actor name may stand for: `integration:<name>` is every key of that name. */
  async refsOfName(name: string): Promise<PersonRef[]> {
    if (name.startsWith('integration:')) return (await this.keysNamed(name.slice('integration:'.length))).map((key) => `key:${key.keyId}`);
    return [`user:${name}`];
  }

  /** Every account and key above `ref`: who created or holds it, who created those, and so on. */
  ancestors(ref: PersonRef): Promise<Set<PersonRef>> {
    let pending = this.above.get(ref);
    if (!pending) {
      pending = this.walkUp(ref);
      this.above.set(ref, pending);
    }
    return pending;
  }

  identity(ref: PersonRef): Promise<Identity> {
    let pending = this.identities.get(ref);
    if (!pending) {
      pending = this.read(ref);
      this.identities.set(ref, pending);
    }
    return pending;
  }

  private async walkUp(ref: PersonRef): Promise<Set<PersonRef>> {
    const seen = new Set<PersonRef>();
    let frontier = [ref];
    for (let depth = 0; depth < MAX_CHAIN && frontier.length > 0; depth++) {
      const next: PersonRef[] = [];
      for (const current of frontier) {
        for (const controller of (await this.identity(current)).controllers) {
          if (seen.has(controller) || controller === ref) continue;
          seen.add(controller);
          next.push(controller);
        }
      }
      frontier = next;
    }
    return seen;
  }

  private async read(ref: PersonRef): Promise<Identity> {
    if (ref.startsWith('user:')) {
      const user = await this.users.find(ref.slice('user:'.length));
      if (!user) return { controllers: [], roleHistory: [] };
      return { controllers: [user.creator], roleHistory: user.roleHistory };
    }
    if (ref.startsWith('key:')) {
      const key = await this.apiKeys.find(ref.slice('key:'.length));
      if (!key) return { controllers: [], roleHistory: [] };
      return { controllers: [...(key.username ? [`user:${key.username}`] : []), key.creator], roleHistory: key.roleHistory };
    }
    return { controllers: [], roleHistory: [] }; // the system: nobody's
  }

  private keysNamed(name: string): Promise<ApiKeyRecord[]> {
    let pending = this.byName.get(name);
    if (!pending) {
      pending = this.apiKeys.named(name);
      this.byName.set(name, pending);
    }
    return pending;
  }
}
