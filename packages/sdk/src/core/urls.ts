import { ValidationError } from './errors.js';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

export interface UrlPolicy {
  /**
   * Plain http to hosts other than this machine too: for a server in a private network behind a
   * TLS-terminating proxy. Off unless asked for (`allowHttp`, `LUCO_ALLOW_HTTP=1`).
   */
  allowHttp?: boolean | undefined;
}

/**
 * Validates a URL that credentials or data will be sent to: it must parse, and use https unless
 * it points at this machine or plain http was allowed. Returns it without trailing slashes, so
 * `base + '/path'` is right.
 */
export function secureUrl(field: string, value: string, policy: UrlPolicy = {}): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError(field, `not a valid URL: ${JSON.stringify(value)}`);
  }
  const plainHttp = url.protocol === 'http:';
  if (url.protocol !== 'https:' && !(plainHttp && (isLoopbackHost(url.hostname) || policy.allowHttp === true))) {
    throw new ValidationError(
      field,
      `must use https, got ${url.protocol}//${url.host} (plain http is allowed for localhost, 127.0.0.1 and [::1]; ` +
        'for a server in a private network behind a TLS-terminating proxy, opt in with allowHttp: true or LUCO_ALLOW_HTTP=1)',
    );
  }
  if (url.search || url.hash) throw new ValidationError(field, 'must not contain a query string or fragment');
  return url.toString().replace(/\/+$/, '');
}

/** The host (with its port) of a plain-http URL to another machine; undefined for https or loopback. */
export function plainHttpHost(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' && !isLoopbackHost(url.hostname) ? url.host : undefined;
}
