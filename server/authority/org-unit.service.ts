import type { OrgUnitCreateRequest, OrgUnitUpdateRequest } from '../generated/schema-types';
import { ForbiddenError, NotFoundError, UnprocessableError, ValidationError } from '../http/errors';
import { actorName, type Principal } from '../identity/principal';
import type { AuditLog } from '../audit/audit.service';
import { deactivationProblem, moveProblem, type OrgTree } from './org-tree';
import { HEAD_OFFICE } from './responsibility';
import type { OrgUnitRecord } from './org-unit.model';
import type { OrgUnitDirectory } from './org-unit.directory';
import type { OrgUnitChanges, OrgUnitStore } from './org-unit.store';

/** Who still belongs to a unit: deactivating it would strand them. */
export type MemberCounter = (orgUnit: string) => Promise<{ users: number; apiKeys: number }>;

/** Admins manage the tree within their own scope: create, rename, move, deactivate; every change audited. */
export class OrgUnitService {
  constructor(
    private readonly store: OrgUnitStore,
    private readonly directory: OrgUnitDirectory,
    private readonly audit: AuditLog,
    private readonly members: MemberCounter,
  ) {}

  /** The units within the principal's scope, parents first. */
  async list(principal: Principal): Promise<{ record: OrgUnitRecord; path: string[] }[]> {
    const [records, tree] = await Promise.all([this.store.list(), this.directory.tree()]);
    const byId = new Map(records.map((record) => [record.id, record]));
    return tree
      .subtree(principal.orgUnit)
      .filter((id) => byId.has(id))
      .map((id) => ({ record: byId.get(id)!, path: tree.path(id) ?? [id] }));
  }

  async get(id: string, principal: Principal): Promise<{ record: OrgUnitRecord; path: string[] }> {
    await this.directory.assertInScope(principal, id, { hide: true });
    const record = await this.store.find(id);
    if (!record) throw new NotFoundError(`No org unit "${id}"`);
    return { record, path: (await this.directory.path(id)) ?? [id] };
  }

  async create(request: OrgUnitCreateRequest, principal: Principal): Promise<OrgUnitRecord> {
    await this.assertAssignable(request.parent, principal, '/body/parent');
    const now = new Date();
    const actor = actorName(principal);
    const record = await this.store.insert({
      id: request.id,
      name: request.name,
      parent: request.parent,
      active: true,
      version: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: actor,
      updatedBy: actor,
    });
    this.directory.forget();
    await this.audit.record({
      actor,
      action: 'create',
      entity: { kind: 'org-unit', id: record.id },
      orgUnit: record.id,
      after: unitState(record),
      reason: request.reason,
    });
    return record;
  }

  async update(id: string, request: OrgUnitUpdateRequest, principal: Principal): Promise<OrgUnitRecord> {
    await this.directory.assertInScope(principal, id, { hide: true });
    const current = await this.store.find(id);
    if (!current) throw new NotFoundError(`No org unit "${id}"`);
    const tree = await this.directory.tree();
    const changes: OrgUnitChanges = {};
    if (request.name !== undefined) changes.name = request.name;
    if (request.parent !== undefined && request.parent !== current.parent) {
      const problem = moveProblem(tree, id, request.parent);
      if (problem && id !== HEAD_OFFICE && tree.contains(id, request.parent))
        throw new UnprocessableError('org_unit_cycle', `Cannot move ${id}: ${problem}`, [{ path: '/body/parent', message: problem }]);
      if (id === principal.orgUnit && id !== HEAD_OFFICE) throw new ForbiddenError('You cannot move the org unit your own scope starts from', 'out_of_scope');
      await this.assertAssignable(request.parent, principal, '/body/parent');
      if (problem) throw new UnprocessableError('org_unit_move_refused', `Cannot move ${id}: ${problem}`, [{ path: '/body/parent', message: problem }]);
      changes.parent = request.parent;
    }
    if (request.active !== undefined && request.active !== current.active) {
      await this.assertActivationAllowed(tree, current, request.active);
      changes.active = request.active;
    }
    if (Object.keys(changes).length === 0)
      throw new ValidationError('Nothing to change', [{ path: '/body', message: 'name, parent or active must differ from the current unit' }]);
    const actor = actorName(principal);
    const updated = await this.store.update(id, request.version, changes, actor);
    this.directory.forget();
    await this.audit.record({
      actor,
      action: actionOf(changes),
      entity: { kind: 'org-unit', id },
      orgUnit: id,
      before: unitState(current),
      after: unitState(updated),
      reason: request.reason,
    });
    return updated;
  }

