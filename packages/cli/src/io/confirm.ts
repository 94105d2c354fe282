import { createInterface } from 'node:readline';

/**
 * Asks a yes/no question on a terminal: the question on stderr, one line read from stdin. Only
 * `y` or `yes` (any case) is a yes; anything else, or the end of input, is a no.
 */
export async function confirm(stdin: NodeJS.ReadStream, prompt: (text: string) => void, question: string): Promise<boolean> {
  prompt(`${question} [y/N] `);
  const lines = createInterface({ input: stdin, terminal: false });
  try {
    for await (const line of lines) return /^\s*y(es)?\s*$/i.test(line);
    return false;
  } finally {
    lines.close();
  }
}
