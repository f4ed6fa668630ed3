// `pnpm fuzz`: the property-based fuzz campaign of @fluidbench/core (packages/core/test/fuzz.test.ts) at a
// large case budget, and a report of what it found: bench/fuzz-report.json and bench/fuzz-report.md.
//
//   node scripts/fuzz.mjs [--runs 100000] [--seed N]
//
// --runs is the case budget per property before its cost fraction (CI runs 1000); --seed replays a run
// (fast-check's seed, printed in a failure's counterexample). Exits 1 when any property failed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const DEFAULT_RUNS = 100_000;
const FAILURE_EXCERPT = 1_500;

const { values } = parseArgs({ options: { runs: { type: 'string' }, seed: { type: 'string' } }, strict: true });
const runs = values.runs === undefined ? DEFAULT_RUNS : Number(values.runs);
if (!(Number.isInteger(runs) && runs >= 1)) throw new Error(`--runs: must be a positive integer (got ${JSON.stringify(values.runs)})`);
if (values.seed !== undefined && !Number.isInteger(Number(values.seed))) throw new Error(`--seed: must be an integer (got ${JSON.stringify(values.seed)})`);

const root = fileURLToPath(new URL('..', import.meta.url));
const reportDir = join(root, '.vitest-reports');
const vitestReport = join(reportDir, 'fuzz.json');
rmSync(vitestReport, { force: true });
mkdirSync(reportDir, { recursive: true });

const env = { ...process.env, FLUIDBENCH_FUZZ_RUNS: String(runs) };
if (values.seed !== undefined) env.FLUIDBENCH_FUZZ_SEED = values.seed;
const started = Date.now();
const run = spawnSync(
  'pnpm',
  ['exec', 'vitest', 'run', 'test/fuzz.test.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`],
  { cwd: join(root, 'packages/core'), stdio: 'inherit', env },
);
const seconds = (Date.now() - started) / 1000;

let result;
try {
  result = JSON.parse(readFileSync(vitestReport, 'utf8'));
} catch {
  console.error(`fuzz: vitest wrote no report (exit status ${run.status})`);
  process.exit(1);
}

const properties = (result.testResults ?? []).flatMap((file) => file.assertionResults ?? []).map((test) => {
  const cases = Number(/\[(\d+) cases\]$/.exec(test.title)?.[1] ?? NaN);
  return {
    property: test.title.replace(/ \[\d+ cases\]$/, ''),
    group: (test.ancestorTitles ?? []).join(' > '),
    cases,
    status: test.status,
    seconds: (test.duration ?? 0) / 1000,
    failure: test.status === 'failed' ? (test.failureMessages ?? []).join('\n').slice(0, FAILURE_EXCERPT) : null,
  };
});
const failed = properties.filter((p) => p.status !== 'passed');
const report = {
  date: new Date().toISOString(),
  machine: `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}, ${process.platform}`,
  runsPerProperty: runs,
  seed: values.seed ?? null,
  totalCases: properties.reduce((sum, p) => sum + (Number.isFinite(p.cases) ? p.cases : 0), 0),
  seconds,
  failed: failed.length,
  properties,
};

const lines = [
  '# Fuzz report (`pnpm fuzz`)',
  '',
  `${report.date}, ${report.machine}. Budget ${runs} cases per property (scaled by each property's cost)${report.seed ? `, seed ${report.seed}` : ''}.`,
  `${report.totalCases} cases in ${seconds.toFixed(0)} s; ${failed.length} of ${properties.length} properties failed.`,
  '',
  '| property | cases | seconds | result |',
  '|---|---:|---:|---|',
  ...properties.map((p) => `| ${p.property} | ${p.cases} | ${p.seconds.toFixed(1)} | ${p.status} |`),
  ...failed.flatMap((p) => ['', `## ${p.property}`, '', '```text', p.failure ?? '', '```']),
  '',
];

// write both reports through temporary files, so an interrupted run leaves the previous ones whole
for (const [name, text] of [['fuzz-report.json', `${JSON.stringify(report, null, 2)}\n`], ['fuzz-report.md', lines.join('\n')]]) {
  const path = join(root, 'bench', name);
  writeFileSync(`${path}.partial`, text);
  renameSync(`${path}.partial`, path);
}
console.log(`fuzz: ${report.totalCases} cases, ${failed.length} failed properties, ${seconds.toFixed(0)} s (bench/fuzz-report.md)`);
process.exitCode = failed.length > 0 || run.status !== 0 ? 1 : 0;
