import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchema } from 'fastify';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const BASE: Options = { useDefaults: true, removeAdditional: false, allErrors: true, addUsedSchema: false, strict: false };

function makeAjv(coerceTypes: boolean | 'array'): Ajv {
  const ajv = new Ajv({ ...BASE, coerceTypes });
  addFormats(ajv);
  return ajv;
}

/**
 * Query strings and paths are text, so they are coerced (`pageSize=5` to a number, a single
 * repeated key to an array). JSON bodies already carry types: they are validated as sent, so
 * `"5"` is not silently a number and `null` is not silently an empty string.
 */
export function createValidatorCompiler() {
  const coercing = makeAjv('array');
  const strict = makeAjv(false);
  return ({ schema, httpPart }: { schema: FastifySchema; httpPart?: string }) => (httpPart === 'body' ? strict : coercing).compile(schema as object);
}
