import type { JsonSchema, Operation } from './openapi-walk.js';

/**
 * Hostile requests generated from an operation's OpenAPI description: a plausible request (real
 * ids, a real sequence name, a body that fits the schema) with one to three parts replaced by
 * something a careless or hostile client might send.
 */

/** mulberry32: a tiny seeded PRNG, so every run sends the same requests. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** What was changed, for the report. */
  mutations: string[];
}

/** Real rows and names the generated requests can point at. */
export interface FuzzSeeds {
  slotIds: number[];
  submissionIds: number[];
  sequenceIds: number[];
  /** `SlotSequenceDefinition` query values (JSON) of a real sequence. */
  definition: string[];
  /** The same name as body entries `{ position, key, value }`. */
  definitionBody: Array<{ position: number; key: string; value: string }>;
  channelIds: number[];
  ruleIds: number[];
  alertIds: number[];
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const NUL = '\u0000';

/** Percent-encodes the UTF-8 bytes of `text` (a lone surrogate becomes U+FFFD, as on the wire). */
function percentEncode(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'), (byte) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}
const RAW = '\u0001raw\u0001';

/** Text values: NUL, empty, very long, odd Unicode, injection-looking, path-looking. */
export const HOSTILE_STRINGS: readonly string[] = [
  NUL,
  `a${NUL}b`,
  '',
  ' ',
  'x'.repeat(10_000),
  'x'.repeat(200_000),
  '\uD800',
  '\uFFFF',
  '\u202Eevil',
  '😀'.repeat(100),
  "'; drop table slots; --",
  '../../etc/passwd',
  '%00',
  '%',
  '{',
  '[]',
  '{"position":0,"key":"client","value":"acme"}',
  "{'position': 99999999999, 'key': 'k', 'value': 'v'}",
  "{'position': 0, 'key': 'k\\x00', 'value': 'v'}",
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
  'None',
  'true',
  'True',
  'null',
  '2147483648',
  '-1',
  '1e300',
  '0x10',
  '9999-99-99',
  '0000-01-01',
  '275760-09-13',
  '-271821-04-20',
  '2026-02-30T25:61:61Z',
  '+275760-09-13T00:00:00Z',
  '275760-09-14',
  '2026-11-27T12:00:00+14:00',
  '9999-12-31T23:59:59.999999999Z',
  '99999999:00:00:00',
  '100000:00:00:00',
  '100000.23:59:59.9999999',
  '1:99:99:99',
  '1 day, 25:00:00',
  '-1:00:00:00',
  'Infinity',
  'NaN',
];

/** Numbers as they appear in query strings and path segments. */
export const HOSTILE_NUMBER_TEXT: readonly string[] = [
  '0',
  '-1',
  '-0',
  '0.5',
  '1.0',
  '2147483647',
  '2147483648',
  '-2147483649',
  '4294967296',
  '9007199254740993',
  '9223372036854775807',
  '9223372036854775808',
  '99999999999999999999',
  '1e300',
  '1e400',
  '-1e300',
  'Infinity',
  'NaN',
  '0x1F',
  '1_000',
  ' 1',
  '',
  'abc',
  '１',
];

/** Raw JSON number tokens JSON.stringify cannot write. */
const RAW_NUMBERS: readonly string[] = ['99999999999999999999', '1e400', '-1e400', '-0', '1.0', '2147483648', '9223372036854775808', '1e300', '0.1e-400', '123456789012345678901234567890'];

/** Path segments: hostile numbers, bad percent encodings, long segments. */
const HOSTILE_SEGMENTS: readonly string[] = [
  ...HOSTILE_NUMBER_TEXT.filter((text) => text !== '' && !text.includes(' ')).map((text) => percentEncode(text)),
  '%00',
  '1%00',
  '%C0%AF',
  '%E0%A4%A',
  '%FF',
  '%',
  '%zz',
  '%2F',
  '..',
  '1'.repeat(100),
  '1'.repeat(101),
  'a'.repeat(5000),
  '%20',
  percentEncode('😀'),
];

function deepArray(levels: number): string {
  return `${'['.repeat(levels)}${']'.repeat(levels)}`;
}

function deepObject(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

/** JSON values to put in a body field; `RAW` marks a raw token spliced into the text later. */
function hostileJsonValue(random: Random): { value: unknown; raw?: string; label: string } {
  const kind = Math.floor(random() * 12);
  switch (kind) {
    case 0:
    case 1: {
      const text = pick(random, HOSTILE_STRINGS);
      return { value: text, label: `string ${JSON.stringify(text.slice(0, 40))}${text.length > 40 ? `…(${text.length})` : ''}` };
    }
    case 2: {
      const number = pick(random, [2147483648, -2147483649, 2 ** 53 + 2, 2 ** 63, 1e300, -1e300, -1, 0, 0.5, Number.MAX_VALUE, Number.MIN_VALUE]);
      return { value: number, label: `number ${number}` };
    }
    case 3: {
      const raw = pick(random, RAW_NUMBERS);
      return { value: RAW, raw, label: `raw number ${raw}` };
    }
    case 4:
      return pick(random, [
        { value: true, label: 'true' },
        { value: false, label: 'false' },
        { value: null, label: 'null' },
      ]);
    case 5:
      return pick(random, [
        { value: [], label: '[]' },
        { value: {}, label: '{}' },
        { value: [1, 'a', null, {}], label: 'mixed array' },
        { value: { a: [{ b: NUL }] }, label: 'nested NUL' },
      ]);
    case 6: {
      const levels = pick(random, [63, 64, 65, 200, 5000]);
      const raw = random() < 0.5 ? deepArray(levels) : deepObject(levels);
      return { value: RAW, raw, label: `nesting ${levels}` };
    }
    case 7: {
      const length = pick(random, [1001, 10_000, 40_000]);
      return { value: Array.from({ length }, (_, index) => (random() < 0.5 ? index : { key: `k${index}`, value: 'v' })), label: `array of ${length}` };
    }
    case 8:
      return pick(random, [
        { value: { [`k${NUL}`]: 1 }, label: 'key with NUL' },
        { value: RAW, raw: '{"__proto__":{"polluted":1}}', label: '__proto__ key' },
        { value: { constructor: { prototype: { polluted: 1 } } }, label: 'constructor.prototype' },
        { value: Object.fromEntries(Array.from({ length: 9000 }, (_, index) => [`k${index}`, index])), label: 'object of 9000 keys' },
      ]);
    case 9:
      return { value: Array.from({ length: pick(random, [8192, 20_000]) }, (_, index) => ({ key: `k${index}`, value: `${index}` })), label: 'name-sized list' };
    case 10:
      return { value: pick(random, ['2026-11-27T12:00:00Z', '9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z', '+275760-09-13T00:00:00.001Z', '2026-11-27T12:00:00+99:99']), label: 'odd date-time' };
    default:
      return { value: pick(random, ['Completed', 'Failed', 'In Progress', 'Submission', 'Cancelled', 'fail']), label: 'domain word' };
  }
}

/** A value that fits `schema`, preferring real ids and names for the parameters that take them. */
function plausible(schema: JsonSchema, name: string, seeds: FuzzSeeds, random: Random, depth = 0): unknown {
  const byName = plausibleByName(name, seeds, random);
  if (byName !== undefined) return byName;
  if (schema.enum && schema.enum.length > 0) return pick(random, schema.enum);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (schema.pattern?.includes('[Tt][Rr][Uu][Ee]')) return pick(random, ['true', 'False', '1']);
  switch (type) {
    case 'integer':
      return Math.max(schema.minimum ?? 0, 1);
    case 'number':
      return 1.5;
    case 'boolean':
      return random() < 0.5;
    case 'array':
      return schema.items ? [plausible(schema.items, name, seeds, random, depth + 1)] : [];
    case 'object': {
      if (depth > 4) return {};
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(key) || random() < 0.5) out[key] = plausible(child, key, seeds, random, depth + 1);
      }
      return out;
    }
    default:
      return 'fuzz';
  }
}

function plausibleByName(name: string, seeds: FuzzSeeds, random: Random): unknown {
  switch (name) {
    case 'slotId':
      return pick(random, seeds.slotIds);
    case 'submissionId':
      return pick(random, seeds.submissionIds);
    case 'slotSequenceId':
      return pick(random, seeds.sequenceIds);
    case 'SlotSequenceDefinition':
      return [...seeds.definition];
    case 'Tag':
      return '2026-11-20';
    case 'TimeDifference':
      return '1:00:00:00';
    case 'FindClosest':
      return pick(random, ['historic', 'future', 'either', 'exact']);
    case 'tenant':
      return 'common';
    case 'channelId':
      return pick(random, seeds.channelIds);
    case 'ruleId':
      return pick(random, seeds.ruleIds);
    case 'alertId':
      return seeds.alertIds.length > 0 ? pick(random, seeds.alertIds) : 1;
    case 'sequence':
      return ['client=acme', 'feed=*'];
    default:
      if (/(Start|End|Utc)$/.test(name) && !/Count/.test(name)) return '2026-11-01';
      return undefined;
  }
}

/** Bodies that pass each write route, so mutations probe past the schema. */
function plausibleBody(operation: Operation, seeds: FuzzSeeds, random: Random): unknown {
  const path = operation.path;
  if (path.endsWith('/slotsequences/import')) {
    return {
      allowOverwrites: random() < 0.5,
      slotSequences: [
        {
          name: [{ key: 'client', value: `fuzz${Math.floor(random() * 5)}` }],
          type: 'Fuzz',
          parameters: { slotParameterGroups: [{ slotParameterGroupName: 'g', slotParameters: [{ key: 'k', value: 'v' }] }] },
          delivery: [{ isActive: true, cadence: pick(random, ['daily', 'weekly', 'monthly']), daysOfWeek: ['Mon'], dayOfMonth: 1, expectedBy: '09:00', timeZone: 'UTC', startDate: '2026-11-01', endDate: null }],
        },
      ],
    };
  }
  // A copy: mutations change the body in place.
  if (path === '/slots') return { tag: `fuzz-${Math.floor(random() * 1000)}`, slotSequenceDefinition: structuredClone(seeds.definitionBody) };
  if (path.endsWith('/metrics')) return { stage: 'Load', metrics: [{ metric: 'rows', value: 1 }, { metric: 'note', value: 'ok' }] };
  if (path.endsWith('/status')) return { runId: '', status: pick(random, ['In Progress', 'Completed', 'Failed']), stage: pick(random, ['Load', 'Submission']), type: null, message: 'm', modifiedBy: null };
  if (path.startsWith('/v2') && path.endsWith('/quality')) return { checks: [{ check: 'expect $col', success: random() < 0.5, checkArgs: { col: 'a' }, onFail: { action: 'fail' } }] };
  if (path.endsWith('/quality')) return { stage: 'Load', runId: '', tool: 'GE', results: { success: true }, dataSet: 'd', action: 'Continued' };
  if (path.endsWith('/runenvironment')) return { stage: 'Load', runData: [{ platform: 'Databricks', referenceUrl: 'https://x' }] };
  if (path.endsWith('/submissions')) return random() < 0.5 ? {} : { startedOn: '2026-11-27T11:00:00Z' };
  if (path.startsWith('/lucots/v1/alert-channels') && operation.body) return plausibleChannel(random);
  if (path.startsWith('/lucots/v1/alert-rules') && operation.body) {
    return {
      name: `fuzz rule ${Math.floor(random() * 1000)}`,
      filter: { name: [{ key: 'client', value: 'ac*' }], types: ['Sales'], cadences: ['daily'] },
      events: ['overdue', 'failed'],
      graceSeconds: 60,
      reminderSeconds: 3600,
      mute: [{ days: ['Sat'], start: '22:00', end: '06:00', timeZone: 'Europe/London' }],
      channelIds: [...seeds.channelIds],
    };
  }
  return operation.body ? plausible(operation.body.schema, '', seeds, random) : undefined;
}

/** An alert channel body of any type that passes, fresh each time (mutations change it in place). */
function plausibleChannel(random: Random): unknown {
  const name = `fuzz channel ${Math.floor(random() * 1000)}`;
  const secret = `whsec_${Buffer.alloc(32, Math.floor(random() * 256)).toString('base64')}`;
  return pick(random, [
    { name, settings: { type: 'webhook', url: 'https://hooks.example.com/fuzz', signingSecrets: [secret], headers: { 'x-team': 'data' } } },
    { name, settings: { type: 'slack', url: 'https://hooks.slack.com/services/fuzz' } },
    { name, settings: { type: 'teams', url: 'https://prod.logic.azure.com/workflows/fuzz' } },
    { name, enabled: false, settings: { type: 'email', host: 'smtp.example.com', port: 587, security: 'starttls', username: 'u', password: 'p', from: 'a@example.com', to: ['b@example.com'] } },
  ]);
}

/** Every [path, value] leaf and branch of a JSON value, for picking a field to replace. */
function jsonPaths(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (prefix.length > 0) out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, index) => jsonPaths(item, [...prefix, index], out));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) jsonPaths(item, [...prefix, key], out);
  return out;
}

