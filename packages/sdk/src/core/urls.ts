import { ValidationError } from './errors.js';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Validates a URL that credentials or data will be sent to: it must parse, and use https unless
 * it points at this machine. Returns it without trailing slashes, so `base + '/path'` is right.
 */
export function secureUrl(field: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError(field, `not a valid URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ValidationError(field, `must use https (plain http is allowed only for localhost, 127.0.0.1 and [::1]), got ${url.protocol}//${url.host}`);
  }
  if (url.search || url.hash) throw new ValidationError(field, 'must not contain a query string or fragment');
  return url.toString().replace(/\/+$/, '');
}
