import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { CliError } from '../exit-codes.js';

/** The file kinds a sequences folder may hold. */
export const SEQUENCE_FILE_EXTENSIONS = ['.yaml', '.yml', '.json'];

/**
 * The files to read for `-f PATH...`: a file as given (whatever its name), a folder's YAML and
 * JSON files, its subfolders' too, in name order so a plan reads the same every time.
 */
export async function sequenceFilePaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw new CliError(`cannot read ${path}: ${error.code === 'ENOENT' ? 'no such file or folder' : error.message}`);
    });
    if (info.isDirectory()) files.push(...(await walk(path)));
    else files.push(path);
  }
  if (files.length === 0) throw new CliError(`no .yaml, .yml or .json files in ${paths.join(', ')}`);
  return [...new Set(files)];
}

async function walk(folder: string): Promise<string[]> {
  const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (entry.isFile() && SEQUENCE_FILE_EXTENSIONS.includes(extname(entry.name).toLowerCase())) files.push(path);
  }
  return files;
}