  unitsWithin(unit: string): Promise<string[]> {
    return this.directory.unitsWithin(unit);
  }

  contains(ancestor: string, unit: string): Promise<boolean> {
    return this.directory.contains(ancestor, unit);
  }

  inScope(principal: Pick<Principal, 'orgUnit'>, unit: string): Promise<boolean> {
    return this.directory.inScope(principal, unit);
  }

  /** Refuses users and keys in units that do not exist, are deactivated or lie outside the actor's scope. */
  async assertAssignable(unit: string, principal: Pick<Principal, 'orgUnit'>, path: string): Promise<void> {
    const tree = await this.directory.tree();
    const found = tree.get(unit);
    // Below HQ, "no such unit" and "not yours" get the same answer, so other branches' units cannot be probed.
    if (!found && principal.orgUnit === HEAD_OFFICE)
      throw new UnprocessableError('unknown_org_unit', `There is no org unit "${unit}"`, [{ path, message: 'no such org unit' }]);
    if (!found || !tree.contains(principal.orgUnit, unit)) {
      throw new ForbiddenError(`Org unit "${unit}" is outside your scope (${principal.orgUnit} and below)`, 'out_of_scope');
    }
    if (!found.active) throw new UnprocessableError('org_unit_inactive', `Org unit "${unit}" is deactivated`, [{ path, message: 'is deactivated' }]);
  }

  /** The demo tree of a first development start, matching the demo portfolio's branches. */
  async ensureUnits(units: readonly { id: string; name: string; parent: string }[], actor: string): Promise<string[]> {
    const created: string[] = [];
    for (const unit of units) {
      if (await this.store.find(unit.id)) continue;
      const now = new Date();
      try {
        const record = await this.store.insert({ ...unit, active: true, version: 1, createdAt: now, updatedAt: now, createdBy: actor, updatedBy: actor });
        await this.audit.record({
          actor,
          action: 'create',
          entity: { kind: 'org-unit', id: unit.id },
          orgUnit: unit.id,
          after: unitState(record),
          reason: 'demo data of a first start',
        });
        created.push(unit.id);
      } catch (error) {
        // Another process starting on the same database created it first.
        if ((error as { code?: string }).code !== 'org_unit_taken') throw error;
      }
    }
    this.directory.forget();
    return created;
  }

  private async assertActivationAllowed(tree: OrgTree, current: OrgUnitRecord, active: boolean): Promise<void> {
    if (active) {
      const parent = current.parent ? tree.get(current.parent) : undefined;
      if (current.parent && !parent?.active)
        throw new UnprocessableError('org_unit_inactive', `Reactivate ${current.parent} first`, [
          { path: '/body/active', message: `the parent ${current.parent} is deactivated` },
        ]);
      return;
    }
    const problem = deactivationProblem(tree, current.id, await this.members(current.id));
    if (problem) throw new UnprocessableError('org_unit_in_use', `Cannot deactivate ${current.id}: ${problem}`, [{ path: '/body/active', message: problem }]);
  }
}

function unitState(record: OrgUnitRecord): Pick<OrgUnitRecord, 'name' | 'parent' | 'active' | 'version'> {
  return { name: record.name, parent: record.parent, active: record.active, version: record.version };
}

function actionOf(changes: OrgUnitChanges): string {
  if (changes.parent !== undefined) return 'move';
  if (changes.active === false) return 'deactivate';
  if (changes.active === true) return 'reactivate';
  return 'rename';
}
