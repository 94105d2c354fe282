import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { CliError } from '../exit-codes.js';
import type { PathSegment } from './field-path.js';
import { jsonErrorOffset, lineAt, locateInJson } from './locate-json.js';

/** Where one slot sequence came from: its file, and the line of any field of it. */
export interface SequenceSource {
  file: string;
  /** The line the item starts on. */
  line: number;
  /** The line of a field of the item (or of the deepest part of its path that the file has). */
  lineOf(path: readonly PathSegment[]): number;
}

export interface SequenceFiles {
  items: Array<Record<string, unknown>>;
  sources: SequenceSource[];
}

/** A file that cannot be read as slot sequences: says the file and line. */
export class SequenceFileError extends CliError {
  override name = 'SequenceFileError';

  constructor(file: string, line: number | undefined, message: string) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${message}`);
  }
}

const SHAPE = 'must hold a slot sequence (an object with a name), a list of them, or { slotSequences: [...] }';

/**
 * Reads slot sequences in the import format from YAML (several documents allowed) and JSON files:
 * each file holds one sequence, a list of them, or `{ slotSequences: [...] }`. Syntax errors and
 * items that are not objects are reported with their file and line; the fields are left for the
 * server's import rules, whose errors `SequenceSource.lineOf` places.
 */
export async function readSequenceFiles(files: readonly string[]): Promise<SequenceFiles> {
  const out: SequenceFiles = { items: [], sources: [] };
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch((error: Error) => {
      throw new CliError(`cannot read ${file}: ${error.message}`);
    });
    const documents = extname(file).toLowerCase() === '.json' ? [jsonDocument(file, text)] : yamlDocuments(file, text);
    for (const document of documents) collect(file, document, out);
  }
  return out;
}

interface ParsedDocument {
  value: unknown;
  /** The offset of the value at a path (or of its deepest existing part). */
  offsetOf(path: readonly PathSegment[]): number;
  lineOfOffset(offset: number): number;
}

function jsonDocument(file: string, text: string): ParsedDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message.replace(/\s*\(line \d+ column \d+\)$/, '');
    throw new SequenceFileError(file, lineAt(text, jsonErrorOffset(text)), `is not valid JSON: ${message}`);
  }
  return { value, offsetOf: (path) => locateInJson(text, path), lineOfOffset: (offset) => lineAt(text, offset) };
}

function yamlDocuments(file: string, text: string): ParsedDocument[] {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true });
  const documents: Document.Parsed[] = Array.isArray(parsed) ? parsed : [];
  return documents.map((document) => {
    const [error] = document.errors;
    if (error) throw new SequenceFileError(file, error.linePos?.[0].line, `is not valid YAML: ${error.message.split('\n')[0]}`);
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      throw new SequenceFileError(file, undefined, `is not valid YAML: ${(error as Error).message}`);
    }
    return { value, offsetOf: (path) => yamlOffset(document, path), lineOfOffset: (offset) => lines.linePos(offset).line };
  });
}

function yamlOffset(document: Document.Parsed, path: readonly PathSegment[]): number {
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return range[0];
  }
  return 0;
}

function collect(file: string, document: ParsedDocument, out: SequenceFiles): void {
  const { value } = document;
  if (value === null || value === undefined) return; // an empty document, e.g. after a trailing ---
  const prefixes: PathSegment[][] = Array.isArray(value)
    ? value.map((_, index) => [index])
    : isObject(value) && Array.isArray(value.slotSequences)
      ? value.slotSequences.map((_, index) => ['slotSequences', index])
      : isObject(value) ? [[]] : [];
  if (prefixes.length === 0 && !Array.isArray(value) && !(isObject(value) && Array.isArray(value.slotSequences))) {
    throw new SequenceFileError(file, document.lineOfOffset(document.offsetOf([])), SHAPE);
  }
  for (const prefix of prefixes) {
    const item = prefix.reduce<unknown>((node, segment) => (node as Record<string | number, unknown>)[segment], value);
    const lineOf = (path: readonly PathSegment[]) => document.lineOfOffset(document.offsetOf([...prefix, ...path]));
    if (!isObject(item)) throw new SequenceFileError(file, lineOf([]), `${prefix.length > 0 ? `item ${String(prefix.at(-1))}` : 'the document'} ${SHAPE.replace('must hold', 'must be')}`);
    out.items.push(item);
    out.sources.push({ file, line: lineOf([]), lineOf });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
