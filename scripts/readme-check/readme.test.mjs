// Every command and snippet of the READMEs, run as written on a fresh clone of this repository,
// one test each, in README order (README.md, then packages/*/README.md), with the outcome the
// manifest (manifest.mjs) expects. A README command without a manifest entry fails here, and so
// does an entry whose command is no longer in any README.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { extractAll } from './extract.mjs';
import { MANIFEST } from './manifest.mjs';
import { describeEntry, planChecks } from './plan.mjs';
import { finishRun, prepareRun, repositoryRoot, runStep, stepTimeout } from './run-step.mjs';
import { Services } from './services.mjs';

const repo = repositoryRoot(fileURLToPath(new URL('.', import.meta.url)));
const plan = planChecks(extractAll(repo), MANIFEST);
// A README command that runs the tests, inside this check, must not start it again.
const nested = process.env.LUCOTS_README_CHECK === 'nested';
const short = (text) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 110 ? `${line.slice(0, 107)}...` : line;
};

describe.skipIf(nested)('the READMEs and the manifest agree', () => {
  it('every manifest entry is well formed and pairs with one README item', () => {
    if (plan.problems.length > 0) throw new Error(plan.problems.join('\n'));
  });
  for (const item of plan.unmatched) {
    it(`${item.readme}:${item.line} has a manifest entry: ${short(item.text)}`, () => {
      throw new Error(`${item.readme}:${item.line}: this ${item.kind} has no entry in scripts/readme-check/manifest.mjs, so nothing checks it. Add one that says how to run it and what it must do:\n${item.text}`);
    });
  }
  for (const entry of plan.stale) {
    it(`manifest entry still in ${entry.readme}: ${short(describeEntry(entry))}`, () => {
      throw new Error(`scripts/readme-check/manifest.mjs has an entry for ${describeEntry(entry)}, which ${entry.readme} no longer holds: update or remove it`);
    });
  }
});

describe.skipIf(nested)('every README command, as written, on a fresh clone', () => {
  let ctx;
  beforeAll(async () => {
    ctx = await prepareRun(repo);
  }, 900_000);
  afterAll(async () => {
    if (ctx) await finishRun(ctx);
  }, 120_000);

  for (const step of plan.steps) {
    const { item, entry } = step;
    const name = `${item.readme}:${item.line} ${item.kind === 'command' ? short(item.text) : `${item.kind} (${short(describeEntry(entry))})`}`;
    it(
      name,
      async (test) => {
        if (entry.postgres && !Services.hasPostgres()) {
          // As for the server's PostgreSQL tests: visible when skipped here, an error in CI.
          if (process.env.CI === 'true') throw new Error('no PostgreSQL binaries (initdb) on this machine; CI must run this command');
          console.warn(`*** ${item.readme}:${item.line} SKIPPED: no PostgreSQL binaries (initdb) on this machine ***`);
          test.skip();
        }
        await runStep(step, ctx, plan.steps);
      },
      stepTimeout(step),
    );
  }
});
