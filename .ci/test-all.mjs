// `npm test`: type check, unit tests (Vitest) and browser tests (Playwright), then one line
// "N passed, N failed, N skipped" summed from their JSON reports. Exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const only = process.argv[2]; // 'unit' | 'e2e' | undefined (all)
mkdirSync('reports', { recursive: true });
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env }).status ?? 1;
const totals = { passed: 0, failed: 0, skipped: 0 };

if (only !== 'e2e') {
  const tsc = run('node_modules/.bin/tsc', ['--noEmit', '-p', '.']);
  if (tsc === 0) totals.passed++;
  else {
    totals.failed++;
    console.error('typecheck failed');
  }
  rmSync('reports/unit.json', { force: true });
  const code = run('node_modules/.bin/vitest', ['run', '--reporter=default', '--reporter=json', '--outputFile.json=reports/unit.json']);
  if (existsSync('reports/unit.json')) {
    const r = JSON.parse(readFileSync('reports/unit.json', 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests + r.numTodoTests;
    if (code !== 0 && r.numFailedTests === 0) totals.failed++; // a suite failed to load
  } else totals.failed++;
}

if (only !== 'unit') {
  rmSync('reports/e2e.json', { force: true });
  const code = run('node_modules/.bin/playwright', ['test']);
  if (existsSync('reports/e2e.json')) {
    const s = JSON.parse(readFileSync('reports/e2e.json', 'utf8')).stats;
    totals.passed += s.expected + s.flaky;
    totals.failed += s.unexpected;
    totals.skipped += s.skipped;
    if (code !== 0 && s.unexpected === 0) totals.failed++; // e.g. the web server did not start
  } else totals.failed++;
}

console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
