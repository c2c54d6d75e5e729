import type { PreparedRuleSet } from '../../../server/engine/prepare';
import { NO_CHALLENGES } from '../../../server/monitoring/challenger-seam';

const subject = { obligorId: 'OB-1', orgUnit: 'HQ', customerTier: null, channel: null, product: null };
const prepared = { key: 'warning.obligor', version: 1 } as unknown as PreparedRuleSet;
const events = [{ type: 'warning', params: { level: 'red' } }];

describe('the champion alone (no test running)', () => {
  it('decides without a promise when the runner is synchronous, so a whole-book pass awaits nothing per subject', () => {
    const decided = NO_CHALLENGES.warning(subject, { dpd: 95 }, { prepared, run: () => events }, {});
    expect(decided).not.toBeInstanceOf(Promise);
    expect(decided).toEqual({ prepared, events });
  });

  it('keeps a runner that answers with a promise (json-rules-engine) as a promise of the same decision', async () => {
    const deciding = NO_CHALLENGES.disposition(subject, { dpd: 95 }, { prepared, run: () => Promise.resolve(events) }, {});
    expect(deciding).toBeInstanceOf(Promise);
    expect(await deciding).toEqual({ prepared, events });
  });
});
