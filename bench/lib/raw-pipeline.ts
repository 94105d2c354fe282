import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { LucoApi } from '@lucots/sdk';
import { sdkPipelineRun } from './pipeline.js';
import type { BenchServer } from './server.js';

interface RecordedRequest {
  method: string;
  /** The URL with the run's slot id, submission id and tag replaced by {slot}, {submission}, {tag}. */
  url: string;
  headers: Record<string, string>;
  /** The JSON body as a value, serialised again on every send, as a caller of fetch would. */
  body: unknown;
}

/** How the baseline sends: Node's fetch, or node:http with a keep-alive agent (the SDK's own default transport). */
export type RawTransport = 'fetch' | 'node-http';

const keepAliveAgent = new Agent({ keepAlive: true, noDelay: true });

/** One request through node:http: status and body text. */
export function sendWithNodeHttp(url: string, init: { method: string; headers: Record<string, string>; body?: string | undefined }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = init.body === undefined ? init.headers : { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) };
    const request = httpRequest(url, { method: init.method, headers, agent: keepAliveAgent }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(init.body);
  });
}

/** Headers whose value is new on every request (the SDK makes a fresh UUID for each). */
const PER_REQUEST_HEADERS = new Set(['x-request-id', 'idempotency-key']);

/**
 * The baseline of the SDK overhead benchmark: the very requests the SDK sent for one pipeline run
 * (recorded once through its `fetch` option), replayed with plain keep-alive `fetch` (or plain
 * node:http, the SDK's own transport), new ids in the URLs and new request ids and idempotency
 * keys, as a hand-written client would send them.
 */
export class RawPipeline {
  private constructor(
    private readonly requests: RecordedRequest[],
    private readonly token: string,
  ) {}

  static async record(server: BenchServer, tag: string): Promise<RawPipeline> {
    const seen: Array<{ method: string; url: string; headers: Record<string, string>; body: string | undefined; response: unknown }> = [];
    const recordingFetch = async (input: string, init: RequestInit): Promise<Response> => {
      const response = await fetch(input, init);
      const text = await response.clone().text();
      seen.push({ method: init.method ?? 'GET', url: input, headers: { ...(init.headers as Record<string, string>) }, body: init.body as string | undefined, response: text ? JSON.parse(text) : undefined });
      return response;
    };
    const luco = new LucoApi({ baseUrl: server.url, identity: { generateToken: () => server.token }, env: {}, logLevel: 'off', fetch: recordingFetch });
    await sdkPipelineRun(luco, tag);

    const slotId = (seen[0]?.response as { slotId?: number } | undefined)?.slotId;
    const submissionId = (seen[1]?.response as { slotSubmissionId?: number } | undefined)?.slotSubmissionId;
    if (seen.length !== 8 || slotId === undefined || submissionId === undefined) throw new Error(`unexpected recording: ${JSON.stringify(seen.map((item) => `${item.method} ${item.url}`))}`);
    const template = (url: string) =>
      url
        .replace(`/slots/${slotId}/submissions/${submissionId}/`, '/slots/{slot}/submissions/{submission}/')
        .replace(`/slots/${slotId}/submissions`, '/slots/{slot}/submissions')
        .replace(`Tag=${tag}`, 'Tag={tag}');
    const requests = seen.map((item) => ({
      method: item.method,
      url: template(item.url),
      headers: Object.fromEntries(Object.entries(item.headers).filter(([name]) => !PER_REQUEST_HEADERS.has(name))),
      body: item.body === undefined ? undefined : JSON.parse(item.body),
    }));
    if (!requests[0]?.url.includes('{tag}') || !requests.slice(2).every((request) => request.url.includes('{submission}'))) {
      throw new Error('could not turn the recorded requests into templates');
    }
    return new RawPipeline(requests, server.token);
  }

  /** The recorded requests, for the results file. */
  describe(): string[] {
    return this.requests.map((request) => `${request.method} ${request.url}`);
  }

  /** One run: the same 8 requests, reading the slot id and submission id from the answers. */
  async run(tag: string, transport: RawTransport = 'fetch'): Promise<void> {
    let slot = '';
    let submission = '';
    for (const [index, request] of this.requests.entries()) {
      const url = request.url.replace('{tag}', tag).replace('{slot}', slot).replace('{submission}', submission);
      const headers: Record<string, string> = { ...request.headers, authorization: `Bearer ${this.token}`, 'x-request-id': randomUUID() };
      if (request.method === 'POST') headers['idempotency-key'] = randomUUID();
      const init = { method: request.method, headers, ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }) };
      let status: number;
      let text: string;
      if (transport === 'fetch') {
        const response = await fetch(url, init);
        status = response.status;
        text = await response.text();
      } else {
        ({ status, text } = await sendWithNodeHttp(url, init));
      }
      if (status < 200 || status > 299) throw new Error(`${request.method} ${url} answered ${status}: ${text}`);
      if (index === 0) slot = String((JSON.parse(text) as { slotId: number }).slotId);
      if (index === 1) submission = String((JSON.parse(text) as { slotSubmissionId: number }).slotSubmissionId);
    }
  }
}
