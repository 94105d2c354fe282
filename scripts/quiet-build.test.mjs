// scripts/quiet-build.mjs: `npm start` and `npm test` show the build's output only when it fails.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./quiet-build.mjs', import.meta.url));
const quietBuild = (...command) => spawnSync(process.execPath, [SCRIPT, '--', ...command], { encoding: 'utf8' });

describe('quiet-build', () => {
  it('prints one line and none of the build\'s output when the build works', () => {
    const result = quietBuild(process.execPath, '-e', "console.log('CLI Building entry: src/index.ts'); console.error('DTS Build success')");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('Building the packages...\n');
  });

  it('shows all of it, in order, and exits with the build\'s code when the build fails', () => {
    const result = quietBuild(process.execPath, '-e', "console.log('step 1'); console.error('src/a.ts(3,1): error TS2304'); process.exit(3)");
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('step 1\n');
    expect(result.stderr).toContain('src/a.ts(3,1): error TS2304');
    expect(result.stderr).toMatch(/The build failed \(exit code 3\): its output is above/);
  });

  it('fails when the build cannot be started', () => {
    const result = quietBuild('/nonexistent/build-tool');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/could not run \/nonexistent\/build-tool/);
  });
});
