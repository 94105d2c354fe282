import {
  APIConnectionError,
  AuthenticationError,
  AuthError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  SlotNotFoundError,
  SlotSequenceNotFoundError,
  TokenEndpointError,
  ValidationError,
} from '@lucots/sdk';

/** luco's documented exit codes (README "Exit codes"). `luco run` passes its command's code through instead. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  auth: 4,
  unavailable: 5,
  /** The token URL is not a token endpoint (404, 405, a web page): a setting to fix, not the secret. */
  tokenEndpoint: 6,
  /** `luco wait`: the slot's verdict is failed (its run failed, or its quality fails the policy). */
  gateFailed: 7,
  /** `luco wait`: still pending when --timeout passed. */
  gateTimedOut: 8,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * `luco sequences plan`'s codes, for CI (as terraform's -detailed-exitcode): 0 nothing to do, 2
 * changes pending, 1 an error, bad files and flags included (here 2 means changes, never usage);
 * 3 to 6 as for every command.
 */
export const PLAN_EXIT = { nothingToDo: 0, changesPending: 2, error: 1 } as const;

/** A commander error luco raised itself with a code of its own (commander's own are all usage, 2). */
export const LUCO_COMMANDER_CODE = 'luco.usage';

/** An error the CLI raises itself, carrying the exit code it stands for. */
export class CliError extends Error {
  override name = 'CliError';
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode = EXIT.failure) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Bad flags, arguments or input files. */
export class UsageError extends CliError {
  override name = 'UsageError';

  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/** Something asked for does not exist. */
export class NotFoundCliError extends CliError {
  override name = 'NotFoundCliError';

  constructor(message: string) {
    super(message, EXIT.notFound);
  }
}

/**
 * The one place an error becomes an exit code, so every command agrees. Scripts branch on these:
 * 4 means "fix the credentials", 5 means "try again later", 3 means "it is not there", 6 means
 * "fix the token URL".
 */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  // Bad input caught by the SDK before any request, including a missing URL or credential.
  if (error instanceof ValidationError) return EXIT.usage;
  // Before AuthError, which it extends: a wrong URL is not a wrong secret.
  if (error instanceof TokenEndpointError) return EXIT.tokenEndpoint;
  if (error instanceof AuthError) {
    // No token because the token endpoint is unreachable or failing: an outage, not bad credentials.
    const outage = error.cause instanceof APIConnectionError || (error.status !== undefined && error.status >= 500);
    return outage ? EXIT.unavailable : EXIT.auth;
  }
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) return EXIT.auth;
  if (error instanceof NotFoundError || error instanceof SlotSequenceNotFoundError || error instanceof SlotNotFoundError) return EXIT.notFound;
  // Connection failures and timeouts, and 5xx or 429 once the SDK's retries are used up.
  if (error instanceof APIConnectionError || error instanceof InternalServerError || error instanceof RateLimitError) return EXIT.unavailable;
  return EXIT.failure;
}
