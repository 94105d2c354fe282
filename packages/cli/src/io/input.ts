import { readFile } from 'node:fs/promises';
import { UsageError } from '../exit-codes.js';

/** All of a stream, as text. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** A file's text, or stdin's for `-`. A missing file is a usage error naming it. */
export async function readInput(path: string, stdin: NodeJS.ReadableStream): Promise<string> {
  if (path === '-') return readAll(stdin);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

/** JSON from a file or stdin; invalid JSON is a usage error with the parser's reason. */
export async function readJsonInput(path: string, stdin: NodeJS.ReadableStream): Promise<unknown> {
  const text = await readInput(path, stdin);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path === '-' ? 'stdin' : path} is not valid JSON: ${(error as Error).message}`);
  }
}
