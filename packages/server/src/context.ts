import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type { Database } from './storage/schema.js';
import type { Dialect } from './storage/db.js';
import type { KeyEncryptionKeys } from './auth/key-encryption.js';
import type { ChangeFeed } from './storage/change-feed.js';

/** What every route plugin and service is given. */
export interface AppContext {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The clock, epoch ms; tests pin it. */
  now: () => number;
  /** How many days before today a schedule's slots are created ahead of need (--materialize-days). */
  materializeDays: number;
  /** Seals secrets stored in the database (signing keys, alert channel secrets) with a key kept outside it. */
  keyEncryption: KeyEncryptionKeys;
  /** Wakes whoever waits for a committed change (the deadline engine, the notification sender). */
  changes: ChangeFeed;
}

/** The Fastify instance with TypeBox route typing. */
export type LucoApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;
