import { createHash } from 'node:crypto';
import type { FetchLike } from '../core/transport.js';
import type { TokenCycler } from './token-cycler.js';

/**
 * One token cycler per set of client credentials in a process. A pipeline process, a scheduler's
 * worker or a test run often makes several LucoApi clients with the same service principal (one per
 * task or run, `withOptions`, a DeliveryQueue beside the direct client): each would otherwise ask
 * the token endpoint again, one more round trip (and the endpoint's secret check) before its first
 * call. Cyclers are keyed by what decides the token (token URL, client id, scope, secret) and kept
 * per fetch function, so clients given their own `fetch` never share with others; a cycler no
 * client holds any more is let go.
 */
const cyclersByFetch = new WeakMap<FetchLike, Map<string, WeakRef<TokenCycler>>>();

export interface SharedCyclerKey {
  fetch: FetchLike;
  tokenUrl: string;
  clientId: string;
  scope: string;
  clientSecret: string;
}

export function sharedCycler(key: SharedCyclerKey, create: () => TokenCycler): TokenCycler {
  let cyclers = cyclersByFetch.get(key.fetch);
  if (!cyclers) {
    cyclers = new Map();
    cyclersByFetch.set(key.fetch, cyclers);
  }
  // A digest, so that the map never holds the secret itself.
  const id = createHash('sha256').update(JSON.stringify([key.tokenUrl, key.clientId, key.scope, key.clientSecret])).digest('base64');
  const existing = cyclers.get(id)?.deref();
  if (existing) return existing;
  for (const [other, ref] of cyclers) if (ref.deref() === undefined) cyclers.delete(other);
  const cycler = create();
  cyclers.set(id, new WeakRef(cycler));
  return cycler;
}
