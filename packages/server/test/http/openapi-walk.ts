/** Just enough of an OpenAPI 3.0 document to read what each operation takes. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  pattern?: string;
  nullable?: boolean;
  [keyword: string]: unknown;
}

export interface OpenApiParameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

export interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  security?: unknown[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema> };
}

export interface Operation {
  method: string;
  /** The OpenAPI path, e.g. `/slots/{slotId}/submissions`. */
  path: string;
  parameters: OpenApiParameter[];
  body: { contentType: string; schema: JsonSchema; required: boolean } | undefined;
}

export function operations(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]) => {
      const [contentType, media] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
      return {
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        body: contentType && media ? { contentType, schema: resolve(document, media.schema), required: operation.requestBody?.required ?? false } : undefined,
      };
    }),
  );
}

/** A schema with its `$ref` (to components) followed. */
export function resolve(document: OpenApiDocument, schema: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 10; hops++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    current = document.components.schemas[name] ?? {};
  }
  return current;
}

/** Every (sub)schema a request can carry, labelled `METHOD path in name.field`. */
export function requestSchemas(document: OpenApiDocument): Array<{ where: string; schema: JsonSchema }> {
  const out: Array<{ where: string; schema: JsonSchema }> = [];
  const visit = (schema: JsonSchema, where: string, depth: number): void => {
    const resolved = resolve(document, schema);
    out.push({ where, schema: resolved });
    if (depth > 20) return;
    for (const [name, child] of Object.entries(resolved.properties ?? {})) visit(child, `${where}.${name}`, depth + 1);
    if (resolved.items) visit(resolved.items, `${where}[]`, depth + 1);
    if (typeof resolved.additionalProperties === 'object') visit(resolved.additionalProperties, `${where}{}`, depth + 1);
    for (const branch of [...(resolved.anyOf ?? []), ...(resolved.oneOf ?? []), ...(resolved.allOf ?? [])]) visit(branch, where, depth + 1);
  };
  for (const operation of operations(document)) {
    const label = `${operation.method} ${operation.path}`;
    for (const parameter of operation.parameters) visit(parameter.schema, `${label} ${parameter.in} ${parameter.name}`, 0);
    if (operation.body) visit(operation.body.schema, `${label} body`, 0);
  }
  return out;
}
