// The README check's parts, on made-up READMEs and commands: what it finds, how it pairs items
// with the manifest, how it runs a command and judges the outcome. Fast; no clone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractItems, splitCommands } from './extract.mjs';
import { outcomeFailures, shown } from './outcome.mjs';
import { planChecks } from './plan.mjs';
import { substitute } from './run-step.mjs';
import { assignedNames, readState, runCommand, startCommand } from './shell.mjs';

const folder = mkdtempSync(join(tmpdir(), 'lucots-readme-unit-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const fence = '```';
const README = [
  '# Title',
  '',
  `${fence}sh`,
  'npm install      # once',
  '# a comment line',
  'luco login --base-url https://x.example \\',
  '  --client-id abc   # typed',
  'SLOT=$(luco slot find --sequence "a=b # not a comment")',
  "luco run -- sh -c '",
  '  echo one',
  "'",
  'seq 3 |',
  '  wc -l',
  fence,
  '',
  `${fence}ts`,
  "import { LucoApi } from '@lucots/sdk';",
  'const luco = new LucoApi();',
  fence,
  '',
  `${fence}json`,
  '{ "not": "a command" }',
  fence,
  '',
  `${fence}bash`,
  '#!/bin/sh',
  'set -eu',
  'case $x in',
  '  1) echo one ;;',
  'esac',
  fence,
  '',
  `${fence}console`,
  '$ npm test',
  'output line',
  fence,
].join('\n');

describe('extractItems', () => {
  const items = extractItems(README, 'README.md');

  it('finds each shell command with its line, as written, and a key without comments', () => {
    const commands = items.filter((item) => item.kind === 'command');
    expect(commands.map((item) => [item.line, item.key])).toEqual([
      [4, 'npm install'],
      [6, 'luco login --base-url https://x.example --client-id abc'],
      [8, 'SLOT=$(luco slot find --sequence "a=b # not a comment")'],
      [9, "luco run -- sh -c ' echo one '"],
      [12, 'seq 3 | wc -l'],
      [34, 'npm test'],
    ]);
    expect(commands[0].text).toBe('npm install      # once');
    expect(commands[1].text).toBe('luco login --base-url https://x.example \\\n  --client-id abc   # typed');
    expect(commands[3].text).toBe("luco run -- sh -c '\n  echo one\n'");
  });

  it('takes a TypeScript block whole, a shell block with #! as one script, and skips other languages', () => {
    expect(items.filter((item) => item.kind === 'snippet').map((item) => [item.line, item.text])).toEqual([[17, "import { LucoApi } from '@lucots/sdk';\nconst luco = new LucoApi();"]]);
    const [script] = items.filter((item) => item.kind === 'script');
    expect(script).toMatchObject({ line: 26, text: '#!/bin/sh\nset -eu\ncase $x in\n  1) echo one ;;\nesac' });
    expect(items.some((item) => item.text.includes('"not"'))).toBe(false);
  });

  it('keeps ${...} expansions and $(...) in double quotes within one command', () => {
    expect(splitCommands('export K="$(npx luco-server keys generate)"   # keep it\necho "${K:-none}"').map((command) => command.key)).toEqual([
      'export K="$(npx luco-server keys generate)"',
      'echo "${K:-none}"',
    ]);
  });
});

describe('planChecks', () => {
  const items = extractItems(README, 'README.md');
  const entries = [
    { readme: 'README.md', command: 'npm install' },
    { readme: 'README.md', command: 'luco login --base-url https://x.example   --client-id abc' },
    { readme: 'README.md', snippet: 'new LucoApi()' },
    { readme: 'README.md', script: 'case $x in' },
    { readme: 'README.md', command: 'npm test' },
    { readme: 'README.md', command: 'seq 3 | wc -l' },
    { readme: 'README.md', command: 'SLOT=$(luco slot find --sequence "a=b # not a comment")' },
  ];

  it('pairs items with entries by command (spaces collapsed), script or snippet text', () => {
    const plan = planChecks(items, entries);
    expect(plan.steps.map((step) => step.item.line)).toEqual([4, 6, 8, 12, 17, 26, 34]);
    expect(plan.problems).toEqual([]);
    expect(plan.stale).toEqual([]);
    // The one command without an entry: it must fail the check.
    expect(plan.unmatched.map((item) => item.key)).toEqual(["luco run -- sh -c ' echo one '"]);
  });

  it('lists entries no README holds, and entries that are ambiguous or malformed', () => {
    const plan = planChecks(items, [
      ...entries,
      { readme: 'README.md', command: 'npm run gone' },
      { readme: 'packages/cli/README.md', command: 'npm install' },
      { readme: 'README.md', snippet: 'Luco' },
      { readme: 'README.md' },
    ]);
    expect(plan.stale.map((entry) => entry.command ?? 'none')).toEqual(['npm run gone', 'npm install', 'none']);
    expect(plan.problems.join('\n')).toMatch(/README\.md:17 pairs with 2 manifest entries/);
    expect(plan.problems.join('\n')).toMatch(/needs exactly one of command, script or snippet/);
    const twoSnippets = extractItems(`${fence}ts\nnew LucoApi();\n${fence}\n\n${fence}ts\nnew LucoApi({});\n${fence}\n`, 'README.md');
    expect(planChecks(twoSnippets, [{ readme: 'README.md', snippet: 'new LucoApi(' }]).problems.join('\n')).toMatch(/is found in 2 blocks \(lines 2, 6\): make it unique/);
  });
});

describe('outcomeFailures', () => {
  const result = { code: 0, signal: null, stdout: 'a\n3 passed, 0 failed\n', stderr: 'note\n', timedOut: false };

  it('is empty when everything matches', () => {
    expect(outcomeFailures(result, { exit: 0, stdout: [/passed/], stderr: [/note/], output: [/a/], not: [/secret/], lastLine: /^3 passed, 0 failed$/, vars: { X: /^\d$/, Y: () => 'v' } }, {}, { X: '7', Y: 'v' })).toEqual([]);
  });

  it('names every difference', () => {
    const failures = outcomeFailures({ ...result, code: 2, timedOut: true }, { exit: 0, stdout: [/missing/], not: [/note/], lastLine: /^9 passed/, vars: { X: /^\d$/, Y: () => 'v', Z: /./ } }, {}, { X: 'x', Y: 'w' });
    expect(failures).toEqual([
      'it did not finish in time (killed)',
      'exit code 2, expected 0',
      'stdout does not match /missing/',
      'the output matches /note/, which it must not',
      'the last line of stdout is "3 passed, 0 failed", expected /^9 passed/',
      'it sets $X to another value than expected (/^\\d$/)',
      'it sets $Y to another value than expected',
      'it leaves $Z unset',
    ]);
  });

  it('shows output without the secrets it knows', () => {
    expect(shown('id=1 secret=s3cr3t', ['s3cr3t'])).toBe('id=1 secret=[REDACTED]');
  });
});

describe('substitute', () => {
  it('replaces placeholders, and refuses one the text no longer holds', () => {
    const ctx = { url: 'http://127.0.0.1:4000' };
    expect(substitute('luco login --base-url http://127.0.0.1:8080 --token-url http://127.0.0.1:8080/t', [['http://127.0.0.1:8080', (c) => c.url]], ctx)).toBe(
      'luco login --base-url http://127.0.0.1:4000 --token-url http://127.0.0.1:4000/t',
    );
    expect(() => substitute('npm start', [['https://luco.example.com', () => 'x']], ctx)).toThrow(/no longer holds/);
  });
});

describe('running commands', () => {
  it('carries the variables a command assigns to the next command of its block', async () => {
    const session = { stateFile: join(folder, 'state.sh'), names: [] };
    const run = (text) => runCommand({ text, cwd: folder, env: process.env, session, scriptFile: join(folder, 'step.sh') });
    expect(assignedNames('export A=1 B="x y"; SLOT=$(echo 5) rows=2')).toEqual(['A', 'B', 'SLOT', 'rows']);
    expect((await run('SLOT=$(echo 42)   # a comment')).code).toBe(0);
    expect(readState(session.stateFile)).toEqual({ SLOT: '42' });
    const second = await run('export SUB="$(( SLOT + 1 ))"; echo "slot $SLOT"; exit 3');
    expect(second).toMatchObject({ code: 3, stdout: 'slot 42\n' });
    // A command that exits on its own leaves its variables unsaved; the earlier ones stay.
    expect(readState(session.stateFile)).toEqual({ SLOT: '42' });
  });

  it('gives stdin, and kills a command that runs past its timeout', async () => {
    expect(await runCommand({ text: 'read line; echo "got $line"', cwd: folder, env: process.env, stdin: 'hello\n', scriptFile: join(folder, 'stdin.sh') })).toMatchObject({ code: 0, stdout: 'got hello\n' });
    const slow = await runCommand({ text: 'sleep 30', cwd: folder, env: process.env, scriptFile: join(folder, 'slow.sh'), timeoutMs: 300 });
    expect(slow.timedOut).toBe(true);
  });

  it('stops a long-running command as Ctrl-C does, with the status the command gives', async () => {
    const handle = startCommand({
      text: `node -e "process.on('SIGINT', () => { console.log('stopping'); process.exit(0); }); console.log('up'); setInterval(() => {}, 1000)"`,
      cwd: folder,
      env: process.env,
      scriptFile: join(folder, 'serve.sh'),
    });
    await handle.waitFor(/^up$/m, 10_000);
    const stopped = await handle.stop('SIGINT');
    expect(stopped).toMatchObject({ code: 0, leftover: false });
    expect(handle.output().stdout).toBe('up\nstopping\n');
  });

  it('reports at once a command that ends before printing what it is waited for', async () => {
    const handle = startCommand({ text: 'echo failing; exit 1', cwd: folder, env: process.env, scriptFile: join(folder, 'early.sh') });
    const started = Date.now();
    await expect(handle.waitFor(/never/, 60_000)).rejects.toThrow(/exited before printing/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe('the real manifest', () => {
  it('says for every entry how it is run and checked, and why when not as written', async () => {
    const { MANIFEST } = await import('./manifest.mjs');
    const { describeCheck } = await import('./coverage.mjs');
    for (const entry of MANIFEST) {
      const text = describeCheck(entry);
      expect(text).toMatch(/Checks: (?!none)/);
      if (entry.instead) expect(text).toContain(`NOT AS WRITTEN (${entry.instead.why})`);
    }
  });
});
