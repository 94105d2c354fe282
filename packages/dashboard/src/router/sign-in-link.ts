/**
 * The one-time sign-in token in a `#link=<token>` fragment (fragments never reach the server's
 * logs), or undefined. The page removes the fragment from the address bar before using it.
 */
export function linkFromHash(hash: string): string | undefined {
  if (!hash.startsWith('#')) return undefined;
  const token = new URLSearchParams(hash.slice(1)).get('link');
  return token && /^[A-Za-z0-9_-]{16,512}$/.test(token) ? token : undefined;
}
