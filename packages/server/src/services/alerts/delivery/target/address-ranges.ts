import { BlockList, isIP } from 'node:net';

/**
 * The address ranges a notification may not reach unless the operator allows them: the server's
 * own machine and networks (loopback, private, link-local with the cloud metadata address),
 * and addresses that are no destination at all. Everything else counts as public.
 */
export const REFUSED_RANGES = {
  unspecified: ['0.0.0.0/8', '::/128'],
  loopback: ['127.0.0.0/8', '::1/128'],
  // RFC 1918, the carrier-grade NAT range (RFC 6598) and IPv6 unique local addresses (RFC 4193).
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'],
  // 169.254.169.254 (cloud instance metadata) lives here.
  'link-local': ['169.254.0.0/16', 'fe80::/10'],
  multicast: ['224.0.0.0/4', 'ff00::/8'],
  // IETF protocol assignments, benchmarking, documentation, class E and broadcast, deprecated site-local.
  reserved: ['192.0.0.0/24', '198.18.0.0/15', '192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '240.0.0.0/4', '2001:db8::/32', 'fec0::/10', '100::/64'],
} as const;

export type RefusedRange = keyof typeof REFUSED_RANGES;

/** The ranges an allow-list may name by keyword (`loopback`, `private`, `link-local`). */
export const ALLOWABLE_RANGES: readonly RefusedRange[] = ['loopback', 'private', 'link-local'];

const LISTS = new Map<RefusedRange, BlockList>(
  (Object.keys(REFUSED_RANGES) as RefusedRange[]).map((range) => {
    const list = new BlockList();
    for (const cidr of REFUSED_RANGES[range]) addCidr(list, cidr);
    return [range, list];
  }),
);

/**
 * The refused range an address lies in, or undefined for a public address. IPv4-mapped IPv6
 * addresses (`::ffff:127.0.0.1`) count as the IPv4 address they carry.
 */
export function refusedRangeOf(address: string): RefusedRange | undefined {
  const family = familyOf(address);
  if (family === undefined) return 'unspecified';
  for (const [range, list] of LISTS) if (list.check(address, family)) return range;
  return undefined;
}

export function familyOf(address: string): 'ipv4' | 'ipv6' | undefined {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}

/** Adds `a.b.c.d/n`, `x::/n` or a single address to a block list; false when it is neither. */
export function addCidr(list: BlockList, text: string): boolean {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const family = familyOf(address);
  if (family === undefined) return false;
  const max = family === 'ipv4' ? 32 : 128;
  const prefixText = slash < 0 ? String(max) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return false;
  const prefix = Number(prefixText);
  if (prefix > max) return false;
  list.addSubnet(address, prefix, family);
  return true;
}
