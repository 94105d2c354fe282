import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { MAX_DB_INTEGER, MAX_QUERY_VALUES } from '../wire/limits.js';

/** One thing wrong with a request: where (a parameter, or a path into the body) and what. */
export const FieldProblemSchema = Type.Object(
  {
    field: Type.String({ description: 'The parameter, or a path into the body such as `slotSequences[3].delivery[0].timeZone`' }),
    message: Type.String({ description: 'What is wrong with it' }),
    in: Type.Optional(Type.String({ description: 'Where the field is (query, body, path, header), for problems found before the route ran: schema validation, refused characters' })),
  },
  { $id: 'FieldProblem' },
);

/** RFC 9457 problem details, as the central error handler writes them. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'A URN naming the kind of problem, e.g. `urn:lucots:problem:not-found`' }),
    title: Type.String({ description: 'The HTTP reason phrase' }),
    status: Type.Integer({ description: 'The HTTP status code' }),
    detail: Type.String({ description: 'What went wrong, in words' }),
    instance: Type.String({ description: 'The request path' }),
    requestId: Type.String({ description: 'The x-request-id of the request, to quote when reporting it' }),
    errors: Type.Optional(Type.Array(FieldProblemSchema, { description: 'Each bad parameter or field (bad-input problems only)' })),
  },
  { $id: 'Problem', additionalProperties: true, description: 'An RFC 9457 problem document (application/problem+json)' },
);

type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 422;

const PROBLEM_MEANING: Record<ProblemStatus, string> = {
  400: 'Bad input: `errors` names each bad parameter or field',
  401: 'No bearer token, or a refused one',
  403: "The caller's role may not do this",
  404: 'Something named in the request does not exist',
  409: 'A request with the same Idempotency-Key, claimed by an older server version, is unanswered (retry after Retry-After)',
  422: 'The Idempotency-Key was already used for a different request',
};

/** Response schemas for the problem statuses a route can answer with. */
export function problemResponses(...statuses: ProblemStatus[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = {};
  // Top-level response schemas are inlined in the OpenAPI document, so each copy carries its
  // own description; the $id is left off so the copies never clash.
  const { $id: _id, ...problem } = ProblemSchema as TSchema & { $id?: string };
  for (const status of statuses) out[status] = { ...problem, description: PROBLEM_MEANING[status] } as TSchema;
  return out;
}

/** One name part of a slot sequence as responses carry it. */
export const WireNamePartSchema = Type.Object(
  {
    slotParameter: Type.Object({
      key: Type.String({ description: 'The name part key, e.g. `client`' }),
      value: Type.String({ description: 'The name part value, e.g. `acme`' }),
    }),
    position: Type.Integer({ description: 'The order of the part in the name, from 0' }),
  },
  { $id: 'SlotSequenceNamePart' },
);

export function wireNameSchema(description = 'The slot sequence name: its key/value parts in order') {
  return Type.Array(WireNamePartSchema, { description });
}

/** A row id in a path or query: 1 to MAX_DB_INTEGER. */
export function idSchema(description: string) {
  return Type.Integer({ minimum: 1, maximum: MAX_DB_INTEGER, description });
}

/** A count bound in a query: 0 to MAX_DB_INTEGER. */
export function countSchema(description?: string) {
  return Type.Integer({ minimum: 0, maximum: MAX_DB_INTEGER, ...(description ? { description } : {}) });
}

/** Repeated query values, at most MAX_QUERY_VALUES of them. */
export function repeatedQuery<T extends TSchema>(item: T, description: string, options: { minItems?: number } = {}) {
  return Type.Array(item, { ...options, maxItems: MAX_QUERY_VALUES, description: `${description} (at most ${MAX_QUERY_VALUES} values)` });
}

/** Paging fields shared by both overviews. */
export const PageNumberQuery = Type.Integer({ minimum: 1, maximum: 1_000_000_000, default: 1, description: 'The page to return, from 1' });

export function pageSizeQuery(defaultSize: number) {
  return Type.Integer({
    minimum: 0,
    maximum: 5000,
    default: defaultSize,
    description: `Items per page, 0 to 5000 (default ${defaultSize}). 0 returns no items but the right totalCount (LucoPy asks for that when nothing matches).`,
  });
}

/** A query value meant to be a text choice; checked (case-insensitively) by the service. */
export const SortDirQuery = Type.String({ description: '`asc` (default) or `desc`, any case' });
export const FilterOperatorQuery = Type.String({
  description: 'How several `slotSequenceDefinitionValues` combine: `and` (default: the name has every value) or `or` (any of them); any case',
});
export const NameValuesQuery = repeatedQuery(
  Type.String(),
  'Name part values to match exactly (case-sensitive), repeated for several; see slotSequenceDefinitionValuesFilterOperator',
);
export const InstantQuery = (what: string) =>
  Type.String({
    description: `${what}: an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm[:ss[.fff]], Z or an offset; UTC when none). Bounds are inclusive; a date-only end bound includes that whole UTC day.`,
  });
