import { assertHeadOffice, assertVisible, isVisible, scopeFilter, visibleUnits, type OrgScope } from '../../../server/authority/org-scope';
import { OrgTree } from '../../../server/authority/org-tree';
import { ForbiddenError, NotFoundError } from '../../../server/http/errors';

const unit = (id: string, parent: string | null) => ({ id, name: id, parent, active: true });
const tree = new OrgTree([unit('HQ', null), unit('BR-SH', 'HQ'), unit('BR-BJ', 'HQ'), unit('BR-SH-PD', 'BR-SH')]);
// The tree itself answers the two questions; the directory only caches it.
const scope: OrgScope = { unitsWithin: async (orgUnit) => tree.subtree(orgUnit), contains: async (ancestor, orgUnit) => tree.contains(ancestor, orgUnit) };
const hq = { orgUnit: 'HQ' };
const shanghai = { orgUnit: 'BR-SH' };

describe('one org scope for every list and every by-id read', () => {
  it('HQ sees all (no unit list); a branch sees its subtree, narrowed to a unit within it', async () => {
    expect(await visibleUnits(scope, hq)).toBeUndefined();
    expect(await visibleUnits(scope, shanghai)).toEqual(['BR-SH', 'BR-SH-PD']);
    expect(await visibleUnits(scope, hq, 'BR-SH')).toEqual(['BR-SH', 'BR-SH-PD']);
    expect(await visibleUnits(scope, shanghai, 'BR-SH-PD')).toEqual(['BR-SH-PD']);
  });

  it('builds the store filter on the given field, empty at HQ', async () => {
    expect(await scopeFilter(scope, hq)).toEqual({});
    expect(await scopeFilter(scope, shanghai)).toEqual({ orgUnit: { $in: ['BR-SH', 'BR-SH-PD'] } });
    expect(await scopeFilter(scope, shanghai, 'owner')).toEqual({ owner: { $in: ['BR-SH', 'BR-SH-PD'] } });
  });

  it('checks one object: HQ sees even a unit the tree does not know; a branch not its sibling', async () => {
    expect(await isVisible(scope, hq, 'BR-UNKNOWN')).toBe(true);
    expect(await isVisible(scope, shanghai, 'BR-SH-PD')).toBe(true);
    expect(await isVisible(scope, shanghai, 'BR-BJ')).toBe(false);
    expect(await isVisible(scope, shanghai, 'HQ')).toBe(false);
  });

  it('refuses with 404 where existence must not leak, 403 otherwise', async () => {
    await expect(assertVisible(scope, shanghai, 'BR-SH-PD')).resolves.toBeUndefined();
    await expect(assertVisible(scope, shanghai, 'BR-BJ', { hide: true, what: 'decision "d1"' })).rejects.toThrow(new NotFoundError('No decision "d1"'));
    await expect(assertVisible(scope, shanghai, 'BR-BJ')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(assertVisible(scope, shanghai, 'BR-BJ')).rejects.toThrow('Org unit "BR-BJ" is outside your org unit\'s scope (BR-SH and below)');
  });

  it("refuses a narrowing outside the caller's subtree with 403", async () => {
    await expect(visibleUnits(scope, shanghai, 'BR-BJ')).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('refuses a principal below HQ what only HQ may do (the whole book), saying why, with 403 out_of_scope', () => {
    expect(() => assertHeadOffice(hq, "Jobs act on the whole book and are HQ's")).not.toThrow();
    const refusal = (() => {
      try {
        assertHeadOffice(shanghai, "Jobs act on the whole book and are HQ's; BR-SH cannot read or start them");
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ForbiddenError);
    expect(refusal).toMatchObject({ code: 'out_of_scope', message: "Jobs act on the whole book and are HQ's; BR-SH cannot read or start them" });
  });
});
