import type { HttpAnswer } from '../http-post.js';
import { HttpSendError } from '../http-post.js';
import { type AttemptOutcome, delivered, permanent, retry } from '../outcome.js';
import { parseRetryAfter } from '../retry-schedule.js';
import { scrubText } from '../scrub.js';
import { TargetRefusedError, TargetUnresolvedError } from '../target/guard.js';

/**
 * An HTTP answer as an attempt outcome: 2xx delivered; 3xx a failure naming where it pointed
 * (redirects are never followed); `permanentStatuses` dead at once (the receiver will never
 * take it); anything else retried, at the receiver's Retry-After when it gave one. The error
 * text quotes the start of the body (Slack puts its reason there), scrubbed of secrets.
 */
export function outcomeOfAnswer(answer: HttpAnswer, target: URL, permanentStatuses: ReadonlySet<number>, now: number, secrets: readonly string[]): AttemptOutcome {
  const { status } = answer;
  if (status >= 200 && status < 300) return delivered(status);
  if (status >= 300 && status < 400) {
    const location = answer.headers.location;
    let where = 'without a Location';
    if (location) {
      try {
        where = `to ${new URL(location, target).host}`;
      } catch {
        where = 'to an unreadable Location';
      }
    }
    return retry(`redirected (${status}) ${where}; redirects are not followed: update the channel's URL`, status);
  }
  const reason = scrubText(answer.body.slice(0, 200), secrets);
  const error = `HTTP ${status} from ${target.host}${reason ? `: ${reason}` : ''}`;
  if (permanentStatuses.has(status)) return permanent(error, status);
  return retry(error, status, parseRetryAfter(headerValue(answer.headers['retry-after']), now));
}

/** A send that got no answer: a refused target is permanent; DNS, refused connections and timeouts are retried. */
export function outcomeOfError(error: unknown, secrets: readonly string[]): AttemptOutcome {
  if (error instanceof TargetRefusedError) return permanent(scrubText(error.message, secrets));
  if ((error as NodeJS.ErrnoException)?.code === 'ERR_INVALID_URL') return permanent('the channel URL is not a URL');
  if (error instanceof TargetUnresolvedError || error instanceof HttpSendError) return retry(scrubText(error.message, secrets));
  return retry(scrubText(`could not send: ${(error as Error)?.message ?? String(error)}`, secrets));
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
