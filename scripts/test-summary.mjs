#!/usr/bin/env node
// Reads vitest's JSON report (npm test writes it to .test-results/vitest.json) and prints the plain
// closing line CI reads: "N passed, N failed".
// Skipped and todo tests are reported separately so they are never counted as passes.
import { readFileSync } from 'node:fs';

// `--exit-code N`: how the test command ended. Vitest exits 1 for an error outside any test (an
// unhandled rejection or exception) that its JSON report does not record; that run is not green.
const args = process.argv.slice(2);
const exitAt = args.indexOf('--exit-code');
const testExitCode = exitAt >= 0 ? Number(args.splice(exitAt, 2)[1]) : 0;
const file = args[0] ?? '.test-results/vitest.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`test-summary: cannot read ${file}: ${error.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
// A file that fails to load has no test results, so count it as a failure too.
const failedSuites = (report.testResults ?? []).filter((suite) => suite.status === 'failed' && (suite.assertionResults ?? []).length === 0).length;
let failed = (report.numFailedTests ?? 0) + failedSuites;
if (failed === 0 && testExitCode !== 0) {
  console.log(`the test command exited ${testExitCode} with no failed test: an error outside the tests (see "Unhandled Errors" above), counted as one failure`);
  failed = 1;
}
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
// The closing line must stay exactly "N passed, N failed": skipped tests get a line of their own before it.
if (skipped > 0) console.log(`${skipped} skipped (not counted)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
