import type { AlertChannel, ChannelSettings, ChannelType, EmailSettings } from '../../domain/alerts/channel.js';
import { InputError, type FieldProblem } from '../../wire/input-error.js';
import type { ChannelBodyInput } from '../../schemas/alerts-channels.js';
import { emailAddressProblem, headerProblems, signingSecretsProblems, smtpHostProblem, urlProblems } from './channel-checks.js';
import { displayNameProblem } from './display-name.js';
import { generateSigningSecret } from './delivery/index.js';

type SettingsInput = ChannelBodyInput['settings'];

/** Which settings fields each channel type takes. */
const FIELDS: Record<ChannelType, ReadonlyArray<keyof SettingsInput>> = {
  webhook: ['type', 'url', 'signingSecrets', 'headers'],
  slack: ['type', 'url'],
  teams: ['type', 'url'],
  email: ['type', 'host', 'port', 'security', 'username', 'password', 'from', 'to'],
};

/** A channel as a create or update will store it. */
export interface ChannelInput {
  name: string;
  enabled: boolean;
  settings: ChannelSettings;
  /** The signing secret made for a webhook created without one: shown once, in the create answer. */
  generatedSecret?: string;
  /** Whether the signing secrets differ from the stored ones (or are new). */
  secretsChanged: boolean;
}

/**
 * Reads a create (no `stored`) or update body. An update replaces the settings, except secrets
 * it leaves out (a URL, signing secrets, headers, an SMTP password), which keep their stored
 * values. Every problem is reported at once, by field; none repeats a secret.
 */
export function readChannelInput(body: ChannelBodyInput, stored?: AlertChannel): ChannelInput {
  const problems: FieldProblem[] = [];
  const nameProblem = displayNameProblem(body.name);
  if (nameProblem) problems.push({ field: 'name', message: nameProblem });
  const input = body.settings;
  const type = input.type;
  for (const field of Object.keys(input) as Array<keyof SettingsInput>) {
    if (!FIELDS[type].includes(field)) problems.push({ field: `settings.${field}`, message: `is not a setting of a ${type} channel (it takes ${FIELDS[type].filter((name) => name !== 'type').join(', ')})` });
  }
  if (stored && stored.settings.type !== type) {
    problems.push({ field: 'settings.type', message: `cannot change (the channel is a ${stored.settings.type} channel); create a new channel instead` });
    throw new InputError(problems);
  }
  const previous = stored?.settings;
  const result = settingsOf(input, previous, problems);
  if (problems.length > 0 || !result) throw new InputError(problems);
  return { name: body.name, enabled: body.enabled ?? true, ...result };
}

function settingsOf(input: SettingsInput, previous: ChannelSettings | undefined, problems: FieldProblem[]): Omit<ChannelInput, 'name' | 'enabled'> | undefined {
  switch (input.type) {
    case 'webhook': {
      const before = previous?.type === 'webhook' ? previous : undefined;
      const url = urlOf(input, before?.url, 'webhook', problems);
      const headers = input.headers ?? before?.headers ?? {};
      problems.push(...headerProblems(headers, 'settings.headers'));
      let generatedSecret: string | undefined;
      let signingSecrets = input.signingSecrets ?? before?.signingSecrets;
      if (signingSecrets === undefined) {
        generatedSecret = generateSigningSecret();
        signingSecrets = [generatedSecret];
      } else if (input.signingSecrets !== undefined) {
        problems.push(...signingSecretsProblems(signingSecrets, 'settings.signingSecrets'));
      }
      if (url === undefined) return undefined;
      const secretsChanged = before === undefined || !sameList(before.signingSecrets, signingSecrets);
      return { settings: { type: 'webhook', url, signingSecrets, headers: { ...headers } }, secretsChanged, ...(generatedSecret ? { generatedSecret } : {}) };
    }
    case 'slack':
    case 'teams': {
      const before = previous?.type === input.type ? previous : undefined;
      const url = urlOf(input, before?.url, input.type, problems);
      return url === undefined ? undefined : { settings: { type: input.type, url }, secretsChanged: false };
    }
    case 'email':
      return emailOf(input, previous?.type === 'email' ? previous : undefined, problems);
  }
}

function urlOf(input: SettingsInput, stored: string | undefined, type: 'webhook' | 'slack' | 'teams', problems: FieldProblem[]): string | undefined {
  if (input.url === undefined) {
    if (stored === undefined) problems.push({ field: 'settings.url', message: `is required for a ${type} channel` });
    return stored;
  }
  const found = urlProblems(input.url, 'settings.url', type);
  problems.push(...found);
  return found.length === 0 ? input.url : undefined;
}

function emailOf(input: SettingsInput, before: EmailSettings | undefined, problems: FieldProblem[]): Omit<ChannelInput, 'name' | 'enabled'> | undefined {
  for (const field of ['host', 'port', 'security', 'from', 'to'] as const) {
    if (input[field] === undefined) problems.push({ field: `settings.${field}`, message: 'is required for an email channel' });
  }
  if (input.host !== undefined) {
    const problem = smtpHostProblem(input.host);
    if (problem) problems.push({ field: 'settings.host', message: problem });
  }
  if (input.from !== undefined) {
    const problem = emailAddressProblem(input.from);
    if (problem) problems.push({ field: 'settings.from', message: problem });
  }
  (input.to ?? []).forEach((address, index) => {
    const problem = emailAddressProblem(address);
    if (problem) problems.push({ field: `settings.to[${index}]`, message: problem });
    else if (input.to!.indexOf(address) !== index) problems.push({ field: `settings.to[${index}]`, message: 'repeats an earlier recipient' });
  });
  const username = input.username ?? null;
  // Left out: the stored password stays; null: no password.
  const password = input.password === undefined ? (before?.password ?? null) : input.password;
  if (password !== null && username === null) problems.push({ field: 'settings.username', message: 'is required with a password' });
  if (password !== null && input.security === 'none') problems.push({ field: 'settings.security', message: 'must be tls or starttls when a password is set (none would send it in plain text)' });
  if (input.host === undefined || input.port === undefined || input.security === undefined || input.from === undefined || input.to === undefined) return undefined;
  return {
    settings: { type: 'email', host: input.host, port: input.port, security: input.security, username, password, from: input.from, to: [...input.to] },
    secretsChanged: false,
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}
