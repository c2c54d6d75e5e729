import { deactivationProblem, moveProblem, OrgTree } from '../../../server/authority/org-tree';

const unit = (id: string, parent: string | null, active = true) => ({ id, name: id, parent, active });
const tree = new OrgTree([
  unit('HQ', null),
  unit('BR-SH', 'HQ'),
  unit('BR-BJ', 'HQ'),
  unit('BR-SH-PD', 'BR-SH'),
  unit('BR-SH-PD-1', 'BR-SH-PD'),
  unit('BR-OLD', 'HQ', false),
]);

describe('the org-unit tree', () => {
  it('lists subtrees parents first and paths from HQ', () => {
    expect(tree.subtree('BR-SH')).toEqual(['BR-SH', 'BR-SH-PD', 'BR-SH-PD-1']);
    expect(tree.subtree('HQ')).toHaveLength(6);
    expect(tree.path('BR-SH-PD-1')).toEqual(['HQ', 'BR-SH', 'BR-SH-PD', 'BR-SH-PD-1']);
    expect(tree.depth('BR-SH-PD')).toBe(2);
    expect(tree.list()[0]!.id).toBe('HQ');
  });

  it('answers containment: a unit contains itself and everything below, nothing beside or above', () => {
    expect(tree.contains('HQ', 'BR-SH-PD-1')).toBe(true);
    expect(tree.contains('BR-SH', 'BR-SH')).toBe(true);
    expect(tree.contains('BR-SH', 'BR-BJ')).toBe(false);
    expect(tree.contains('BR-SH-PD', 'BR-SH')).toBe(false);
    expect(tree.contains('BR-SH', 'BR-UNKNOWN')).toBe(false);
    // HQ's scope is everything, including data naming a unit the tree does not know.
    expect(tree.contains('HQ', 'BR-UNKNOWN')).toBe(true);
  });

  it('has HQ even before its record exists, and an unknown unit is only itself', () => {
    const empty = new OrgTree([]);
    expect(empty.path('HQ')).toEqual(['HQ']);
    expect(empty.subtree('BR-X')).toEqual(['BR-X']);
    expect(empty.path('BR-X')).toBeUndefined();
  });

  it('survives stored data with a cycle', () => {
    const broken = new OrgTree([unit('HQ', null), unit('A', 'B'), unit('B', 'A')]);
    expect(broken.path('A')).toBeUndefined();
    expect(broken.contains('B', 'A')).toBe(false);
    expect(broken.subtree('A')).toEqual(['A', 'B']);
  });

  it('refuses moves that make cycles, move HQ or join a deactivated unit', () => {
    expect(moveProblem(tree, 'BR-SH', 'BR-SH-PD-1')).toMatch(/cycle/);
    expect(moveProblem(tree, 'BR-SH', 'BR-SH')).toMatch(/cycle/);
    expect(moveProblem(tree, 'HQ', 'BR-SH')).toMatch(/root/);
    expect(moveProblem(tree, 'BR-SH-PD', 'BR-OLD')).toMatch(/deactivated/);
    expect(moveProblem(tree, 'BR-SH-PD', 'NOWHERE')).toMatch(/no org unit/);
    expect(moveProblem(tree, 'BR-SH-PD', 'BR-BJ')).toBeUndefined();
  });

  it('refuses deactivating HQ, units with active sub-units, users or keys', () => {
    expect(deactivationProblem(tree, 'HQ', { users: 0, apiKeys: 0 })).toMatch(/HQ/);
    expect(deactivationProblem(tree, 'BR-SH', { users: 0, apiKeys: 0 })).toMatch(/BR-SH-PD/);
    expect(deactivationProblem(tree, 'BR-BJ', { users: 1, apiKeys: 0 })).toMatch(/1 active user/);
    expect(deactivationProblem(tree, 'BR-BJ', { users: 0, apiKeys: 0 })).toBeUndefined();
  });
});
