import type { Facts } from '../../server/engine/evaluate';

/**
 * Synthetic obligor facts with the shape of a real book (domain.md): most obligors current,
 * a tail past due, tiers, channels and vintages mixed, a few score drops and downgrades.
 */
export function syntheticObligorFacts(count: number, seed = 1): Facts[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const facts: Facts[] = new Array(count);
  for (let index = 0; index < count; index++) {
    const roll = random();
    const dpd = roll < 0.9 ? 0 : roll < 0.95 ? 1 + Math.floor(random() * 30) : roll < 0.98 ? 31 + Math.floor(random() * 60) : 91 + Math.floor(random() * 120);
    const remainingPrincipal = Math.round(1000 + random() * 199_000);
    const channel = pick(['online-platform-a', 'bank-branch', 'broker', 'online-platform-b']);
    facts[index] = {
      obligorId: `OB${index}`,
      dpd,
      overdueAmount: dpd === 0 ? 0 : Math.round(remainingPrincipal * random() * 0.3),
      remainingPrincipal,
      scoreDrop: random() < 0.9 ? 0 : Math.floor(random() * 120),
      gradeDowngrade: random() < 0.95 ? 0 : 1 + Math.floor(random() * 3),
      grade: pick(['A', 'B', 'C', 'D', 'E']),
      customerTier: pick(['prime', 'near-prime', 'near-prime', 'subprime']),
      channel,
      internetBusiness: channel.startsWith('online-'),
      monthsOnBook: Math.floor(random() * 36),
      orgUnit: pick(['HQ', 'BR-SH', 'BR-BJ']),
      product: pick(['consumer', 'owner-operator', 'sme']),
    };
  }
  return facts;
}
