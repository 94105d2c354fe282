import { readFileSync } from 'node:fs';
import { DEFAULT_OPENLINEAGE_SETTINGS, parseOpenLineageSettings, type OpenLineageSettings } from '../services/openlineage/config.js';
import { UsageError } from './usage-error.js';

/**
 * The OpenLineage mapping of `serve`: the defaults, then the JSON file of --openlineage-config,
 * then --openlineage-create-sequences. A missing or bad file is a usage error naming the problem.
 */
export function loadOpenLineageSettings(file: string | undefined, createSequences: boolean | undefined): OpenLineageSettings {
  let settings = DEFAULT_OPENLINEAGE_SETTINGS;
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`--openlineage-config: cannot read ${file}: ${(error as Error).message}`);
    }
    try {
      settings = parseOpenLineageSettings(JSON.parse(text));
    } catch (error) {
      throw new UsageError(`--openlineage-config ${file}: ${(error as Error).message}`);
    }
  }
  return createSequences ? { ...settings, createSequences: true } : settings;
}
