// The READMEs' TypeScript snippets as runnable files: the manifest's prelude (what the snippet
// names but does not define), the snippet as written, the manifest's epilogue (checks of what it
// did). Before any runs, all of them are typechecked together against the built SDK.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file's text: prelude, the README's snippet (marked with where it comes from), epilogue. */
export function snippetSource({ item, entry }, snippet = item.text) {
  return [
    '// The manifest\'s prelude (scripts/readme-check/manifest.mjs)',
    entry.prelude ?? '',
    `// ${item.readme}:${item.line}, as written`,
    snippet,
    '// The manifest\'s epilogue',
    entry.epilogue ?? '',
    '',
  ].join('\n');
}

/**
 * Typechecks every snippet step as written (one tsc run, strict as the repository's code, but
 * unused names allowed: snippets are fragments). Resolves to a Map from step to its errors.
 */
export async function typecheckSnippets(ctx, steps) {
  const folder = join(ctx.clone, '.readme-check', 'typecheck');
  mkdirSync(folder, { recursive: true });
  const files = new Map();
  steps.forEach((step, index) => {
    const name = `snippet-${index}.ts`;
    writeFileSync(join(folder, name), snippetSource(step));
    files.set(name, step);
  });
  writeFileSync(
    join(folder, 'tsconfig.json'),
    JSON.stringify({
      extends: '../../tsconfig.base.json',
      compilerOptions: { noEmit: true, noUnusedLocals: false, declaration: false, sourceMap: false },
      include: ['*.ts'],
    }),
  );
  const output = await new Promise((resolve) => {
    execFile('npx', ['tsc', '-p', join(folder, 'tsconfig.json')], { cwd: ctx.clone, env: ctx.env, timeout: 180_000 }, (error, stdout, stderr) => {
      resolve(error && !stdout ? `${stderr || error.message}` : `${stdout}${stderr}`);
    });
  });
  const errors = new Map();
  const unattributed = [];
  for (const line of output.split('\n').filter(Boolean)) {
    const match = /(snippet-\d+\.ts)\((\d+),(\d+)\): (.*)$/.exec(line);
    const step = match ? files.get(match[1]) : undefined;
    if (step) errors.set(step, [...(errors.get(step) ?? []), `${where(step, Number(match[2]))}: ${match[4]}`]);
    else if (/error/i.test(line)) unattributed.push(line);
  }
  // An error tsc could not pin on one snippet (a bad configuration) fails them all.
  if (unattributed.length > 0) for (const step of steps) errors.set(step, [...(errors.get(step) ?? []), ...unattributed]);
  return errors;
}

/** A line of a snippet file, as the README's line (or the manifest's part it is in). */
function where({ item, entry }, fileLine) {
  const preludeLines = (entry.prelude ?? '').split('\n').length;
  const first = 1 + preludeLines + 2; // the prelude's comment, the prelude, the README comment
  const snippetLines = item.text.split('\n').length;
  if (fileLine < first) return 'the manifest prelude';
  if (fileLine >= first + snippetLines) return 'the manifest epilogue';
  return `${item.readme}:${item.line + fileLine - first}`;
}
