// Runs every vitest project once, writes a JSON report, and prints the one closing line CI reads:
// `vitest: N passed, N failed`. Exits non-zero on any failure, on a crash, or when no test ran.
// With FLUIDBENCH_NO_SKIP=1 (CI sets it: CI has ../shared, numpy and Chromium) a skipped or todo test counts
// as a failure and is named, so a test that silently stopped running cannot pass.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// VITEST_REPORT_DIR keeps the reports of several runs apart (CI runs the quick suites again under Node 22 and 24).
const reportDir = process.env.VITEST_REPORT_DIR || '.vitest-reports';
const report = join(reportDir, 'report.json');
const noSkip = process.env.FLUIDBENCH_NO_SKIP === '1';
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync('pnpm', ['exec', ...args], { stdio: 'inherit' });
let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed = result.numPassedTests ?? 0;
  failed = (result.numFailedTests ?? 0) + (result.numRuntimeErrorTestSuites ?? 0);
  for (const suite of result.testResults ?? []) if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failed++;
  if (noSkip) {
    const skipped = (result.testResults ?? []).flatMap((suite) =>
      (suite.assertionResults ?? []).filter((test) => test.status !== 'passed' && test.status !== 'failed').map((test) => `${suite.name}: ${test.fullName} (${test.status})`));
    for (const name of skipped) console.log(`FLUIDBENCH_NO_SKIP: ${name}`);
    failed += skipped.length;
  }
} else {
  failed = 1;
}
writeFileSync(join(reportDir, 'summary.json'), `${JSON.stringify({ node: process.version, passed, failed })}\n`);
console.log(`vitest: ${passed} passed, ${failed} failed`);
process.exitCode = run.status !== 0 || failed > 0 || passed === 0 ? 1 : 0;
