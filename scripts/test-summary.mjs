#!/usr/bin/env node
// Reads vitest's JSON report (npm test writes it to .test-results/vitest.json) and prints the plain
// closing line CI reads: "N passed, N failed".
// Skipped and todo tests are reported separately so they are never counted as passes.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.test-results/vitest.json';
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
const failed = (report.numFailedTests ?? 0) + failedSuites;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
// The closing line must stay exactly "N passed, N failed": skipped tests get a line of their own before it.
if (skipped > 0) console.log(`${skipped} skipped (not counted)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
