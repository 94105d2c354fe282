#!/usr/bin/env node
// Lists every README command and snippet with how the README check runs and checks it, and what
// has no manifest entry (or an entry no README holds). Runs nothing.
//   node scripts/readme-check/coverage.mjs
import { fileURLToPath } from 'node:url';
import { extractAll } from './extract.mjs';
import { MANIFEST } from './manifest.mjs';
import { describeEntry, planChecks } from './plan.mjs';
import { repositoryRoot } from './run-step.mjs';

/** One line on how an entry is run and checked. */
export function describeCheck(entry) {
  const how = [];
  if (entry.instead) how.push(`NOT AS WRITTEN (${entry.instead.why}); runs \`${entry.instead.command}\``);
  else how.push(entry.substitute ? `as written, with ${entry.substitute.map(([placeholder]) => placeholder).join(', ')} replaced` : 'as written');
  how.push({ work: 'in an empty folder', elsewhere: 'in an empty folder inside the clone' }[entry.cwd] ?? 'at the clone\'s root');
  if (entry.server === 'demo') how.push('against the server npm start leaves running');
  if (entry.server === 'none') how.push('with no server on 8080');
  if (entry.postgres) how.push('with a throwaway PostgreSQL');
  if (entry.lucoEnv) how.push('with the quick start\'s LUCO_* variables');
  if (entry.onPath) how.push('luco on PATH');
  if (entry.prelude || entry.epilogue) how.push('with a prelude/epilogue');
  if (entry.longRunning) how.push(`until ${entry.longRunning.ready}, then ${entry.longRunning.stop}`);
  const expect = entry.expect ?? {};
  const checks = [];
  if (expect.exit !== undefined) checks.push(`exit ${expect.exit}`);
  for (const name of ['stdout', 'stderr', 'output']) for (const pattern of expect[name] ?? []) checks.push(`${name} ${pattern}`);
  for (const pattern of expect.not ?? []) checks.push(`never ${pattern}`);
  if (expect.lastLine) checks.push(`last line ${expect.lastLine}`);
  for (const name of Object.keys(expect.vars ?? {})) checks.push(`$${name} set right`);
  if (entry.after) checks.push('and more (see the manifest)');
  return `${how.join('; ')}. Checks: ${checks.join(', ') || 'none'}${entry.note ? `. Note: ${entry.note}` : ''}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const repo = repositoryRoot(fileURLToPath(new URL('.', import.meta.url)));
  const plan = planChecks(extractAll(repo), MANIFEST);
  for (const { item, entry } of plan.steps) {
    const what = item.kind === 'command' ? item.key : `${item.kind}: ${describeEntry(entry)}`;
    console.log(`- ${item.readme}:${item.line} \`${what}\`\n    ${describeCheck(entry)}`);
  }
  for (const item of plan.unmatched) console.log(`- UNCHECKED ${item.readme}:${item.line} \`${item.key.split('\n')[0]}\`: no manifest entry`);
  for (const entry of plan.stale) console.log(`- STALE manifest entry: ${describeEntry(entry)} (${entry.readme})`);
  for (const problem of plan.problems) console.log(`- PROBLEM: ${problem}`);
}
