import type { LookupFunction } from 'node:net';
import { familyOf, refusedRangeOf } from './address-ranges.js';
import { type AlertTargetPolicy, hostIsAllowed, normalizeHost, type ResolvedAddress } from './policy.js';

/** A target the policy does not allow; the message says why and how to allow it, and holds no secret. */
export class TargetRefusedError extends Error {
  override readonly name = 'TargetRefusedError';
}

/** A host name that does not resolve (now): worth another try later, unlike a refused target. */
export class TargetUnresolvedError extends Error {
  override readonly name = 'TargetUnresolvedError';
}

const ALLOW_HINT = 'allow it with --alert-targets / LUCO_ALERT_TARGETS';

/**
 * The addresses a connection to `host` may use, after checking every one of them: all public,
 * or allowed by the policy (the host by name, or each address by network). `plainText` (http,
 * or SMTP without TLS is not meant here) needs the allow-list: by default only https goes out.
 * The caller connects to exactly these addresses, so a DNS answer that changes between this
 * check and the connection (rebinding) is never used.
 */
export async function resolveTarget(host: string, options: { plainText: boolean; policy: AlertTargetPolicy }): Promise<ResolvedAddress[]> {
  const name = normalizeHost(host);
  if (name === '') throw new TargetRefusedError('the target has no host');
  const listedByName = hostIsAllowed(options.policy, name);
  const literal = familyOf(name);
  let addresses: ResolvedAddress[];
  if (literal !== undefined) addresses = [{ address: name, family: literal === 'ipv4' ? 4 : 6 }];
  else {
    try {
      addresses = await options.policy.resolve(name);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new TargetUnresolvedError(`the host ${name} does not resolve${code ? ` (${code})` : ''}`);
    }
    if (addresses.length === 0) throw new TargetUnresolvedError(`the host ${name} does not resolve`);
  }
  if (listedByName) return addresses;
  for (const { address } of addresses) {
    const listed = options.policy.networks.check(address, familyOf(address) ?? 'ipv4');
    if (listed) continue;
    if (options.plainText) throw new TargetRefusedError(`plain http goes only to hosts on the allow-list, and ${name} is not on it; use https or ${ALLOW_HINT}`);
    const range = refusedRangeOf(address);
    if (range !== undefined) {
      const what = literal !== undefined ? `${address} is a ${range} address` : `${name} resolves to ${address}, a ${range} address`;
      throw new TargetRefusedError(`${what}, refused by default; ${ALLOW_HINT}`);
    }
  }
  return addresses;
}

/**
 * A `lookup` for node:net/http/https that answers with addresses already checked, so the socket
 * connects to what `resolveTarget` allowed and nothing else.
 */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? addresses.filter((entry) => entry.family === options.family) : addresses;
    const usable = wanted.length > 0 ? wanted : addresses;
    const first = usable[0]!;
    if (options.all) process.nextTick(() => (callback as (error: null, addresses: ResolvedAddress[]) => void)(null, usable.map((entry) => ({ ...entry }))));
    else process.nextTick(() => callback(null, first.address, first.family));
  };
}
