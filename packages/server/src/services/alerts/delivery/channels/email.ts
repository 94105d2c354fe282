import { isIP } from 'node:net';
import { createTransport } from 'nodemailer';
import type { EmailSettings } from '../../../../domain/alerts/channel.js';
import { type AttemptOutcome, delivered, permanent, retry } from '../outcome.js';
import { oneLine, renderNotification } from '../render.js';
import { scrubText } from '../scrub.js';
import { resolveTarget, TargetRefusedError } from '../target/guard.js';
import type { OutgoingNotification, SendContext } from './channel.js';
import { outcomeOfError } from './http-outcome.js';

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/** The e-mail of a notification: the summary as the subject, a text part and a plain HTML part. */
export function emailMessage(notification: OutgoingNotification): { subject: string; text: string; html: string } {
  const view = renderNotification(notification.payload);
  const text = [
    view.summary,
    '',
    ...view.details,
    ...(view.facts.length > 0 ? ['', ...view.facts.map((fact) => `${fact.title}: ${fact.value}`)] : []),
    ...(view.link ? ['', `${view.link.label}: ${view.link.url}`] : []),
    '',
    `-- LucoTS alerts (message ${notification.messageId})`,
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif">',
    `<p><strong>${escapeHtml(view.summary)}</strong></p>`,
    ...(view.details.length > 0 ? [`<ul>${view.details.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`] : []),
    ...(view.facts.length > 0 ? [`<table>${view.facts.map((fact) => `<tr><th align="left">${escapeHtml(fact.title)}</th><td>${escapeHtml(fact.value)}</td></tr>`).join('')}</table>`] : []),
    ...(view.link ? [`<p><a href="${escapeHtml(view.link.url)}">${escapeHtml(view.link.label)}</a></p>`] : []),
    `<p style="color: #777">LucoTS alerts (message ${escapeHtml(notification.messageId)})</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: oneLine(view.summary, 200), text, html };
}

/**
 * E-mail over SMTP. The host is checked by the target guard and the connection goes to the
 * checked address (the host name stays the TLS server name). The Message-ID is the
 * notification's message id, so a mail client can drop a repeat. A reply code 5xx is
 * permanent (a refused address, refused credentials); 4xx and connection failures are retried.
 */
export async function sendEmail(settings: EmailSettings, notification: OutgoingNotification, context: SendContext): Promise<AttemptOutcome> {
  const timeoutMs = context.options.requestTimeoutMs;
  let address: string;
  try {
    const addresses = await resolveTarget(settings.host, { plainText: false, policy: context.policy });
    address = addresses[0]!.address;
  } catch (error) {
    return outcomeOfError(error, context.secrets);
  }
  const transport = createTransport({
    host: address,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    // The certificate is checked against the host name, while the socket goes to the checked address.
    ...(isIP(settings.host) === 0 ? { servername: settings.host } : {}),
    name: 'lucots',
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    ...(settings.username ? { auth: { user: settings.username, pass: settings.password ?? '' } } : {}),
  });
  const message = emailMessage(notification);
  let giveUp: (error: Error) => void = () => undefined;
  const gaveUp = new Promise<never>((_, reject) => (giveUp = reject));
  const timer = setTimeout(() => giveUp(new SendAbandoned(`no answer from ${settings.host} within ${timeoutMs} ms`)), timeoutMs);
  const onAbort = () => giveUp(new SendAbandoned(`the send to ${settings.host} was abandoned (the sender is stopping)`));
  if (context.signal.aborted) onAbort();
  else context.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const sent = transport.sendMail({
      from: settings.from,
      to: settings.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: `<${notification.messageId}@lucots.alerts>`,
    });
    const info = await Promise.race([sent, gaveUp]);
    const rejected = (info.rejected ?? []).map(String);
    const code = replyCode(info.response);
    return delivered(code, rejected.length > 0 ? scrubText(`the server refused ${rejected.join(', ')}`, context.secrets) : null);
  } catch (error) {
    return outcomeOfSmtpError(error as SmtpError, settings.host, context.secrets);
  } finally {
    clearTimeout(timer);
    context.signal.removeEventListener('abort', onAbort);
    transport.close();
  }
}

/** The SMTP exchange took too long, or the sender is stopping; nodemailer's own timeouts bound each step only. */
class SendAbandoned extends Error {}

function outcomeOfSmtpError(error: SmtpError, host: string, secrets: readonly string[]): AttemptOutcome {
  if (error instanceof TargetRefusedError) return outcomeOfError(error, secrets);
  if (error instanceof SendAbandoned) return retry(error.message);
  const code = typeof error.responseCode === 'number' ? error.responseCode : null;
  const text = scrubText(`SMTP ${code ?? error.code ?? 'error'} from ${host}: ${error.message}`, secrets);
  if (code !== null && code >= 500 && code < 600) return permanent(text, code);
  return retry(text, code);
}

function replyCode(response: string | undefined): number | null {
  const match = /^(\d{3})\b/.exec(response ?? '');
  return match ? Number(match[1]) : null;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
