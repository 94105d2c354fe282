/**
 * URL helpers. Reference URLs are shown in Luco's UI, so any `user:password@` part (a common
 * way to embed a token in a Jenkins or Airflow URL) is removed, and unparseable values dropped.
 */

/** Returns `raw` as an absolute http(s) URL without credentials, or undefined. */
export function safeUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  url.username = '';
  url.password = '';
  return url.href;
}

/** Like safeUrl, without the trailing slash, so paths can be appended with `${base}/path`. */
export function baseUrl(raw: string | undefined): string | undefined {
  return safeUrl(raw)?.replace(/\/+$/, '');
}

/** Adds `https://` to a bare host name (DATABRICKS_HOST is often set as `adb-123.azuredatabricks.net`). */
export function withScheme(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
}
