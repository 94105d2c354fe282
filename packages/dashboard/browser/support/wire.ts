import type { Credential } from './demo-server.js';

/**
 * The server's own wire API, read with a bearer token as any Luco client reads it: the tests'
 * source of truth for what the dashboard should show, so they check the pages against the data
 * rather than against what the pages happened to render last time.
 */
export class WireReader {
  private token: string | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly credential: Credential,
  ) {}

  async get<T>(path: string): Promise<T> {
    const response = await fetch(new URL(path, this.baseUrl), { headers: { authorization: `Bearer ${await this.accessToken()}` } });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  private async accessToken(): Promise<string> {
    if (this.token) return this.token;
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.credential.clientId, client_secret: this.credential.clientSecret, scope: 'luco/.default' });
    const response = await fetch(new URL('/oauth2/token', this.baseUrl), { method: 'POST', body });
    if (!response.ok) throw new Error(`token: ${response.status} ${await response.text()}`);
    this.token = ((await response.json()) as { access_token: string }).access_token;
    return this.token;
  }
}