function setAt(root: unknown, path: Array<string | number>, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
}

const fill = (template: string, params: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '1');

/** `count` hostile requests for one operation, made one at a time (some are megabytes). */
export function* hostileRequests(operation: Operation, seeds: FuzzSeeds, random: Random, count: number, headers: Record<string, string>): Generator<FuzzRequest> {
  const queryParams = operation.parameters.filter((parameter) => parameter.in === 'query');
  const pathParams = operation.parameters.filter((parameter) => parameter.in === 'path');
  const isForm = operation.body?.contentType === 'application/x-www-form-urlencoded';
  for (let n = 0; n < count; n++) {
    const mutations: string[] = [];
    const segments: Record<string, string> = {};
    for (const parameter of pathParams) segments[parameter.name] = percentEncode(String(plausible(parameter.schema, parameter.name, seeds, random)));
    const query: Array<[string, string]> = [];
    for (const parameter of queryParams) {
      if (!parameter.required && random() < 0.6) continue;
      const value = plausible(parameter.schema, parameter.name, seeds, random);
      for (const item of Array.isArray(value) ? value : [value]) query.push([parameter.name, percentEncode(String(item))]);
    }
    let body: unknown = isForm ? undefined : plausibleBody(operation, seeds, random);
    let rawToken: string | undefined;
    let payload: string | Buffer | undefined;
    const requestHeaders: Record<string, string> = { ...headers };
    let method = operation.method;

    const rounds = 1 + Math.floor(random() * 3);
    for (let round = 0; round < rounds; round++) {
      const choice = random();
      if (choice < 0.2 && pathParams.length > 0) {
        const parameter = pick(random, pathParams);
        segments[parameter.name] = pick(random, HOSTILE_SEGMENTS);
        mutations.push(`path ${parameter.name}=${segments[parameter.name]!.slice(0, 40)}`);
      } else if (choice < 0.45 && queryParams.length > 0) {
        const parameter = pick(random, queryParams);
        const without = query.filter(([name]) => name !== parameter.name);
        const style = random();
        if (style < 0.5) {
          const text = random() < 0.5 ? pick(random, HOSTILE_STRINGS) : pick(random, HOSTILE_NUMBER_TEXT);
          without.push([parameter.name, percentEncode(text)]);
          mutations.push(`query ${parameter.name}=${JSON.stringify(text.slice(0, 40))}`);
        } else if (style < 0.65) {
          without.push([parameter.name, pick(random, ['%zz', '%', '%C0%AF', '%00', '%FF%FE'])]);
          mutations.push(`query ${parameter.name} bad encoding`);
        } else if (style < 0.8) {
          const times = pick(random, [2, 1001, 5000]);
          for (let i = 0; i < times; i++) without.push([parameter.name, percentEncode(String(i))]);
          mutations.push(`query ${parameter.name} repeated ${times}x`);
        } else {
          mutations.push(`query ${parameter.name} left out`);
        }
        query.splice(0, query.length, ...without);
      } else if (choice < 0.55) {
        const name = pick(random, ['unknown', `k${NUL}`, '__proto__', 'constructor', '', 'a'.repeat(3000)]);
        query.push([percentEncode(name), percentEncode(pick(random, HOSTILE_STRINGS).slice(0, 100))]);
        mutations.push(`query unknown key ${JSON.stringify(name.slice(0, 20))}`);
      } else if (choice < 0.8 && body !== undefined && typeof body === 'object' && body !== null) {
        const paths = jsonPaths(body);
        const hostile = hostileJsonValue(random);
        if (paths.length > 0 && random() < 0.85) {
          const path = pick(random, paths);
          setAt(body, path, hostile.value);
          mutations.push(`body ${path.join('.')} = ${hostile.label}`);
        } else {
          (body as Record<string, unknown>)[pick(random, ['unknown', 'extra', 'Stage', 'METRICS'])] = hostile.value;
          mutations.push(`body unknown field = ${hostile.label}`);
        }
        if (hostile.raw !== undefined) rawToken = hostile.raw;
      } else if (choice < 0.9) {
        const whole = pick(random, [
          { text: '', label: 'empty body' },
          { text: '{', label: 'truncated JSON' },
          { text: 'null', label: 'null body' },
          { text: '[]', label: 'array body' },
          { text: '"text"', label: 'string body' },
          { text: '1e400', label: 'number body' },
          { text: deepArray(5000), label: 'body nested 5000' },
          { text: deepObject(100), label: 'body object nested 100' },
          { text: '{"a":1}{"b":2}', label: 'two JSON values' },
          { text: '\uFEFF{}', label: 'BOM' },
          { text: '{"a":"\\ud800"}', label: 'lone surrogate escape' },
          { text: `{"${'k'.repeat(100_000)}":1}`, label: 'huge key' },
        ]);
        payload = whole.text;
        body = undefined;
        mutations.push(whole.label);
        if (!requestHeaders['content-type']) requestHeaders['content-type'] = 'application/json';
      } else if (choice < 0.95) {
        const type = pick(random, ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x', 'application/json-patch+json', 'application/vnd.x+json', '', 'application/octet-stream']);
        requestHeaders['content-type'] = type;
        mutations.push(`content-type ${JSON.stringify(type)}`);
        if (random() < 0.3) {
          payload = Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d]);
          body = undefined;
          mutations.push('invalid UTF-8 bytes');
        }
      } else {
        const header = pick(random, [
          ['idempotency-key', ''],
          ['idempotency-key', 'k'.repeat(300)],
          ['idempotency-key', `fuzz-${n}`],
          ['x-request-id', 'bad id with spaces'],
          ['x-request-id', 'r'.repeat(500)],
          ['authorization', 'Bearer '],
          ['content-length', '5'],
        ] as const);
        requestHeaders[header[0]] = header[1];
        if (header[0] === 'authorization') mutations.push('empty bearer token');
        else mutations.push(`header ${header[0]}=${header[1].slice(0, 20)}`);
        if (random() < 0.2 && method === 'GET') method = 'HEAD';
      }
    }

    let url = fill(operation.path, segments);
    if (query.length > 0) url += `?${query.map(([name, value]) => `${name}=${value}`).join('&')}`;
    if (payload === undefined && body !== undefined && method !== 'GET' && method !== 'HEAD') {
      let text = JSON.stringify(body);
      if (rawToken !== undefined) text = text.split(JSON.stringify(RAW)).join(rawToken);
      payload = text;
      requestHeaders['content-type'] ??= 'application/json';
    }
    if (isForm && payload === undefined) {
      payload = pick(random, ['grant_type=client_credentials&scope=luco/.default', `grant_type=client_credentials&client_id=%00&client_secret=x&scope=luco/.default`, 'grant_type=%00', '%zz=1', '']);
      requestHeaders['content-type'] ??= 'application/x-www-form-urlencoded';
      mutations.push(`form ${String(payload).slice(0, 60)}`);
    }
    if (method === 'GET' || method === 'HEAD') {
      // A GET carries no body unless a mutation put one there on purpose.
      if (!mutations.some((m) => m.includes('body') || m.includes('JSON') || m.includes('content-type'))) payload = undefined;
    }
    if (requestHeaders['content-type'] === '') delete requestHeaders['content-type'];
    yield { method, url, headers: requestHeaders, ...(payload === undefined ? {} : { payload }), mutations };
  }
}
