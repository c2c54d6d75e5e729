import { isPrivateAddress, targetUrlProblems } from '../../../server/webhooks/webhook-target';

test.each([
  ['127.0.0.1', true],
  ['10.1.2.3', true],
  ['172.16.0.1', true],
  ['172.31.255.255', true],
  ['172.32.0.1', false],
  ['192.168.1.1', true],
  ['169.254.169.254', true],
  ['100.64.0.1', true],
  ['0.0.0.0', true],
  ['224.0.0.1', true],
  ['8.8.8.8', false],
  ['203.0.113.10', false],
  ['::1', true],
  ['::', true],
  ['fe80::1', true],
  ['fd12::1', true],
  ['::ffff:127.0.0.1', true],
  ['::ffff:8.8.8.8', false],
  ['2001:4860:4860::8888', false],
  ['example.com', false],
  // IPv4 embedded in IPv6: mapped in hex form, compatible, NAT64 (well-known and local-use), 6to4.
  ['::ffff:7f00:1', true],
  ['::ffff:a00:5', true],
  ['::ffff:808:808', false],
  ['::127.0.0.1', true],
  ['::7f00:1', true],
  ['::a9fe:a9fe', true],
  ['::808:808', false],
  ['64:ff9b::127.0.0.1', true],
  ['64:ff9b::7f00:1', true],
  ['64:ff9b::a9fe:a9fe', true],
  ['64:ff9b::808:808', false],
  ['64:ff9b:1::1', true],
  ['64:ff9b:1:ffff::808:808', true],
  ['2002:7f00:1::', true],
  ['2002:a00:1::1', true],
  ['2002:c0a8:101::1', true],
  ['2002:808:808::1', false],
  ['0:0:0:0:0:ffff:7f00:1', true],
])('isPrivateAddress(%s) is %s', (address, expected) => {
  expect(isPrivateAddress(address)).toBe(expected);
});

test('only absolute http(s) URLs without credentials or fragments', () => {
  expect(targetUrlProblems('https://hooks.example.com/in', false)).toEqual([]);
  expect(targetUrlProblems('http://hooks.example.com:8080/in?x=1', false)).toEqual([]);
  expect(targetUrlProblems('ftp://hooks.example.com/in', false)).toEqual([{ path: '/body/url', message: 'must use http or https' }]);
  expect(targetUrlProblems('/relative', false)[0]!.message).toMatch(/not a valid absolute URL/);
  expect(targetUrlProblems('https://user:pw@hooks.example.com/', false)[0]!.message).toMatch(/credentials/);
  expect(targetUrlProblems('https://hooks.example.com/#x', false)[0]!.message).toMatch(/fragment/);
});

test('loopback and private targets are refused unless allowed', () => {
  for (const url of [
    'http://127.0.0.1:9000/',
    'http://localhost/',
    'http://api.localhost/',
    'http://[::1]:8080/',
    'http://169.254.169.254/latest/meta-data',
    'http://10.0.0.5/',
    'http://[::ffff:7f00:1]/',
    'http://[::127.0.0.1]/',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://[2002:7f00:1::]/',
    'http://[64:ff9b:1::a00:1]/',
  ]) {
    expect(targetUrlProblems(url, false)).toEqual([expect.objectContaining({ path: '/body/url', message: expect.stringMatching(/loopback or private/) })]);
    expect(targetUrlProblems(url, true)).toEqual([]);
  }
});
