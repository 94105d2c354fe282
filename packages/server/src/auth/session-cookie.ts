/** The dashboard's session cookie: its name and how it is read and written. */
export const SESSION_COOKIE = 'luco_session';

/** The value of the session cookie in a Cookie header, if there is one. */
export function readSessionCookie(header: string | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === SESSION_COOKIE) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * A Set-Cookie value: HttpOnly (no script reads it), SameSite=Strict (no other site's page sends
 * it), and Secure when the browser will keep a Secure cookie from this origin (https, or a
 * loopback host, which browsers treat as secure). `maxAgeSeconds` 0 deletes it.
 */
export function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Whether a request came over https or to a loopback host (where browsers accept Secure cookies over http). */
export function secureCookieContext(request: { protocol: string; hostname: string }): boolean {
  const host = request.hostname.toLowerCase();
  return request.protocol === 'https' || LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost');
}
