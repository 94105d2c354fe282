import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import type { LucoApp } from '../context.js';
import { sendProblem } from './problem.js';

/**
 * What every dashboard response carries. The SPA has no inline script or style and loads
 * nothing from elsewhere, so `'self'` is enough; `frame-ancestors 'none'` stops clickjacking.
 */
export const DASHBOARD_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Where the dashboard build is by default: `dist/ui` of the server package (src/ and dist/ both sit one level below it). */
export function defaultUiRoot(): string {
  return join(fileURLToPath(new URL('../..', import.meta.url)), 'dist', 'ui');
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LucoTS dashboard not built</title></head>
<body><h1>The dashboard was not built</h1>
<p>This server has no dashboard build to serve. Build it (<code>npm run build</code> in the repository), or start the server with <code>--ui-dir</code> naming the build folder, then restart the server.</p>
<p>The API works without it: see <a href="/openapi.json">/openapi.json</a>.</p></body></html>
`;

/**
 * The dashboard: the SPA's build folder at /ui/ (hashed assets cached for good, everything else
 * revalidated), any other GET under /ui/ answered with index.html so deep links work, and `/`
 * sent to /ui/. Without a build (no index.html in `root`), /ui/ is a 503 page saying so.
 */
export async function registerDashboardUi(app: LucoApp, root: string): Promise<void> {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.code(302).header('location', '/ui/').send());

  await app.register(
    async (ui) => {
      ui.addHook('onRequest', async (_request, reply) => {
        reply.headers(DASHBOARD_SECURITY_HEADERS);
      });
      const built = existsSync(join(root, 'index.html'));
      if (!built) {
        const notBuilt = async (_request: unknown, reply: FastifyReply) => reply.code(503).header('cache-control', 'no-store').header('retry-after', '3600').type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
        ui.get('/', { schema: { hide: true } }, notBuilt);
        ui.get('/*', { schema: { hide: true } }, notBuilt);
        return;
      }
      const assets = `${join(root, 'assets')}${sep}`;
      await ui.register(fastifyStatic, {
        root,
        prefix: '/',
        wildcard: true,
        index: ['index.html'],
        cacheControl: false,
        etag: true,
        lastModified: true,
        dotfiles: 'ignore',
        // Only the hashed files under assets/ may be cached for good; index.html names them and must be fresh.
        setHeaders: (response, path) => response.setHeader('cache-control', path.startsWith(assets) ? IMMUTABLE : 'no-cache'),
        schemaHide: true,
      });
      // A path that is not a file is a page of the SPA (History API routes), except under assets/.
      ui.setNotFoundHandler(async (request, reply) => {
        const path = request.url.split('?')[0] ?? '';
        if ((request.method !== 'GET' && request.method !== 'HEAD') || path.startsWith('/ui/assets/')) {
          return sendProblem(request, reply, { status: 404, slug: 'no-route', title: 'Not Found', detail: `No file ${request.method} ${path}` });
        }
        return reply.header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false });
      });
    },
    { prefix: '/ui' },
  );
}
