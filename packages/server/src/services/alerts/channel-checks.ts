import type { FieldProblem } from '../../wire/input-error.js';
import { isRetiredTeamsConnector, signingSecretProblem } from './delivery/index.js';

/** One secret, or two while rotating (messages are signed with both). */
const MAX_SIGNING_SECRETS = 2;

/**
 * The form of a channel's settings, checked before it is saved. Messages never repeat a URL, a
 * secret or a header value: they may carry tokens. Where a URL may point (the target policy, the
 * SSRF guard) is the delivery side's check (delivery-hooks.ts), run after these.
 */

/** Headers the sender sets itself (the signature's among them); a channel may not override them. */
const RESERVED_HEADERS = new Set(['webhook-id', 'webhook-timestamp', 'webhook-signature', 'content-type', 'content-length', 'host', 'transfer-encoding', 'connection', 'user-agent']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
const EMAIL_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV6_LITERAL = /^\[?[0-9A-Fa-f:.]{2,45}\]?$/;

/** An http(s) URL without credentials in it; Teams' retired connector URLs are refused. */
export function urlProblems(url: string, field: string, type: 'webhook' | 'slack' | 'teams'): FieldProblem[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [{ field, message: 'is not an absolute URL' }];
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return [{ field, message: `must be an https URL (not ${parsed.protocol.replace(/:$/, '')})` }];
  if (parsed.username !== '' || parsed.password !== '') return [{ field, message: 'must not carry a user name or password (a webhook takes extra headers for credentials)' }];
  if (type === 'teams' && isRetiredTeamsConnector(parsed)) {
    return [{ field, message: `is an Office 365 connector URL (${parsed.hostname}), which Microsoft retired; in Teams, create a workflow "When a Teams webhook request is received" and use its URL` }];
  }
  return [];
}

/** One or two well-formed secrets, no repeats. */
export function signingSecretsProblems(secrets: readonly string[], field: string): FieldProblem[] {
  if (secrets.length === 0) return [{ field, message: 'needs at least one secret (leave the field out on create to get a generated one)' }];
  if (secrets.length > MAX_SIGNING_SECRETS) return [{ field, message: `holds at most ${MAX_SIGNING_SECRETS} secrets: the new and the old one during a rotation` }];
  const problems: FieldProblem[] = [];
  secrets.forEach((secret, index) => {
    const problem = signingSecretProblem(secret);
    if (problem !== undefined) problems.push({ field: `${field}[${index}]`, message: problem });
    else if (secrets.indexOf(secret) !== index) problems.push({ field: `${field}[${index}]`, message: 'repeats an earlier secret' });
  });
  return problems;
}

export function headerProblems(headers: Readonly<Record<string, string>>, field: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const [name, value] of Object.entries(headers)) {
    const path = `${field}.${name}`;
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name)) problems.push({ field: path, message: 'is not a valid header name (letters, digits and !#$%&\'*+.^_`|~-, at most 100)' });
    else if (RESERVED_HEADERS.has(lower)) problems.push({ field: path, message: 'is set by the sender and cannot be overridden' });
    else if (seen.has(lower)) problems.push({ field: path, message: 'repeats a header name (names are case-insensitive)' });
    else if (/[\r\n\u0000]/.test(value)) problems.push({ field: path, message: 'must be one line (no CR, LF or NUL)' });
    seen.add(lower);
  }
  return problems;
}

export function emailAddressProblem(address: string): string | undefined {
  return address.length <= 320 && EMAIL_ADDRESS.test(address) ? undefined : 'is not an e-mail address (local@domain)';
}

export function smtpHostProblem(host: string): string | undefined {
  return HOST_NAME.test(host) || (host.includes(':') && IPV6_LITERAL.test(host)) ? undefined : 'is not a host name or IP address';
}

