import { LucoApi } from '@lucots/sdk';
import type { AddressInfo } from 'node:net';
import { createTestApp, TEST_AUTH, type TestApp } from './app.js';
import { tokenFor } from './clients.js';
import type { Role } from '../../src/auth/index.js';

export interface ListeningServer extends TestApp {
  url: string;
  /** An SDK client with a fresh client of this role, authenticating at the server's own token endpoint. */
  sdk(role?: Role): Promise<LucoApi>;
}

/** The real server listening on loopback, with auth on, for SDK-driven tests. */
export async function startListening(options: { target?: string; now?: number } = {}): Promise<ListeningServer> {
  const t = await createTestApp({ ...options, auth: TEST_AUTH });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  return {
    ...t,
    url,
    sdk: async (role = 'admin') => {
      const { clientId, clientSecret } = await tokenFor(t, role);
      return new LucoApi({ baseUrl: url, tokenUrl: `${url}/oauth2/token`, clientId, clientSecret, resourceId: 'luco', logLevel: 'off', env: {} });
    },
  };
}
