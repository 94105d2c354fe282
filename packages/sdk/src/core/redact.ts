/**
 * Removes secrets and tokens from any text before it reaches a log line or an error message. Known
 * secret values are replaced wherever they appear; credentials are also replaced by pattern, so
 * one the SDK never saw is caught too: Authorization headers, bearer/basic credentials, JWTs,
 * token-endpoint form fields, passwords in URLs (`scheme://user:password@host`) and AWS access key
 * ids. `redactFreeText` also replaces the value of any `name=value` or `name: value` pair whose
 * name says secret, for text nobody controls (a command's stderr, sent as a status message).
 */

export const REDACTED = '[REDACTED]';

/** Names that say their value is a secret, alone or at the end of a longer name (`api_key`, `DB_PASSWORD`, `aws_secret_access_key`). */
const SECRET_NAME = String.raw`[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|key|signature|credentials?)`;
/** A value after `=` or `:`: quoted, or up to the next space, quote, comma, semicolon or `&`. */
const VALUE = String.raw`(?:"[^"\r\n]*"|'[^'\r\n]*'|[^\s"',;&]+)`;

type Replacement = string | ((match: string, ...groups: string[]) => string);

const PATTERNS: ReadonlyArray<[RegExp, Replacement]> = [
  // Authorization headers, whatever their scheme; a known scheme's name is kept.
  [
    /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?!(?:[\w-]+\s+)?\[REDACTED\])(?:(Bearer|Basic|Digest|Token|Negotiate|NTLM|ApiKey|SharedKey|AWS4-HMAC-SHA256)\s+)?[^\s"',;]+/gi,
    (_match, prefix, scheme) => `${prefix}${scheme ? `${scheme} ` : ''}${REDACTED}`,
  ],
  [/\b(Bearer|Basic)\s+(?!\[REDACTED\])[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/\b(client_secret|access_token|refresh_token|id_token|client_assertion|password)=[^&\s"']+/gi, `$1=${REDACTED}`],
  [/("(?:client_secret|clientSecret|access_token|accessToken|refresh_token|password|secret|token)"\s*:\s*)"[^"]*"/gi, `$1"${REDACTED}"`],
  // A password in a URL: scheme://user:password@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${REDACTED}@`],
  // AWS access key ids (long-term and temporary).
  [/\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g, REDACTED],
];

/**
 * `password=...`, `API_KEY: ...`, `"token": "..."`: the name stays, the value goes. Free text only:
 * in the SDK's own messages it would also eat ordinary words (`sequence key: must not be empty`).
 */
const PAIR_PATTERN: [RegExp, Replacement] = [
  new RegExp(String.raw`\b(${SECRET_NAME}["']?\s*[:=]\s*)(?!["']?\[REDACTED\])(${VALUE})`, 'gi'),
  (_match, prefix, value) => `${prefix}${quoteLike(value ?? '', REDACTED)}`,
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
    return this.#apply(text, PATTERNS);
  }

  /** `redact`, and the value of every pair whose name says secret (`token=...`, `Password: ...`). */
  redactFreeText(text: string): string {
    return this.#apply(text, [...PATTERNS, PAIR_PATTERN]);
  }

  #apply(text: string, patterns: ReadonlyArray<[RegExp, Replacement]>): string {
    let out = text;
    for (const secret of this.#secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    for (const [pattern, replacement] of patterns) {
      out = typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
    }
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

const SECRET_KEYS = /^(authorization|cookie|set-cookie|client_?secret|access_?token|refresh_?token|id_?token|api_?key|password|secret|token)$/i;

/** The replacement in the value's own quotes, so quoted text stays well formed. */
function quoteLike(value: string, replacement: string): string {
  const quote = value[0];
  return quote === '"' || quote === "'" ? `${quote}${replacement}${quote}` : replacement;
}
