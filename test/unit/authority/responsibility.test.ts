import { isInternetChannel, responsibleOrgUnit } from '../../../server/authority/responsibility';

describe('responsibility for a loan', () => {
  const internet = ['online-*', 'app'];

  it('matches exact channel names and prefixes', () => {
    expect(isInternetChannel('online-platform-a', internet)).toBe(true);
    expect(isInternetChannel('app', internet)).toBe(true);
    expect(isInternetChannel('apple', internet)).toBe(false);
    expect(isInternetChannel('bank-branch', internet)).toBe(false);
  });

  it('routes internet business to HQ whatever branch the loan names', () => {
    expect(responsibleOrgUnit({ orgUnit: 'BR-SH', channel: 'online-platform-b' }, internet)).toBe('HQ');
    expect(responsibleOrgUnit({ orgUnit: 'BR-SH', channel: 'bank-branch' }, internet)).toBe('BR-SH');
    expect(responsibleOrgUnit({ orgUnit: 'BR-SH', channel: 'online-platform-b' }, [])).toBe('BR-SH');
  });
});
