import { prepareRuleSet } from '../../../server/engine/prepare';
import { authorityAt, grantProblems, resolveEffective, type AuthorityChain, type GrantInForce, type OverlayInForce } from '../../../server/authority/effective';

const parameters = {
  orangeDpd: { value: 30, min: 8, max: 90, unit: 'days', description: 'orange' },
  redDpd: { value: 60, min: 30, max: 180, unit: 'days', description: 'red' },
  watchGrades: { value: ['D', 'E'], description: 'grades' },
};
const grant = (orgUnit: string, version: number, content: Partial<GrantInForce['content']>): [string, GrantInForce] => [
  orgUnit,
  { orgUnit, version, content: { parameters: {}, inheritToSubBranches: false, ...content } },
];
const overlay = (orgUnit: string, version: number, values: OverlayInForce['values']): [string, OverlayInForce] => [orgUnit, { orgUnit, version, values }];
const chain = (path: string[], grants: [string, GrantInForce][], overlays: [string, OverlayInForce][]): AuthorityChain => ({
  parameters,
  path,
  grants: new Map(grants),
  overlays: new Map(overlays),
});

describe('effective parameters of a unit', () => {
  const branchGrant = grant('BR-SH', 3, {
    parameters: { orangeDpd: { min: 20, max: 40 }, watchGrades: { allowedValues: ['C', 'D', 'E'] } },
    inheritToSubBranches: true,
  });

  it('resolves three levels: HQ values, the branch overlay, then the sub-branch overlay', () => {
    const subGrant = grant('BR-SH-PD', 1, { parameters: { orangeDpd: { min: 25, max: 35 } } });
    const resolved = resolveEffective(
      chain(
        ['BR-SH', 'BR-SH-PD'],
        [branchGrant, subGrant],
        [overlay('BR-SH', 2, { orangeDpd: 38, watchGrades: ['C', 'D', 'E'] }), overlay('BR-SH-PD', 4, { orangeDpd: 26 })],
      ),
    );
    expect(resolved.conflicts).toEqual([]);
    expect(resolved.values).toEqual({
      orangeDpd: { value: 26, origin: { kind: 'overlay', orgUnit: 'BR-SH-PD', version: 4 } },
      redDpd: { value: 60, origin: { kind: 'rule-set' } },
      watchGrades: { value: ['C', 'D', 'E'], origin: { kind: 'overlay', orgUnit: 'BR-SH', version: 2 } },
    });
    expect(resolved.used).toEqual([
      { orgUnit: 'BR-SH', version: 2 },
      { orgUnit: 'BR-SH-PD', version: 4 },
    ]);
    // The overlays feed the one parameter resolver, which gives the same values.
    const prepared = prepareRuleSet({ key: 'k', version: 1, hash: 'h', content: { family: 'warning.obligor', parameters, rules: [] } }, resolved.overlays);
    expect(prepared.parameters.orangeDpd!.value).toBe(26);
    expect(prepared.parameters.watchGrades!.value).toEqual(['C', 'D', 'E']);
  });

  it("a sub-branch inherits its parent's grant, with the bounds of every grant on the path", () => {
    const subGrant = grant('BR-SH-PD', 1, { parameters: { orangeDpd: { min: 25, max: 35 } } });
    const withOwn = chain(['BR-SH', 'BR-SH-PD'], [branchGrant, subGrant], []);
    expect(authorityAt(withOwn, 1, 'orangeDpd')).toMatchObject({
      granted: true,
      grantedBy: { orgUnit: 'BR-SH-PD', inherited: false },
      bounds: { min: 25, max: 35 },
    });
    expect(authorityAt(withOwn, 1, 'watchGrades')).toMatchObject({
      granted: true,
      grantedBy: { orgUnit: 'BR-SH', inherited: true },
      bounds: { allowedValues: ['C', 'D', 'E'] },
    });
    expect(authorityAt(withOwn, 1, 'redDpd')).toMatchObject({ granted: false, bounds: { min: 30, max: 180 } });
    const notInherited = chain(['BR-SH', 'BR-SH-PD'], [grant('BR-SH', 1, { parameters: { orangeDpd: { min: 20, max: 40 } } })], []);
    expect(authorityAt(notInherited, 1, 'orangeDpd').granted).toBe(false);
    expect(authorityAt(notInherited, 0, 'orangeDpd').granted).toBe(true);
  });

  it('leaves out values a narrowed grant no longer allows, reports them, and falls back to the value above', () => {
    const narrowed = grant('BR-SH', 4, { parameters: { orangeDpd: { min: 20, max: 35 } }, inheritToSubBranches: true });
    const resolved = resolveEffective(
      chain(
        ['BR-SH', 'BR-SH-PD'],
        [narrowed],
        [overlay('BR-SH', 2, { orangeDpd: 38, watchGrades: ['C'], bogus: 1 }), overlay('BR-SH-PD', 1, { orangeDpd: 33, redDpd: 70 })],
      ),
    );
    expect(resolved.conflicts.map((conflict) => [conflict.orgUnit, conflict.parameter, conflict.reason])).toEqual([
      ['BR-SH', 'orangeDpd', 'out_of_bounds'],
      ['BR-SH', 'watchGrades', 'not_granted'],
      ['BR-SH', 'bogus', 'unknown_parameter'],
      ['BR-SH-PD', 'redDpd', 'not_granted'],
    ]);
    expect(resolved.conflicts[0]).toMatchObject({ value: 38, bounds: { min: 20, max: 35 }, message: expect.stringContaining('20 to 35') });
    expect(resolved.values.orangeDpd).toEqual({ value: 33, origin: { kind: 'overlay', orgUnit: 'BR-SH-PD', version: 1 } });
    expect(resolved.values.redDpd!.value).toBe(60);
    expect(resolved.used).toEqual([{ orgUnit: 'BR-SH-PD', version: 1 }]);

    const branchOnly = resolveEffective(chain(['BR-SH'], [narrowed], [overlay('BR-SH', 2, { orangeDpd: 38 })]));
    expect(branchOnly.values.orangeDpd).toEqual({ value: 30, origin: { kind: 'rule-set' } });
    expect(branchOnly.overlays).toEqual([]);
  });

  it("applies a unit's values only to business within the grant's products and channels", () => {
    const scoped = grant('BR-SH', 1, { parameters: { orangeDpd: { min: 20, max: 40 } }, products: ['consumer'], channels: ['branch'] });
    const scopedChain = chain(['BR-SH'], [scoped], [overlay('BR-SH', 1, { orangeDpd: 25 })]);
    expect(resolveEffective(scopedChain, { product: 'consumer', channel: 'branch' }).values.orangeDpd!.value).toBe(25);
    const outside = resolveEffective(scopedChain, { product: 'sme', channel: 'branch' });
    expect(outside.values.orangeDpd!.value).toBe(30);
    expect(outside.outsideGrantScope).toEqual([{ orgUnit: 'BR-SH', version: 1 }]);
    expect(resolveEffective(scopedChain, { channel: 'branch' }).values.orangeDpd!.value).toBe(30);
    expect(resolveEffective(scopedChain).values.orangeDpd!.value).toBe(25);
  });

  it('checks grants: known parameters, bounds that fit, and a sub-branch only narrowing its parent', () => {
    const path = chain(['BR-SH', 'BR-SH-PD'], [branchGrant], []);
    expect(grantProblems(path, { parameters: { orangeDpd: { min: 25, max: 35 } }, inheritToSubBranches: false })).toEqual([]);
    expect(grantProblems(path, { parameters: { orangeDpd: { min: 10, max: 35 } }, inheritToSubBranches: false })).toEqual([
      { path: '/parameters/orangeDpd', message: expect.stringContaining("wider than BR-SH's bounds") },
    ]);
    expect(grantProblems(path, { parameters: { watchGrades: { allowedValues: ['D', 'F'] } }, inheritToSubBranches: false })[0]!.message).toContain('"F"');
    // The parent holds no bounds on redDpd: the parameter's own limits are the only ones.
    expect(grantProblems(path, { parameters: { redDpd: { min: 40, max: 200 } }, inheritToSubBranches: false })).toEqual([
      { path: '/parameters/redDpd/max', message: "200 is above the parameter's own maximum 180" },
    ]);
    expect(grantProblems(chain(['BR-SH'], [], []), { parameters: { nothing: { min: 1 } }, inheritToSubBranches: false })).toEqual([
      { path: '/parameters/nothing', message: 'the published rule set has no parameter "nothing"' },
    ]);
  });
});

