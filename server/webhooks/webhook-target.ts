import { BlockList, isIP } from 'node:net';
import type { ErrorDetail } from '../http/errors';

/**
 * Which URLs a subscription may point at. Deliveries are requests the server makes on a
 * user's behalf, so loopback, private, link-local (cloud metadata) and similar addresses are
 * refused unless the settings allow them (development and tests do, production does not).
 * The same check runs again on every resolved address at delivery time, so a name that later
 * resolves to a private address is refused then too.
 */
const PRIVATE_RANGES: [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['224.0.0.0', 3, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];
const privateRanges = new BlockList();
for (const [network, prefix, family] of PRIVATE_RANGES) privateRanges.addSubnet(network, prefix, family);

/** Local-use NAT64 (RFC 8215) places the IPv4 address anywhere in the /48: the whole prefix is refused. */
const localNat64 = new BlockList();
localNat64.addSubnet('64:ff9b:1::', 48, 'ipv6');

/** Loopback, private, link-local, shared, multicast and reserved addresses, also when an IPv6 address embeds one. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 4) return privateRanges.check(address, 'ipv4');
  if (privateRanges.check(address, 'ipv6') || localNat64.check(address, 'ipv6')) return true;
  const embedded = embeddedIpv4(address);
  return embedded !== undefined && privateRanges.check(embedded, 'ipv4');
}

/**
 * The IPv4 address a translating or tunnelling IPv6 address reaches: IPv4-mapped (::ffff:a.b.c.d,
 * also written in hex), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
 * A gateway on the path turns these into a request to that IPv4 address.
 */
function embeddedIpv4(address: string): string | undefined {
  const words = ipv6Words(address);
  if (!words) return undefined;
  const zeros = (from: number, to: number): boolean => words.slice(from, to).every((word) => word === 0);
  const ipv4 = (high: number, low: number): string => [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  if (zeros(0, 5) && (words[5] === 0xffff || words[5] === 0)) return ipv4(words[6]!, words[7]!);
  if (words[0] === 0x64 && words[1] === 0xff9b && zeros(2, 6)) return ipv4(words[6]!, words[7]!);
  if (words[0] === 0x2002) return ipv4(words[1]!, words[2]!);
  return undefined;
}

/** The eight 16-bit words of an IPv6 literal (a dotted IPv4 tail becomes the last two), or undefined. */
function ipv6Words(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail, extra] = text.split('::');
  if (extra !== undefined) return undefined;
  const parse = (part: string | undefined): number[] => (part ? part.split(':').map((word) => parseInt(word, 16)) : []);
  const front = parse(head);
  const back = parse(tail);
  const words = tail === undefined ? front : [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  return words.length === 8 && words.every((word) => Number.isInteger(word) && word >= 0 && word <= 0xffff) ? words : undefined;
}

export function isLocalHostname(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/** The URL's problems as field-level details (empty when acceptable); `path` names the field. */
export function targetUrlProblems(raw: string, allowPrivate: boolean, path = '/body/url'): ErrorDetail[] {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [{ path, message: 'is not a valid absolute URL' }];
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return [{ path, message: 'must use http or https' }];
  if (url.username || url.password) return [{ path, message: 'must not carry credentials: deliveries are signed instead' }];
  if (url.hash) return [{ path, message: 'must not have a #fragment' }];
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (isLocalHostname(host) || isPrivateAddress(host))) {
    return [{ path, message: 'points at a loopback or private address, which this server does not call (WEBHOOK_PRIVATE_TARGETS)' }];
  }
  return [];
}

/** The hostname as Node's resolver sees it, or undefined when it is an IP literal (no lookup happens). */
export function hostnameToResolve(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return isIP(host) ? undefined : host;
}
