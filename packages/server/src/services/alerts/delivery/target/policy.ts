import { BlockList } from 'node:net';
import { lookup } from 'node:dns/promises';
import { addCidr, ALLOWABLE_RANGES, REFUSED_RANGES, type RefusedRange } from './address-ranges.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** How a host name becomes addresses; the system resolver unless a test gives its own. */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

/**
 * Where notifications may go besides the default (any https host whose addresses are all
 * public). Built from `--alert-targets` / `LUCO_ALERT_TARGETS` by `parseAlertTargets`.
 */
export interface AlertTargetPolicy {
  /** Host names allowed whatever they resolve to, plain http included: exact names, or `*.example.com` for its subdomains. */
  readonly hosts: readonly string[];
  /** Addresses allowed although not public, plain http included. */
  readonly networks: BlockList;
  /** The entries as given, for messages. */
  readonly entries: readonly string[];
  readonly resolve: Resolver;
}

const HOST_PATTERN = /^(\*\.)?(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}[a-z0-9_])?)*$/;

export const systemResolver: Resolver = async (host) => {
  const found = await lookup(host, { all: true, verbatim: true });
  return found.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
};

/**
 * Reads the allow-list: a comma-separated list of host names (`hooks.internal.example`), host
 * patterns (`*.internal.example`), IP addresses, CIDRs (`10.20.0.0/16`, `fd00::/8`) and the
 * keywords `loopback`, `private` and `link-local` (those ranges; `loopback` also allows the
 * name `localhost`). Empty or undefined: the default only. Throws on an entry it cannot read,
 * naming it.
 */
export function parseAlertTargets(text: string | undefined, options: { resolve?: Resolver } = {}): AlertTargetPolicy {
  const entries = (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const hosts: string[] = [];
  const networks = new BlockList();
  for (const entry of entries) {
    const lower = entry.toLowerCase();
    if ((ALLOWABLE_RANGES as readonly string[]).includes(lower)) {
      for (const cidr of REFUSED_RANGES[lower as RefusedRange]) addCidr(networks, cidr);
      if (lower === 'loopback') hosts.push('localhost');
      continue;
    }
    const unbracketed = lower.startsWith('[') && lower.includes(']') ? lower.replace(/^\[|\](?=\/|$)/g, '') : lower;
    if (addCidr(networks, unbracketed)) continue;
    if (HOST_PATTERN.test(lower.replace(/\.$/, ''))) {
      hosts.push(lower.replace(/\.$/, ''));
      continue;
    }
    throw new Error(
      `alert targets: "${entry}" is not a host name, a host pattern (*.example.com), an IP address, a CIDR (10.0.0.0/8) or one of ${ALLOWABLE_RANGES.join(', ')}`,
    );
  }
  return { hosts, networks, entries, resolve: options.resolve ?? systemResolver };
}

/** True when the policy names this host (exactly, or under a `*.` pattern). */
export function hostIsAllowed(policy: AlertTargetPolicy, host: string): boolean {
  const name = normalizeHost(host);
  return policy.hosts.some((pattern) => (pattern.startsWith('*.') ? name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1 : name === pattern));
}

/** Lower case, no trailing dot, no IPv6 brackets: the form hosts are compared and checked in. */
export function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '').replace(/^\[(.*)\]$/, '$1');
}
