import type { FieldChange, PlannedSequence, SlotSequencePlan } from '@lucots/sdk';
import { formatSequenceName } from '../parse/sequence-name.js';
import type { SequenceSource } from '../sequence-files/read.js';
import { formatFieldPath, parseFieldPath } from '../sequence-files/field-path.js';
import type { Colours } from './colour.js';

/** How a plan's outcome reads: its mark, its verb and its colour. */
const SHOWN: Record<PlannedSequence['result'], { mark: string; verb: string; colour: keyof Pick<Colours, 'green' | 'yellow' | 'red' | 'dim' | 'magenta'> }> = {
  Created: { mark: '+', verb: 'create', colour: 'green' },
  Updated: { mark: '~', verb: 'update', colour: 'yellow' },
  Archived: { mark: '-', verb: 'archive', colour: 'red' },
  NotUpdated: { mark: '!', verb: 'differs, not updated', colour: 'magenta' },
  NotProcessed: { mark: 'x', verb: 'invalid', colour: 'red' },
  Exists: { mark: ' ', verb: 'unchanged', colour: 'dim' },
};

/** Whether applying the plan would write anything. */
export function hasChanges(plan: SlotSequencePlan): boolean {
  return plan.counts.created + plan.counts.updated + plan.counts.archived > 0;
}

/** The sequence's name as luco writes names (`client=acme,feed=sales`). */
export function planName(item: PlannedSequence): string {
  const parts = [...item.definition].sort((a, b) => (a.position ?? 0) - (b.position ?? 0)).map((part) => [part.slotParameter.key, part.slotParameter.value] as [string, string]);
  return parts.length > 0 ? formatSequenceName(parts) : '(no name)';
}

/** `file:line` of an item, when it came from a file. */
export function sourceOf(item: PlannedSequence, sources: readonly SequenceSource[]): SequenceSource | undefined {
  return item.index === undefined ? undefined : sources[item.index];
}

/**
 * An item's errors as `file:line: field: message`, the field relative to the item in its file
 * (the server names it in the request: `slotSequences[3].delivery[0].cadence`).
 */
export function errorLines(item: PlannedSequence, sources: readonly SequenceSource[]): string[] {
  const source = sourceOf(item, sources);
  return item.errors.map((error) => {
    // `slotSequences[3].delivery[0].cadence`: the item's own path follows its index.
    const segments = parseFieldPath(error.field);
    const inItem = segments[0] === 'slotSequences' && typeof segments[1] === 'number' ? segments.slice(2) : segments;
    const where = source ? `${source.file}:${source.lineOf(inItem)}: ` : '';
    return `${where}${inItem.length > 0 ? formatFieldPath(inItem) : 'the item'}: ${error.message}`;
  });
}

/** The plan as people read it: each change (unchanged sequences only counted), then one summary line. */
export function renderPlan(plan: SlotSequencePlan, sources: readonly SequenceSource[], c: Colours): string {
  const lines: string[] = [];
  for (const item of plan.items) {
    if (item.result === 'Exists') continue;
    const shown = SHOWN[item.result];
    const source = sourceOf(item, sources);
    const why = item.pruned ? ' (not in the files; in the prune scope)' : '';
    lines.push(`${c[shown.colour](`${shown.mark} ${planName(item)}`)}  ${shown.verb}${why}${source ? c.dim(`  ${source.file}:${source.line}`) : ''}`);
    if (item.result === 'NotProcessed') {
      for (const line of errorLines(item, sources)) lines.push(`    ${line}`);
      continue;
    }
    for (const change of item.changes) lines.push(`    ${changeText(change, item.result === 'Created')}`);
    for (const change of item.notApplied) lines.push(`    ${changeText(change, false)} ${c.dim('(not applied)')}`);
  }
  lines.push(summary(plan));
  return `${lines.join('\n')}\n`;
}

function changeText(change: FieldChange, created: boolean): string {
  if (created) return `${change.field}: ${valueText(change.after)}`;
  return `${change.field}: ${valueText(change.before)} -> ${valueText(change.after)}`;
}

function valueText(value: unknown): string {
  return value === null || value === undefined ? '(none)' : JSON.stringify(value);
}

/** `Plan: 1 to create, 2 to update, 1 to archive, 5 unchanged.` (and what cannot be applied). */
export function summary(plan: SlotSequencePlan): string {
  const { counts } = plan;
  const parts = [`${counts.created} to create`, `${counts.updated} to update`, `${counts.archived} to archive`, `${counts.exists} unchanged`];
  if (counts.notUpdated > 0) parts.push(`${counts.notUpdated} not updated (differs, not allowed)`);
  if (counts.notProcessed > 0) parts.push(`${counts.notProcessed} invalid`);
  return `Plan: ${parts.join(', ')}.`;
}
