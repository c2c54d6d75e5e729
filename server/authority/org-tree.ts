import { HEAD_OFFICE } from './responsibility';

/** What the tree needs to know of a unit. */
export interface OrgUnitNode {
  id: string;
  name: string;
  /** null for HQ, the root. */
  parent: string | null;
  active: boolean;
}

/**
 * The org-unit tree as plain data: HQ at the root, branches below it, sub-branches below
 * those. Built once from the stored units and then asked questions; no database here.
 */
export class OrgTree {
  private readonly byId = new Map<string, OrgUnitNode>();
  private readonly children = new Map<string, string[]>();

  constructor(units: readonly OrgUnitNode[]) {
    for (const unit of units) this.byId.set(unit.id, unit);
    // HQ always exists, even before its record is written (a first start, a test database).
    if (!this.byId.has(HEAD_OFFICE)) this.byId.set(HEAD_OFFICE, { id: HEAD_OFFICE, name: 'Head office', parent: null, active: true });
    for (const unit of this.byId.values()) {
      if (unit.parent === null) continue;
      const siblings = this.children.get(unit.parent) ?? [];
      siblings.push(unit.id);
      this.children.set(unit.parent, siblings);
    }
    for (const siblings of this.children.values()) siblings.sort();
  }

  get(id: string): OrgUnitNode | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Every unit, parents before their children (depth first, siblings by id). */
  list(): OrgUnitNode[] {
    return this.subtree(HEAD_OFFICE).map((id) => this.byId.get(id)!);
  }

  /** The unit and every unit below it, parents first; an unknown unit is only itself. */
  subtree(id: string): string[] {
    const found: string[] = [];
    const visit = (unit: string, seen: Set<string>) => {
      if (seen.has(unit)) return; // stored data with a cycle must not hang a request
      seen.add(unit);
      found.push(unit);
      for (const child of this.children.get(unit) ?? []) visit(child, seen);
    };
    visit(id, new Set());
    return found;
  }

  /** HQ first, the unit last; undefined when the unit is unknown or cut off from HQ. */
  path(id: string): string[] | undefined {
    const path: string[] = [];
    let current: string | null = id;
    while (current !== null) {
      const unit = this.byId.get(current);
      if (!unit || path.includes(current)) return undefined;
      path.unshift(current);
      current = unit.parent;
    }
    return path[0] === HEAD_OFFICE ? path : undefined;
  }

  /**
   * Whether `unit` is `ancestor` itself or lies below it. HQ's scope is everything, including
   * data that names a unit not (yet) in the tree.
   */
  contains(ancestor: string, unit: string): boolean {
    if (ancestor === unit || ancestor === HEAD_OFFICE) return true;
    return this.path(unit)?.includes(ancestor) ?? false;
  }

  depth(id: string): number {
    return (this.path(id)?.length ?? 1) - 1;
  }
}

/** Why moving `unit` under `newParent` is refused, or undefined when the move is fine. */
export function moveProblem(tree: OrgTree, unit: string, newParent: string): string | undefined {
  if (unit === HEAD_OFFICE) return 'HQ is the root of the tree and cannot move';
  const parent = tree.get(newParent);
  if (!parent) return `there is no org unit "${newParent}"`;
  if (!parent.active) return `${newParent} is deactivated`;
  if (tree.contains(unit, newParent)) return `${newParent} lies within ${unit}'s own subtree: the move would make a cycle`;
  return undefined;
}

/** Why deactivating `unit` is refused (given who still belongs to it), or undefined. */
export function deactivationProblem(tree: OrgTree, unit: string, members: { users: number; apiKeys: number }): string | undefined {
  if (unit === HEAD_OFFICE) return 'HQ cannot be deactivated';
  const activeChildren = tree
    .subtree(unit)
    .slice(1)
    .filter((id) => tree.get(id)?.active);
  if (activeChildren.length > 0) return `${unit} still has active sub-units (${activeChildren.join(', ')}); deactivate or move them first`;
  if (members.users > 0 || members.apiKeys > 0) {
    return `${unit} still has ${members.users} active user(s) and ${members.apiKeys} live API key(s); move, deactivate or revoke them first`;
  }
  return undefined;
}
