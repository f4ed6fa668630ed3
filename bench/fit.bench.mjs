// 2PL calibration times: LSAT7 (the classic 5-item pattern file), a 200 × 2,000 calibration and the paper's
// shape, 28,659 items × 102 subjects (simulated, seeded). Every fit is checked (converged, and b recovered
// with correlation above a floor), so none of the timed work is dead code.
//
//   node bench/fit.bench.mjs            prints the table (after `pnpm build`)
//   import { benchFit } from './fit.bench.mjs'; await benchFit()  → [{ name, ms }, …] for bench/run.mjs
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SeededRandom, fit2PL, initSync, pearson, simulateResponses } from '@fluidbench/core';
import { machineFacts, markdownTable } from './lib/report.mjs';
import { median } from './lib/timing.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SIM_SEED = 2509;
/** Weak priors of `fluid fit --priors weak` (BILOG-MG's slope prior, a wide one on b). */
const WEAK = { aPrior: [0, 0.5], bPrior: [0, 2] };

function lsat7() {
  const lines = readFileSync(join(repoRoot, 'fixtures', 'classic', 'LSAT7_patterns.csv'), 'utf8').trim().split('\n').slice(1);
  const rows = lines.map((line) => line.split(',').map(Number));
  return { columns: rows.map((row) => row.slice(0, 5)), weights: rows.map((row) => row[5]) };
}

function simulate(nItems, nSubjects, seed) {
  const rng = new SeededRandom(seed);
  const a = Float64Array.from({ length: nItems }, () => Math.exp(0.3 * rng.nextNormal()));
  const b = Float64Array.from({ length: nItems }, () => rng.nextNormal());
  const thetas = Array.from({ length: nSubjects }, () => rng.nextNormal());
  const columns = simulateResponses({ a, b }, thetas, { rng });
  return { a, b, columns };
}


/** Times `repeats` fits (median), checking each result. */
function timeFit(name, columns, options, check, repeats) {
  const times = [];
  let fit;
  for (let r = 0; r < repeats; r++) {
    const started = performance.now();
    fit = fit2PL(columns, options);
    times.push(performance.now() - started);
    if (!fit.diagnostics.converged) throw new Error(`${name}: did not converge (${fit.diagnostics.iterations} iterations)`);
    check(fit);
  }
  return { name, ms: median(times), iterations: fit.diagnostics.iterations, repeats };
}

/**
 * Runs the calibration benchmark and returns one row per case: `{ name, ms, iterations, repeats }`.
 *
 * @example
 * ```js
 * const rows = await benchFit({ quick: true });
 * rows[0].name; // 'LSAT7 (5 items × 1,000 examinees as 32 weighted patterns), MML'
 * ```
 */
export async function benchFit({ quick = false } = {}) {
  initSync();
  const rows = [];
  const classic = lsat7();
  rows.push(timeFit('LSAT7 (5 items × 1,000 examinees as 32 weighted patterns), MML', classic.columns,
    { weights: classic.weights, tolerance: 1e-9, maxIterations: 5000 },
    (fit) => {
      // ltm: a3 = 1.7066, b1 = −1.8791.
      if (Math.abs(fit.bank.a[2] - 1.7066) > 2e-3 || Math.abs(fit.bank.b[0] + 1.8791) > 2e-3) throw new Error('LSAT7: estimates off ltm');
    }, quick ? 3 : 20));
  const small = simulate(200, 2000, SIM_SEED);
  const recovered = (sim, floor) => (fit) => {
    const r = pearson(fit.bank.b, sim.b);
    if (!(r > floor)) throw new Error(`b recovered with correlation ${r} ≤ ${floor}`);
  };
  rows.push(timeFit('200 items × 2,000 subjects, MML', small.columns, {}, recovered(small, 0.99), quick ? 1 : 3));
  rows.push(timeFit('200 items × 2,000 subjects, hierarchical', small.columns, { method: 'hierarchical' }, recovered(small, 0.99), quick ? 1 : 3));
  const paper = simulate(28659, 102, SIM_SEED + 1);
  const repeats = quick ? 1 : 3;
  rows.push(timeFit('28,659 items × 102 subjects, MML, weak priors (fluid fit default)', paper.columns, WEAK, recovered(paper, 0.9), repeats));
  rows.push(timeFit('28,659 items × 102 subjects, MML, no priors', paper.columns, {}, recovered(paper, 0.75), repeats));
  rows.push(timeFit('28,659 items × 102 subjects, hierarchical (the paper\'s priors)', paper.columns, { method: 'hierarchical' }, recovered(paper, 0.9), repeats));
  return rows;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const quick = process.argv.includes('--quick');
  const rows = await benchFit({ quick });
  const facts = machineFacts();
  process.stdout.write(`fit2PL timings, ${new Date().toISOString().slice(0, 10)}, ${facts.cpu} (${facts.cores} cores), Node ${facts.node}\n\n`);
  process.stdout.write(markdownTable(['case', 'ms (median)', 'iterations', 'runs'], rows.map((row) => [row.name, row.ms.toFixed(1), row.iterations, row.repeats])));
  process.stdout.write('\n');
}
