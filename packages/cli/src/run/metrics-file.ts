import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateMetrics } from '@lucots/sdk';
import { errorMessage } from '../errors.js';
import { parseMetricValue } from '../parse/values.js';

export interface MetricsFile {
  path: string;
  read(): Promise<string>;
  remove(): Promise<void>;
}

/**
 * An empty file in a private temporary folder, named to the command by LUCO_METRICS_FILE. The
 * folder is 0700 (mkdtemp), so other users cannot plant metrics in it.
 */
export async function createMetricsFile(): Promise<MetricsFile> {
  const folder = await mkdtemp(join(tmpdir(), 'luco-run-'));
  const path = join(folder, 'metrics');
  await writeFile(path, '', { mode: 0o600 });
  return {
    path,
    read: async () => {
      try {
        return await readFile(path, 'utf8');
      } catch {
        // The command may have deleted it: no metrics, not an error.
        return '';
      }
    },
    remove: () => rm(folder, { recursive: true, force: true }),
  };
}

export interface ParsedMetrics {
  metrics: Array<[string, number | string]>;
  /** One line per bad line, to report on stderr. */
  problems: string[];
}

/**
 * One `name=value` a line; values that read as JSON numbers are numbers. Blank lines and lines
 * starting with `#` are skipped. A bad line is reported and skipped: metrics are worth keeping
 * even when one line is wrong. That includes a line Luco would refuse (checked as the SDK checks
 * metrics, e.g. a NUL character): sent, it would fail the whole metrics write.
 */
export function parseMetricsFile(text: string): ParsedMetrics {
  const metrics: Array<[string, number | string]> = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const at = line.indexOf('=');
    const name = at > 0 ? line.slice(0, at).trim() : '';
    if (name === '') {
      problems.push(`LUCO_METRICS_FILE line ${index + 1}: expected name=value, got ${JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}...` : line)}`);
      return;
    }
    const metric: [string, number | string] = [name, parseMetricValue(line.slice(at + 1).trim())];
    try {
      validateMetrics([metric]);
    } catch (error) {
      problems.push(`LUCO_METRICS_FILE line ${index + 1}: dropped, Luco would refuse it: ${errorMessage(error)}`);
      return;
    }
    metrics.push(metric);
  });
  return { metrics, problems };
}
