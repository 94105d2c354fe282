/**
 * The one warning about opted-in plain http (`allowHttp`): once per host per process, naming the
 * host only (never a path, a token or a secret). Called by LucoApi when it is built.
 */
import type { SdkLog } from './log.js';
import { plainHttpHost } from './urls.js';

const warnedHosts = new Set<string>();

export function warnPlainHttp(log: SdkLog, urls: ReadonlyArray<string | undefined>): void {
  // A client that does not log warnings leaves the warning to the next one that does.
  if (log.level === 'off' || log.level === 'error') return;
  for (const url of urls) {
    const host = url === undefined ? undefined : plainHttpHost(url);
    if (host === undefined || warnedHosts.has(host)) continue;
    warnedHosts.add(host);
    log.warn(
      `Plain http to ${host} (allowHttp): requests, tokens and the client secret cross the network unencrypted; ` +
        'use it only inside a private network, behind a proxy that terminates TLS',
    );
  }
}
