import type { Command } from 'commander';
import type { Runtime } from '../runtime.js';
import { registerSequencesApply } from './sequences-apply.js';
import { registerSequencesExport } from './sequences-export.js';
import { registerSequencesImport } from './sequences-import.js';
import { registerSequencesOverview } from './sequences-overview.js';
import { registerSequencesParams } from './sequences-params.js';
import { registerSequencesPlan } from './sequences-plan.js';

export function registerSequences(program: Command, runtime: Runtime): void {
  const sequences = program.command('sequences').description('Slot sequences: named series of expected deliveries');
  registerSequencesImport(sequences, runtime);
  registerSequencesExport(sequences, runtime);
  registerSequencesPlan(sequences, runtime);
  registerSequencesApply(sequences, runtime);
  registerSequencesOverview(sequences, runtime);
  registerSequencesParams(sequences, runtime);
}
