// Polytomous runs next to the 2PL run: 500-step Fluid Benchmarking runs on 14,042 five-category items (GRM and
// GPCM) and on a 2PL bank of the same size, timed in one process so the ratios compare like with like. Each
// run's result is checked (500 distinct items, finite abilities) so no timed work is dead code.
//
//   node bench/poly.bench.mjs     prints the table and writes the "Polytomous" section of bench/RESULTS.md
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ItemBank, PolytomousItemBank, SeededRandom, fluidBenchmarkingMany, initSync, simulateCategories } from '@fluidbench/core';
import { machineFacts, markdownTable } from './lib/report.mjs';
import { timeRepeated } from './lib/timing.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const N_ITEMS = 14_042;
const N_CHECKPOINTS = 10;
const N_MAX = 500;
const CATEGORIES = 5;
const SEED = 1611;

/** A seeded bank: a ~ LogNormal(0, 0.5) in [0.2, 4]; four thresholds around a centre ~ N(0, 1.5²). */
function makeBank(rng) {
  const a = new Float64Array(N_ITEMS);
  const thresholds = [];
  for (let i = 0; i < N_ITEMS; i++) {
    a[i] = Math.min(4, Math.max(0.2, Math.exp(0.5 * rng.nextNormal())));
    const centre = 1.5 * rng.nextNormal();
    const steps = Array.from({ length: CATEGORIES - 1 }, () => 0.3 + rng.next());
    let t = centre - steps.reduce((s, x) => s + x, 0) / 2;
    thresholds.push(steps.map((step) => (t += step)));
  }
  return { a, thresholds };
}

/** Responses drawn from each bank's own probabilities (item-major, one uniform per answer; core draws graded ones). */
function simulate(bank, rng, thetas) {
  if (!(bank instanceof ItemBank)) return simulateCategories(bank, thetas, { rng });
  const columns = thetas.map(() => new Float64Array(bank.size));
  for (let i = 0; i < bank.size; i++) {
    thetas.forEach((theta, k) => {
      columns[k][i] = rng.next() < 1 / (1 + Math.exp(-bank.a[i] * (theta - bank.b[i]))) ? 1 : 0;
    });
  }
  return columns;
}

function check(results) {
  for (const run of results) {
    if (new Set(run.items).size !== N_MAX || !run.abilities.every(Number.isFinite)) throw new Error('a run went wrong');
  }
  return results;
}

/**
 * Times 500-step runs of every case; returns rows `{ name, msPerRun, bestMsPerRun, cpuMsPerRun, setupMs }`
 * (cpuMsPerRun: the process's CPU time over the timed runs; setupMs: the bank's engine and its first batch of
 * runs, with everything built once per bank).
 */
export function benchPoly() {
  initSync();
  const rng = new SeededRandom(SEED);
  const { a, thresholds } = makeBank(rng);
  const thetas = Array.from({ length: N_CHECKPOINTS }, () => rng.nextNormal());
  const banks = [
    ['2PL (b = the middle threshold)', new ItemBank({ a, b: thresholds.map((t) => t[(CATEGORIES - 1) >> 1]) })],
    ['GRM, 5 categories', new PolytomousItemBank({ model: 'grm', a, thresholds })],
    ['GPCM, 5 categories', new PolytomousItemBank({ model: 'gpcm', a, thresholds })],
  ];
  return banks.map(([name, bank]) => {
    const created = performance.now();
    bank.engine?.();
    const engineMs = performance.now() - created;
    const columns = simulate(bank, rng, thetas);
    // the first run also builds what selection precomputes lazily (the graded banks' cell table)
    const first = performance.now();
    check(fluidBenchmarkingMany(columns, bank, { nMax: N_MAX }));
    const setupMs = engineMs + (performance.now() - first);
    const run = () => check(fluidBenchmarkingMany(columns, bank, { nMax: N_MAX }));
    const cpu = process.cpuUsage();
    const timing = timeRepeated(run, { minRepeats: 5, budgetMs: 4000, maxRepeats: 40, warmUp: false });
    const { user, system } = process.cpuUsage(cpu);
    // CPU time is less sensitive than wall time to other jobs on a shared machine
    const cpuMsPerRun = (user + system) / 1000 / (timing.repeats * N_CHECKPOINTS);
    return { name, msPerRun: timing.ms / N_CHECKPOINTS, bestMsPerRun: timing.bestMs / N_CHECKPOINTS, cpuMsPerRun, setupMs };
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = benchPoly();
  const facts = machineFacts();
  const base = rows[0].msPerRun;
  const table = markdownTable(
    ['bank (14,042 items, n_max 500, MAP, MFI)', 'ms/run (median)', 'best ms/run', '× 2PL', 'CPU ms/run (mean)', '× 2PL (CPU)', 'setup ms (engine + first 10 runs)'],
    rows.map((row) => [
      row.name, row.msPerRun.toFixed(2), row.bestMsPerRun.toFixed(2), `×${(row.msPerRun / base).toFixed(1)}`,
      row.cpuMsPerRun.toFixed(2), `×${(row.cpuMsPerRun / rows[0].cpuMsPerRun).toFixed(1)}`, row.setupMs.toFixed(0),
    ]),
  );
  const section = `## Polytomous\n\nWritten by \`node bench/poly.bench.mjs\` on ${new Date().toISOString().slice(0, 10)}; ${facts.cpu}, ${facts.cores} cores, `
    + `Node ${facts.node}, one-minute load ${facts.load.toFixed(1)} (the machine is shared: the ratios compare runs of the same moment).\n`
    + `${N_CHECKPOINTS} simulated checkpoints per bank, \`fluidBenchmarkingMany\`, times per run. The 2PL bank uses the pruned MFI search. `
    + 'Graded banks (packages/irt-wasm/assembly/poly-select.ts) walk, for the cell of the ability range θ lies in, a list of the items '
    + 'with the largest information bounds on that cell (bounds from the information\'s relative slope, built once per bank), and fall '
    + 'back to a scan by peak information when the list runs out; each item costs one exponential per θ; the ability update reuses the '
    + 'last step\'s sums and steps Newton with the observed information. Before these (same bench, 2026-11-29): GRM ×11.4, GPCM ×11.5.\n\n'
    + `${table}\n`;
  process.stdout.write(`${section}\n`);
  const path = join(repoRoot, 'bench', 'RESULTS.md');
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf('## Polytomous');
  const end = start < 0 ? -1 : text.indexOf('\n## ', start + 1);
  const next = start < 0 ? `${text.trimEnd()}\n\n${section}` : `${text.slice(0, start)}${section}${end < 0 ? '' : text.slice(end)}`;
  writeFileSync(path, next);
}
