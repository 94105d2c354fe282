/**
 * The Azure AD v2.0 scope for an API's app registration: `<resourceId>/.default`, as LucoPy sends it.
 * The resource id is not altered otherwise: v1-style resources such as `https://database.windows.net/`
 * really do need the double slash (`https://database.windows.net//.default`).
 */
export function defaultScope(resourceId: string): string {
  return resourceId.endsWith('/.default') ? resourceId : `${resourceId}/.default`;
}
