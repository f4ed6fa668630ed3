// Polytomous calibration times (fitPolytomous, `fluid fit --model`): GRM, GPCM and PCM banks of five categories
// at the LM-benchmark shape of the tests (1,000 items × 100 LMs) and the paper's shape (28,659 items × 102 LMs),
// simulated from known parameters with a seeded generator. Every fit is checked (converged, thresholds
// recovered with a correlation above a floor), so none of the timed work is dead code.
//
//   node bench/fit-polytomous.bench.mjs   prints the table and writes the "Fitting graded banks" section of bench/RESULTS.md
//   import { benchFit } from './fit-polytomous.bench.mjs'; benchFit()  → [{ name, ms }, …] for bench/run.mjs
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PolytomousItemBank, SeededRandom, fitPolytomous, initSync, pearson, simulateCategories } from '@fluidbench/core';
import { machineFacts, markdownTable, writeAtomically } from './lib/report.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SEED = 1616;
const CATEGORIES = 5;
/** The weak priors of `fluid fit --priors weak` (its default). */
const WEAK = { aPrior: [0, 0.5], bPrior: [0, 2] };
const GOAL_MS = 30_000;

/** A seeded bank (a ~ LogNormal(0, 0.3); four thresholds around a centre ~ N(0, 1), 0.3–1.3 apart) and its categories. */
function simulate(model, nItems, nSubjects, seed) {
  const rng = new SeededRandom(seed);
  const a = Float64Array.from({ length: nItems }, () => (model === 'pcm' ? 1 : Math.exp(0.3 * rng.nextNormal())));
  const thresholds = Array.from({ length: nItems }, () => {
    const steps = Array.from({ length: CATEGORIES - 1 }, () => 0.3 + rng.next());
    let t = rng.nextNormal() - steps.reduce((s, x) => s + x, 0) / 2;
    return steps.map((step) => (t += step));
  });
  const bank = new PolytomousItemBank({ model, a, thresholds });
  const thetas = Array.from({ length: nSubjects }, () => rng.nextNormal());
  const columns = simulateCategories(bank, thetas, { rng });
  return { thresholds: thresholds.flat(), columns };
}

/** Fits once, checks the result, returns the row. */
function timeFit(name, model, sim, floor) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const fit = fitPolytomous(sim.columns, { model, categories: CATEGORIES, ...WEAK });
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  if (!fit.diagnostics.converged) throw new Error(`${name}: did not converge (${fit.diagnostics.iterations} iterations)`);
  const r = pearson(fit.table.thresholds.flatMap((row) => Array.from(row)), sim.thresholds);
  if (!(r > floor)) throw new Error(`${name}: thresholds recovered with correlation ${r} ≤ ${floor}`);
  return { name, ms, cpuMs, iterations: fit.diagnostics.iterations, correlation: r };
}

/**
 * Times the polytomous fits; one row per case `{ name, ms, cpuMs, iterations, correlation }` (wall and CPU time:
 * the fit runs on one thread, so on a quiet machine the two agree).
 *
 * @example
 * ```js
 * const rows = benchFit();
 * rows[0].name; // 'GRM, 5 categories, 1,000 items × 100 LMs'
 * ```
 */
export function benchFit() {
  initSync();
  const rows = [];
  for (const [model, label] of [['grm', 'GRM'], ['gpcm', 'GPCM'], ['pcm', 'PCM']]) {
    rows.push(timeFit(`${label}, ${CATEGORIES} categories, 1,000 items × 100 LMs`, model, simulate(model, 1000, 100, SEED), 0.9));
  }
  for (const [model, label] of [['grm', 'GRM'], ['gpcm', 'GPCM'], ['pcm', 'PCM']]) {
    rows.push(timeFit(`${label}, ${CATEGORIES} categories, 28,659 items × 102 LMs`, model, simulate(model, 28_659, 102, SEED + 1), 0.9));
  }
  return rows;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const before = machineFacts();
  const rows = benchFit();
  const facts = machineFacts();
  const table = markdownTable(
    ['case (weak priors, the `fluid fit` default)', 'wall s', 'CPU s', 'EM iterations', 'corr(thresholds, truth)', `goal ${GOAL_MS / 1000} s (CPU)`],
    rows.map((row) => [
      row.name, (row.ms / 1000).toFixed(2), (row.cpuMs / 1000).toFixed(2), row.iterations, row.correlation.toFixed(3),
      row.name.includes('28,659') ? (row.cpuMs < GOAL_MS ? 'met' : 'missed') : '',
    ]),
  );
  const section = '## Fitting graded banks\n\n'
    + `Written by \`node bench/fit-polytomous.bench.mjs\` on ${new Date().toISOString().slice(0, 10)}; ${facts.cpu}, ${facts.cores} cores, `
    + `Node ${facts.node}; one-minute load ${before.load.toFixed(2)} before, ${facts.load.toFixed(2)} after (other jobs share the machine). `
    + '`fitPolytomous` (MML-EM with SQUAREM on 61 nodes, tolerance 1e-5, standard errors included), one fit per case, simulated '
    + 'from known parameters (five categories; seeded), data generation not timed. The fit is single-threaded: its CPU time is '
    + 'what it takes on a quiet machine; the wall time shows the load.\n\n'
    + `${table}\n`;
  process.stdout.write(`${section}\n`);
  const path = join(repoRoot, 'bench', 'RESULTS.md');
  const text = readFileSync(path, 'utf8');
  // the section runs to the next heading or marker comment; a new one goes before the selection criteria
  const start = text.indexOf('## Fitting graded banks');
  const ends = ['\n## ', '\n<!--'].map((mark) => text.indexOf(mark, start + 1)).filter((at) => at >= 0);
  const end = start < 0 || ends.length === 0 ? -1 : Math.min(...ends) + 1;
  const anchor = text.indexOf('<!-- selection-criteria:start -->');
  const next = start >= 0
    ? `${text.slice(0, start)}${section}${end < 0 ? '' : `\n${text.slice(end)}`}`
    : anchor >= 0 ? `${text.slice(0, anchor).trimEnd()}\n\n${section}\n${text.slice(anchor)}` : `${text.trimEnd()}\n\n${section}`;
  writeAtomically(path, next);
}
