import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { ProblemSchema } from './common.js';
import { Timestamp } from './submission-common.js';

export const SessionSignInBody = Type.Object(
  {
    clientId: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'A client id (with clientSecret)' })),
    clientSecret: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: "The client's secret (with clientId)" })),
    link: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'The token of a one-time sign-in link (what follows `#link=` in its URL), instead of clientId and clientSecret' })),
  },
  { additionalProperties: false, description: '`{ clientId, clientSecret }` or `{ link }`' },
);

export const SessionSchema = Type.Object(
  {
    clientId: Type.String({ description: 'The signed-in client' }),
    name: Type.Union([Type.String(), Type.Null()], { description: "The client's label; null for none" }),
    role: Type.Union([Type.Literal('reader'), Type.Literal('writer'), Type.Literal('admin')], { description: "The client's role now" }),
    expiresOn: Timestamp,
  },
  { $id: 'DashboardSession', description: 'A dashboard session (the cookie itself is HttpOnly and never in a body)' },
);

export const SignInLinkBody = Type.Object(
  {
    clientId: Type.String({ minLength: 1, maxLength: 256, description: 'The active client the link signs in as' }),
    ttlSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 3600, default: 600, description: 'How long the link works, 60 to 3600 seconds (default 600)' })),
  },
  { additionalProperties: false },
);

export const SignInLinkSchema = Type.Object(
  {
    url: Type.String({ description: '`<public URL>/ui/sign-in#link=<token>`: works once, until expiresOn' }),
    expiresOn: Timestamp,
  },
  { $id: 'SignInLink' },
);

/** A problem response with its own description (statuses the shared table does not describe). */
export function problemAnswer(description: string): TSchema {
  const { $id: _id, ...problem } = ProblemSchema as TSchema & { $id?: string };
  return { ...problem, description } as TSchema;
}
