import { CliError } from '../exit-codes.js';
import { readAll } from './input.js';

/**
 * Reads a secret from stdin. From a pipe (`printf %s "$S" | luco login --client-secret-stdin`)
 * it is the whole input less its final line break; on a terminal it is one line typed with echo
 * off, so it never shows on screen or in a scrollback.
 */
export async function readSecret(stdin: NodeJS.ReadStream, prompt: (text: string) => void, label = 'Client secret'): Promise<string> {
  if (!stdin.isTTY) return (await readAll(stdin)).replace(/\r?\n$/, '');
  prompt(`${label}: `);
  return new Promise<string>((resolve, reject) => {
    let secret = '';
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.resume();
    const finish = (error?: Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      prompt('\n');
      if (error) reject(error);
      else resolve(secret);
    };
    const onData = (chunk: string): void => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new CliError('cancelled'));
        if (char === '\u007f' || char === '\b') secret = secret.slice(0, -1);
        else secret += char;
      }
    };
    stdin.on('data', onData);
  });
}
