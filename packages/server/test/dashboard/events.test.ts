import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, TEST_AUTH, type TestApp } from '../support/app.js';
import { complete, newSubmission, unscheduledSlot } from '../submissions/api.js';
import { insertSequence } from '../submissions/support.js';
import { signIn } from './support.js';

const NAME = [['Client', 'Acme']] as const;

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Reads an SSE response's text as it arrives. */
class StreamText {
  text = '';
  ended = false;
  readonly #done: Promise<void>;

  constructor(body: ReadableStream<Uint8Array>) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    this.#done = (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          this.text += decoder.decode(value, { stream: true });
        }
      } catch {
        // An aborted read ends the stream too.
      }
      this.ended = true;
    })();
  }

  async waitFor(predicate: (text: string) => boolean, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!predicate(this.text)) {
      if (this.ended || Date.now() > deadline) throw new Error(`stream ${this.ended ? 'ended' : 'timed out'} with: ${JSON.stringify(this.text)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  ends(): Promise<void> {
    return this.#done;
  }
}

async function listening(options: Parameters<typeof createTestApp>[0] = {}): Promise<{ app: TestApp; url: string }> {
  const app = await createTestApp({ ...options, now: Date.now() });
  await app.app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}` };
}

describe('GET /lucots/v1/events', () => {
  it("streams a slot event with its sequence when a slot's health changes, and keep-alive comments", async () => {
    const server = await listening({ dashboardEvents: { keepAliveMs: 100 } });
    t = server.app;
    const sequenceId = await insertSequence(t.database.db, { name: NAME });
    const slotId = await unscheduledSlot(t, NAME, 'batch-1');
    const submissionId = await newSubmission(t, slotId);
    const response = await fetch(`${server.url}/lucots/v1/events`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const stream = new StreamText(response.body!);
    await stream.waitFor((text) => text.includes(': connected'));
    await complete(t, slotId, submissionId);
    await stream.waitFor((text) => text.includes('event: slot'));
    expect(stream.text).toContain(`event: slot\ndata: ${JSON.stringify({ slotId, slotSequenceId: sequenceId })}\n\n`);
    await stream.waitFor((text) => text.includes(': keep-alive\n\n'));
    expect(t.app.dashboardEvents.size).toBe(1);
  });

  it('needs a reader: 401 without a token or session; a session cookie works (EventSource sends it)', async () => {
    const server = await listening({ auth: TEST_AUTH });
    t = server.app;
    expect((await fetch(`${server.url}/lucots/v1/events`)).status).toBe(401);
    const session = await signIn(t, 'reader');
    const controller = new AbortController();
    const response = await fetch(`${server.url}/lucots/v1/events`, { headers: { cookie: session.cookie }, signal: controller.signal });
    expect(response.status).toBe(200);
    await new StreamText(response.body!).waitFor((text) => text.includes(': connected'));
    controller.abort();
  });

  it('a client that goes away leaves no stream behind', async () => {
    const server = await listening();
    t = server.app;
    const controller = new AbortController();
    const response = await fetch(`${server.url}/lucots/v1/events`, { signal: controller.signal });
    await new StreamText(response.body!).waitFor((text) => text.includes(': connected'));
    expect(t.app.dashboardEvents.size).toBe(1);
    controller.abort();
    const deadline = Date.now() + 10_000;
    while (t.app.dashboardEvents.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(t.app.dashboardEvents.size).toBe(0);
  });

  it('closing the server ends open streams instead of waiting for them', async () => {
    const server = await listening();
    const response = await fetch(`${server.url}/lucots/v1/events`);
    const stream = new StreamText(response.body!);
    await stream.waitFor((text) => text.includes(': connected'));
    const started = Date.now();
    await server.app.close();
    await stream.ends();
    expect(stream.ended).toBe(true);
    // Far below what an open stream would hold a drain for (forever); generous for a loaded machine.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
