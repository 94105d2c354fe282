#!/usr/bin/env node
// Builds the packages for `npm start` and `npm test` without filling the terminal: the build's
// output (tsup's and tsc's lines) is kept and shown only when the build fails, then this exits
// with the build's code. One line says what is happening, as the build takes a while.
//   node scripts/quiet-build.mjs                 # npm run build --silent
//   node scripts/quiet-build.mjs -- <command...>  # another build command (for tests)
import { spawn } from 'node:child_process';

const separator = process.argv.indexOf('--');
const [command, ...args] = separator >= 0 ? process.argv.slice(separator + 1) : ['npm', 'run', 'build', '--silent'];
if (!command) {
  console.error('quiet-build: nothing to run after --');
  process.exit(2);
}

process.stderr.write('Building the packages...\n');
// One buffer for both streams, so a failure reads in the order it happened.
const output = [];
const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
child.stdout.on('data', (chunk) => output.push(chunk));
child.stderr.on('data', (chunk) => output.push(chunk));
child.once('error', (error) => {
  process.stderr.write(`quiet-build: could not run ${command}: ${error.message}\n`);
  process.exit(1);
});
child.once('close', (code, signal) => {
  if (code === 0) return;
  process.stderr.write(Buffer.concat(output));
  process.stderr.write(`\nThe build failed (${signal ? `killed by ${signal}` : `exit code ${code}`}): its output is above.\n`);
  process.exit(code || 1);
});