describe('parameter names of object members: own properties only, whatever is stored', () => {
  it('an overlay value named like an object member is an unknown parameter, never applied', () => {
    const stored = grant('BR-SH', 1, { parameters: JSON.parse('{"orangeDpd":{"min":20,"max":40},"constructor":{"min":1},"__proto__":{"min":1}}') });
    const resolved = resolveEffective(
      chain(['BR-SH'], [stored], [overlay('BR-SH', 2, JSON.parse('{"orangeDpd":25,"constructor":5,"hasOwnProperty":6,"__proto__":7}'))]),
    );
    expect(resolved.conflicts.map((conflict) => [conflict.parameter, conflict.reason])).toEqual([
      ['constructor', 'unknown_parameter'],
      ['hasOwnProperty', 'unknown_parameter'],
      ['__proto__', 'unknown_parameter'],
    ]);
    expect(resolved.overlays).toEqual([{ source: 'BR-SH@2:orangeDpd', values: { orangeDpd: 25 } }]);
    // A grant that holds no such own key grants nothing by inheritance from Object.prototype.
    expect(authorityAt(chain(['BR-SH'], [stored], []), 0, 'hasOwnProperty')).toMatchObject({ granted: false, boundedBy: [] });
  });

  it('the parameter resolver finds own parameters only', () => {
    const prepared = prepareRuleSet({ key: 'k', version: 1, hash: 'h', content: { family: 'warning.obligor', parameters, rules: [] } }, [
      { source: 'x', values: { constructor: 5, toString: 6 } as never },
    ]);
    expect(Object.keys(prepared.parameters).sort()).toEqual(['orangeDpd', 'redDpd', 'watchGrades']);
    expect(prepared.parameters.constructor).toBeUndefined();
  });
});
