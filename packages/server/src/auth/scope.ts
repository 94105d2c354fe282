/**
 * Whether a client-credentials `scope` asks for this API: `<resourceId>/.default`, also in the
 * `api://` form Azure AD clients use. A missing scope means the default (RFC 6749 3.3).
 */
export function isAcceptedScope(scope: string | undefined, resourceId: string): boolean {
  if (scope === undefined || scope.trim() === '') return true;
  const accepted = new Set([`${resourceId}/.default`, `api://${resourceId}/.default`]);
  const requested = scope.trim().split(/\s+/);
  return requested.every((s) => accepted.has(s));
}
