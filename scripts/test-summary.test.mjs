import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./test-summary.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'lucots-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function summarise(report, ...args) {
  const file = join(dir, `${Math.random()}.json`);
  writeFileSync(file, JSON.stringify(report));
  try {
    return { code: 0, stdout: execFileSync(process.execPath, [SCRIPT, file, ...args], { encoding: 'utf8' }) };
  } catch (error) {
    return { code: error.status, stdout: error.stdout };
  }
}

const green = { numPassedTests: 12, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, testResults: [], success: true };

describe('scripts/test-summary.mjs', () => {
  it('prints N passed, N failed from the JSON report', () => {
    expect(summarise(green)).toEqual({ code: 0, stdout: '12 passed, 0 failed\n' });
    expect(summarise({ ...green, numFailedTests: 2 })).toMatchObject({ code: 1, stdout: '12 passed, 2 failed\n' });
  });

  it('counts a failed test command with no failed test (an unhandled error vitest keeps out of its report) as one failure', () => {
    const outcome = summarise(green, '--exit-code', '1');
    expect(outcome.code).toBe(1);
    expect(outcome.stdout.trimEnd().split('\n').at(-1)).toBe('12 passed, 1 failed');
    expect(summarise(green, '--exit-code', '0')).toEqual({ code: 0, stdout: '12 passed, 0 failed\n' });
  });
});
