// Adds up the summaries scripts/test.mjs wrote (one folder per run: Node 20's full suite, then the quick
// suites under Node 22 and 24) and prints the one closing line CI reads: `vitest: N passed, N failed`.
// Usage: node scripts/sum-test-reports.mjs DIR... ; exits non-zero on any failure or a missing summary.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
for (const dir of process.argv.slice(2)) {
  const file = join(dir, 'summary.json');
  if (!existsSync(file)) {
    console.log(`${dir}: no summary (the run crashed before reporting)`);
    failed++;
    continue;
  }
  const summary = JSON.parse(readFileSync(file, 'utf8'));
  console.log(`${dir}: Node ${summary.node}: ${summary.passed} passed, ${summary.failed} failed`);
  passed += summary.passed;
  failed += summary.failed;
}
console.log(`vitest: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
