import type { ChannelSettings } from '../../../../domain/alerts/channel.js';
import type { FieldProblem } from '../../../../wire/input-error.js';
import { MAX_SIGNING_SECRETS, signingSecretProblem } from '../signature.js';
import { resolveTarget, TargetRefusedError } from './guard.js';
import type { AlertTargetPolicy } from './policy.js';

/** Headers a webhook's extra headers may not set: the signature's, and those the sender owns. */
const RESERVED_HEADERS = new Set(['webhook-id', 'webhook-timestamp', 'webhook-signature', 'content-type', 'content-length', 'host', 'transfer-encoding', 'connection', 'user-agent']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
const MAX_HEADERS = 20;
const MAX_HEADER_VALUE = 2000;

/**
 * What is wrong with where a channel sends, checked when it is saved (the sender checks again
 * on every attempt): the URL's form and scheme, retired Teams connector URLs, and the target
 * guard (a host resolving to a loopback, private or link-local address is refused unless the
 * allow-list names it; plain http needs the allow-list). A host that does not resolve now is
 * accepted: DNS may be down, and every attempt resolves it again. Messages name the host at
 * most, never the secret path of a URL. Fields are `<prefix>.url`, `<prefix>.host`.
 */
export async function checkChannelTarget(settings: ChannelSettings, policy: AlertTargetPolicy, prefix = 'settings'): Promise<FieldProblem[]> {
  if (settings.type === 'email') return checkHost(settings.host, false, policy, `${prefix}.host`);
  const field = `${prefix}.url`;
  let url: URL;
  try {
    url = new URL(settings.url);
  } catch {
    return [{ field, message: 'is not an absolute URL' }];
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return [{ field, message: `must be an https URL (not ${url.protocol.replace(/:$/, '')})` }];
  if (url.username !== '' || url.password !== '') return [{ field, message: 'must not carry a user name or password; a webhook takes extra headers for credentials' }];
  if (settings.type === 'teams' && isRetiredTeamsConnector(url)) {
    return [{ field, message: `is an Office 365 connector URL (${url.hostname}), which Microsoft retired; in Teams, create a workflow "When a Teams webhook request is received" and use its URL` }];
  }
  return checkHost(url.hostname, url.protocol === 'http:', policy, field);
}

/** Everything a channel's settings need before it is saved: the target, and a webhook's secrets and headers. */
export async function checkChannelSettings(settings: ChannelSettings, policy: AlertTargetPolicy, prefix = 'settings'): Promise<FieldProblem[]> {
  const problems = await checkChannelTarget(settings, policy, prefix);
  if (settings.type === 'webhook') problems.push(...checkSigningSecrets(settings.signingSecrets, `${prefix}.signingSecrets`), ...checkWebhookHeaders(settings.headers, `${prefix}.headers`));
  return problems;
}

/** One or two `whsec_` secrets (two while rotating), each decoding to 24..64 bytes. */
export function checkSigningSecrets(secrets: readonly string[], field = 'settings.signingSecrets'): FieldProblem[] {
  if (secrets.length === 0) return [{ field, message: 'needs a signing secret (whsec_ followed by base64 of 24 to 64 random bytes)' }];
  if (secrets.length > MAX_SIGNING_SECRETS) return [{ field, message: `holds at most ${MAX_SIGNING_SECRETS} secrets (the new and the old one during a rotation)` }];
  const problems: FieldProblem[] = [];
  secrets.forEach((secret, index) => {
    const problem = signingSecretProblem(secret);
    if (problem !== undefined) problems.push({ field: `${field}[${index}]`, message: problem });
  });
  return problems;
}

export function checkWebhookHeaders(headers: Readonly<Record<string, string>>, field = 'settings.headers'): FieldProblem[] {
  const names = Object.keys(headers);
  if (names.length > MAX_HEADERS) return [{ field, message: `holds at most ${MAX_HEADERS} headers` }];
  const problems: FieldProblem[] = [];
  for (const name of names) {
    const value = headers[name]!;
    if (!HEADER_NAME.test(name)) problems.push({ field: `${field}.${name}`, message: 'is not a valid header name' });
    else if (RESERVED_HEADERS.has(name.toLowerCase())) problems.push({ field: `${field}.${name}`, message: 'is set by the sender and cannot be overridden' });
    else if (typeof value !== 'string' || value.length > MAX_HEADER_VALUE || /[\r\n\0]/.test(value)) {
      problems.push({ field: `${field}.${name}`, message: `must be text of at most ${MAX_HEADER_VALUE} characters without line breaks` });
    }
  }
  return problems;
}

/** The Office 365 connector URLs Teams stopped accepting (outlook.office.com/webhook, <tenant>.webhook.office.com). */
export function isRetiredTeamsConnector(url: URL): boolean {
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  return (host === 'outlook.office.com' && url.pathname.toLowerCase().startsWith('/webhook')) || host === 'webhook.office.com' || host.endsWith('.webhook.office.com');
}

async function checkHost(host: string, plainText: boolean, policy: AlertTargetPolicy, field: string): Promise<FieldProblem[]> {
  try {
    await resolveTarget(host, { plainText, policy });
    return [];
  } catch (error) {
    if (error instanceof TargetRefusedError) return [{ field, message: `is refused: ${error.message}` }];
    return [];
  }
}
