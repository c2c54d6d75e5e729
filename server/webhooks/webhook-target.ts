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

/** Loopback, private, link-local, shared, multicast and reserved addresses (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return privateRanges.check(address, family === 4 ? 'ipv4' : 'ipv6');
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
