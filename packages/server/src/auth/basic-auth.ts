/** A client id and secret pair as presented by a caller of the token endpoint. */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export type ParsedClientCredentials =
  | (ClientCredentials & {
      /** Pairs to try in order: as sent, then form-urldecoded (RFC 6749 2.3.1) when that differs. */
      candidates: ClientCredentials[];
    })
  | { error: string };

// Error texts are fixed strings: they must never echo what the caller sent.
const ERRORS = {
  missing: 'client credentials are missing',
  malformedHeader: 'malformed Basic authorization header',
  missingSecret: 'client secret is missing',
  conflict: 'client credentials in the authorization header and the form body differ',
} as const;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Undoes application/x-www-form-urlencoded; undefined when the value has no escapes or is invalid. */
function formDecode(value: string): string | undefined {
  if (!/[%+]/.test(value)) return undefined;
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function parseBasic(header: string): ClientCredentials | { error: string } | undefined {
  const match = /^Basic[ \t]+(\S*)[ \t]*$/i.exec(header.trim());
  // Other schemes (e.g. Bearer) carry no client credentials; the form body may still.
  if (match === null) return /^Basic(?:\s|$)/i.test(header.trim()) ? { error: ERRORS.malformedHeader } : undefined;
  const encoded = match[1] ?? '';
  if (encoded === '' || !BASE64.test(encoded)) return { error: ERRORS.malformedHeader };
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  // Ids cannot contain ':' (RFC 7617), so the first colon separates; secrets may contain colons.
  const colon = decoded.indexOf(':');
  if (colon <= 0) return { error: ERRORS.malformedHeader };
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

function variants(pair: ClientCredentials): ClientCredentials[] {
  const id = formDecode(pair.clientId);
  const secret = formDecode(pair.clientSecret);
  if (id === undefined && secret === undefined) return [pair];
  const decoded = { clientId: id ?? pair.clientId, clientSecret: secret ?? pair.clientSecret };
  // An invalid escape in one half means the pair was not form-encoded after all.
  if ((id === undefined && /%/.test(pair.clientId)) || (secret === undefined && /%/.test(pair.clientSecret))) return [pair];
  return decoded.clientId === pair.clientId && decoded.clientSecret === pair.clientSecret ? [pair] : [pair, decoded];
}

function present(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

/**
 * Reads client credentials from `Authorization: Basic` or the form fields client_id/client_secret.
 * Decoding is ambiguous (a raw secret may legitimately contain '%'), so callers try each candidate.
 */
export function parseClientCredentials(
  headers: { authorization?: string | undefined },
  form: Record<string, string | undefined>,
): ParsedClientCredentials {
  const formId = form['client_id'];
  const formSecret = form['client_secret'];
  const basic = headers.authorization === undefined ? undefined : parseBasic(headers.authorization);
  if (basic !== undefined && 'error' in basic) return basic;

  if (basic !== undefined) {
    if (basic.clientSecret === '') return { error: ERRORS.missingSecret };
    const candidates = variants(basic);
    // The form was already decoded by the body parser, so it may match either variant.
    const agrees = (c: ClientCredentials): boolean =>
      (!present(formId) || formId === c.clientId) && (!present(formSecret) || formSecret === c.clientSecret);
    if (!candidates.some(agrees)) return { error: ERRORS.conflict };
    const [first] = candidates as [ClientCredentials, ...ClientCredentials[]];
    return { clientId: first.clientId, clientSecret: first.clientSecret, candidates };
  }

  if (!present(formId)) return { error: ERRORS.missing };
  if (!present(formSecret)) return { error: ERRORS.missingSecret };
  const pair = { clientId: formId, clientSecret: formSecret };
  return { ...pair, candidates: [pair] };
}
