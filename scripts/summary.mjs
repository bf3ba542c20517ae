#!/usr/bin/env node
// Prints the unit and e2e counts from reports/ and a last plain "N passed, N failed" line.
// Errors outside tests (a spec that fails to load, a failed test file) count as failures.
// Exits 1 when a suite's report is missing, a suite ran no tests, or anything failed.
import { existsSync, readFileSync } from 'node:fs';

function read(path) {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    console.error(`summary: ${path} is not valid JSON (${error.message})`);
    return null;
  }
}

const rows = [];
let broken = false;

const vitest = read('reports/vitest.json');
if (vitest) {
  const fileErrors = (vitest.testResults ?? []).filter(
    (file) => file.status === 'failed' && !file.assertionResults?.length,
  );
  rows.push({
    name: 'unit',
    passed: vitest.numPassedTests ?? 0,
    failed: vitest.numFailedTests ?? 0,
    errors: fileErrors.length,
  });
} else {
  console.error('summary: reports/vitest.json is missing (unit tests did not run)');
  broken = true;
}

const playwright = read('reports/playwright.json');
if (playwright?.stats) {
  const { expected = 0, flaky = 0, unexpected = 0 } = playwright.stats;
  rows.push({ name: 'e2e', passed: expected + flaky, failed: unexpected, errors: playwright.errors?.length ?? 0 });
  for (const error of playwright.errors ?? [])
    console.error(`e2e error: ${String(error.message ?? '').split('\n')[0]}`);
} else {
  console.error('summary: reports/playwright.json is missing (e2e tests did not run)');
  broken = true;
}

let passed = 0;
let failed = 0;
for (const row of rows) {
  const failures = row.failed + row.errors;
  const note = row.errors ? ` (${row.errors} error${row.errors === 1 ? '' : 's'} outside tests)` : '';
  console.log(`${row.name}: ${row.passed} passed, ${failures} failed${note}`);
  if (row.passed + failures === 0) {
    console.error(`summary: no ${row.name} tests ran`);
    broken = true;
  }
  passed += row.passed;
  failed += failures;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(broken || passed === 0 || failed > 0 ? 1 : 0);
