import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchema } from 'fastify';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const BASE: Options = { useDefaults: true, removeAdditional: false, addUsedSchema: false, strict: false };

/**
 * Inputs with more values than this are not checked for every error, only up to the first: a
 * body of a million bad items would otherwise cost seconds and gigabytes of error objects.
 */
export const EXHAUSTIVE_CHECK_LIMIT = 10_000;

function makeAjv(coerceTypes: boolean | 'array', allErrors: boolean): Ajv {
  const ajv = new Ajv({ ...BASE, coerceTypes, allErrors });
  addFormats(ajv);
  return ajv;
}

/**
 * Query strings and paths are text, so they are coerced (`pageSize=5` to a number, a single
 * repeated key to an array). JSON bodies already carry types: they are validated as sent, so
 * `"5"` is not silently a number and `null` is not silently an empty string.
 *
 * Each schema is compiled twice: a check that stops at the first error (every request passes
 * it), and for a failing input of ordinary size a check that lists every error.
 */
export function createValidatorCompiler() {
  const coercing = { first: makeAjv('array', false), every: makeAjv('array', true) };
  const strict = { first: makeAjv(false, false), every: makeAjv(false, true) };
  return ({ schema, httpPart }: { schema: FastifySchema; httpPart?: string }) => {
    const pair = httpPart === 'body' ? strict : coercing;
    return listingEveryError(pair.first.compile(schema as object), pair.every.compile(schema as object));
  };
}

function listingEveryError(first: ValidateFunction, every: ValidateFunction): ValidateFunction {
  const validate = ((data: unknown, context?: Parameters<ValidateFunction>[1]) => {
    if (first(data, context)) {
      validate.errors = null;
      return true;
    }
    const thorough = countsFewerValues(data, EXHAUSTIVE_CHECK_LIMIT) ? every : first;
    if (thorough === every) every(data, context);
    validate.errors = thorough.errors ?? null;
    return false;
  }) as ValidateFunction;
  // Fastify passes the parent object (so ajv can coerce a root value) when this is present.
  validate.schemaEnv = first.schemaEnv;
  validate.schema = first.schema;
  return validate;
}

/** Whether `data` holds fewer than `limit` values (objects, arrays and scalars), counted lazily. */
function countsFewerValues(data: unknown, limit: number): boolean {
  const pending: unknown[] = [data];
  let count = 0;
  while (pending.length > 0) {
    if (++count >= limit) return false;
    const value = pending.pop();
    if (Array.isArray(value)) pending.push(...value.slice(0, limit));
    else if (typeof value === 'object' && value !== null) pending.push(...Object.values(value).slice(0, limit));
  }
  return true;
}
