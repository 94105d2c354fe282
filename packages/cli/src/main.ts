import { CommanderError } from 'commander';
import { errorMessage } from './errors.js';
import { EXIT, exitCodeFor, LUCO_COMMANDER_CODE } from './exit-codes.js';
import { coloursFor } from './output/colour.js';
import { buildProgram } from './program.js';
import type { Runtime } from './runtime.js';

/** The bin entry point: runs luco and exits with its code. */
export async function run(argv: string[]): Promise<void> {
  // `luco ... | head` closes stdout early: that is the reader's choice, not an error to report.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
    throw error;
  });
  const code = await main(argv, {
    env: process.env,
    streams: { stdout: process.stdout, stderr: process.stderr },
    stdin: process.stdin,
    exitCode: EXIT.ok,
  });
  await flush(process.stdout);
  await flush(process.stderr);
  // Exit explicitly: an idle keep-alive socket or a token refresh timer must not keep luco alive.
  process.exit(code);
}

/** Runs one luco invocation and returns its exit code; never throws. */
export async function main(argv: string[], runtime: Runtime): Promise<number> {
  const program = buildProgram(runtime);
  try {
    await program.parseAsync(argv);
    return runtime.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; every other commander error is a usage error, already printed.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
      // A command whose usage errors exit otherwise (sequences plan: 2 means changes pending there).
      if (error.code === LUCO_COMMANDER_CODE) return error.exitCode;
      return EXIT.usage;
    }
    const colours = coloursFor(runtime.streams.stderr, runtime.env);
    runtime.streams.stderr.write(`${colours.red('luco: error:')} ${errorMessage(error)}\n`);
    return exitCodeFor(error);
  }
}

function flush(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    stream.write('', () => resolve());
  });
}
