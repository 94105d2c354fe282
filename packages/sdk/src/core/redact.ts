/**
 * Removes secrets and tokens from any text before it reaches a log line or an error message.
 * Known secret values are replaced wherever they appear; bearer/basic credentials, JWTs and
 * token-endpoint form fields are replaced by pattern, so a token the SDK never saw is caught too.
 */

export const REDACTED = '[REDACTED]';

const PATTERNS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/\b(client_secret|access_token|refresh_token|id_token|client_assertion|password)=[^&\s"']+/gi, `$1=${REDACTED}`],
  [/("(?:client_secret|clientSecret|access_token|accessToken|refresh_token|password|secret|token)"\s*:\s*)"[^"]*"/gi, `$1"${REDACTED}"`],
];

/** The shortest secret value worth masking; shorter strings would mangle ordinary text. */
const MIN_SECRET_LENGTH = 4;

export class Redactor {
  readonly #secrets = new Set<string>();

  /** Registers a secret value (a client secret, a token) to be masked from now on. */
  add(secret: string | undefined): void {
    if (secret && secret.length >= MIN_SECRET_LENGTH) this.#secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }

  /** Redacts every string inside a JSON-like value (returns a copy). */
  redactValue(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((item) => this.redactValue(item));
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        out[key] = SECRET_KEYS.test(key) ? REDACTED : this.redactValue(item);
      }
      return out;
    }
    return value;
  }
}

const SECRET_KEYS = /^(authorization|cookie|set-cookie|client_?secret|access_?token|refresh_?token|password|secret)$/i;
