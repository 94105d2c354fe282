import { type Static, Type, type TSchema } from '@fastify/type-provider-typebox';

/** What the alert routes share: their OpenAPI tag, choice lists, nullable values. */

export const ALERTS_TAG = 'alerts (LucoTS extension)';

export const EXTENSION_NOTE = 'A LucoTS extension: the hosted Luco API does not have it.';

/** A string out of a fixed list (one ajv `enum`, so a bad value is one problem naming the choices). */
export function stringEnum<T extends string>(values: readonly T[], description: string) {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], description });
}

/** A value or null, as a type list (a union would give ajv two problems for one bad value). */
export function orNull<T extends TSchema>(schema: T) {
  // A plain JSON copy: TypeBox's own markers are symbols, and this is a new schema kind.
  const plain = JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
  return Type.Unsafe<Static<T> | null>({ ...plain, type: [plain.type, 'null'] });
}

export const Instant = (description: string) => Type.String({ format: 'date-time', description });
export const NullableInstant = (description: string) => Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description });

/** A display name of a channel or rule. */
export const DisplayName = (what: string) => Type.String({ minLength: 1, maxLength: 100, description: `The ${what}'s name: unique, 1 to 100 characters, no control characters` });
