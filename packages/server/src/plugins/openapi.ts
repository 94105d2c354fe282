import swagger from '@fastify/swagger';
import type { LucoApp } from '../context.js';

/**
 * The OpenAPI 3 document, generated from the route schemas and served at /openapi.json; a copy is
 * kept at docs/openapi.json and CI fails when the two differ.
 */
export async function registerOpenApi(app: LucoApp, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Luco API (LucoTS server)',
        version,
        description:
          'The Luco data observability API as LucoPy 1.2.0-1.3.14 speaks it, plus what LucoPy leaves unspecified, defined here. ' +
          'Errors are RFC 9457 problem details (application/problem+json). Every response carries x-request-id; ' +
          'POSTs honour Idempotency-Key, announced by x-luco-idempotency: honoured.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A token from POST /oauth2/token (client credentials)' },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'luco_session',
            description: 'The dashboard session cookie from POST /lucots/v1/session; methods other than GET and HEAD must also send X-Luco-Request: 1',
          },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, index) => (typeof json.$id === 'string' ? json.$id : `def-${index}`),
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
