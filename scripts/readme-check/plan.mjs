// Pairs each README item (extract.mjs) with its manifest entry, and lists what does not pair:
// items without an entry, entries without an item, and entries that pair ambiguously.

/** The key an entry's `command` is compared by: the command's words, spaces collapsed. */
export function commandKey(command) {
  return command.replace(/\s+/g, ' ').trim();
}

function matches(entry, item) {
  if (entry.readme !== item.readme) return false;
  if (entry.command !== undefined) return item.kind === 'command' && commandKey(entry.command) === item.key;
  if (entry.script !== undefined) return item.kind === 'script' && item.key.includes(entry.script);
  if (entry.snippet !== undefined) return item.kind === 'snippet' && item.key.includes(entry.snippet);
  return false;
}

/** What an entry covers, in words: its command, or the text it finds its script or snippet by. */
export function describeEntry(entry) {
  if (entry.command !== undefined) return entry.command;
  if (entry.script !== undefined) return `the script with "${entry.script}"`;
  return `the TypeScript snippet with "${entry.snippet}"`;
}

/**
 * `{ steps: [{ item, entry }], unmatched: [item], stale: [entry], problems: [text] }`. A command
 * repeated in one README is one entry and a step for each place; a script or snippet entry must
 * find exactly one block; an item may pair with one entry only.
 */
export function planChecks(items, manifest) {
  const steps = [];
  const unmatched = [];
  const problems = [];
  const used = new Set();
  for (const item of items) {
    const entries = manifest.filter((entry) => matches(entry, item));
    if (entries.length === 0) {
      unmatched.push(item);
      continue;
    }
    if (entries.length > 1) problems.push(`${item.readme}:${item.line} pairs with ${entries.length} manifest entries: ${entries.map(describeEntry).join('; ')}`);
    for (const entry of entries) used.add(entry);
    steps.push({ item, entry: entries[0] });
  }
  for (const entry of manifest) {
    if (entry.command !== undefined) continue;
    const found = items.filter((item) => matches(entry, item));
    if (found.length > 1) problems.push(`${describeEntry(entry)} in ${entry.readme} is found in ${found.length} blocks (lines ${found.map((item) => item.line).join(', ')}): make it unique`);
  }
  for (const entry of manifest) {
    const kinds = ['command', 'script', 'snippet'].filter((kind) => entry[kind] !== undefined);
    if (kinds.length !== 1) problems.push(`a manifest entry for ${entry.readme} needs exactly one of command, script or snippet (has: ${kinds.join(', ') || 'none'})`);
  }
  const stale = manifest.filter((entry) => !used.has(entry));
  return { steps, unmatched, stale, problems };
}
