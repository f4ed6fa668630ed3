import { readFileSync } from 'node:fs';
import { defineCommand } from 'citty';
import { InvalidArgumentError, ItemBank, SELECTORS, SeededRandom, fluidBenchmarkingMany, initSync, simulationDiagnostics, type Selector } from '@fluidbench/core';
import { parseIrtCsv } from '@fluidbench/data';
import { adaptiveArgs, adaptiveOptions } from '../adaptive-args';
import { FORMATS, choiceArg, integerArg, listOf, numberArg } from '../inputs';
import { emit, log, reportErrors, table, writeAtomically } from '../output';

/**
 * Simulated LMs' responses to every item of a bank: column k answers item i correctly with probability
 * P_i(θ_k), drawn from one seeded generator in item-major order, so a seed always gives the same file.
 *
 * @example
 * ```ts
 * simulateResponses(new ItemBank({ a: [1], b: [0] }), [0], 1).columns[0].length; // returns 1
 * ```
 */
export function simulateResponses(bank: ItemBank, thetas: readonly number[], seed: number): { columns: Uint8Array[] } {
  const rng = new SeededRandom(seed);
  const columns = thetas.map(() => new Uint8Array(bank.size));
  for (let i = 0; i < bank.size; i++) {
    thetas.forEach((theta, k) => {
      columns[k][i] = rng.next() < bank.probability(i, theta) ? 1 : 0;
    });
  }
  return { columns };
}

/** `fluid simulate`: responses of simulated LMs of known ability, as a responses CSV `fluid run` reads. */
export const simulateCommand = defineCommand({
  meta: { name: 'simulate', description: 'responses of simulated LMs of known ability to a bank (a responses CSV)' },
  args: {
    irt: { type: 'string', description: 'IRT model CSV: item id, a, b (optional c, d)', required: true },
    theta: { type: 'string', description: 'true abilities (repeat or comma-separate); default: --count draws from N(--mean, --sd²)' },
    count: { type: 'string', description: 'how many abilities to draw when --theta is not given', default: '10' },
    mean: { type: 'string', description: 'mean of the drawn abilities', default: '0' },
    sd: { type: 'string', description: 'SD of the drawn abilities', default: '1' },
    seed: { type: 'string', description: 'seed of the draws', default: '0' },
    out: { type: 'string', description: 'write the responses CSV to FILE (atomically) instead of stdout' },
    truth: { type: 'string', description: 'also write `checkpoint,theta` (the true abilities) to FILE' },
    quiet: { type: 'boolean', description: 'no logs on stderr', default: false },
    diagnose: { type: 'string', description: 'run adaptive tests with these selectors (comma-separated) and report bias, RMSE, exposure, overlap on stdout' },
    'n-max': { type: 'string', description: 'item budget of the diagnosed tests', default: '50' },
    format: { type: 'string', description: 'diagnostics as table | jsonl', default: 'table' },
    randomesque: adaptiveArgs.randomesque,
    content: adaptiveArgs.content,
    'content-targets': adaptiveArgs['content-targets'],
    stop: adaptiveArgs.stop,
  },
  run: ({ args }) =>
    reportErrors(() => {
      initSync(); // the item response function is the engine's
      const bank = new ItemBank(parseIrtCsv(readFileSync(args.irt, 'utf8'), { file: args.irt }));
      const seed = numberArg('seed', args.seed, 0)!;
      if (!Number.isInteger(seed)) throw new InvalidArgumentError('--seed', args.seed, 'must be an integer');
      const given = listOf(args.theta).map((value) => numberArg('theta', value)!);
      let thetas = given;
      if (given.length === 0) {
        const count = numberArg('count', args.count, 10)!;
        if (!(Number.isInteger(count) && count >= 1)) throw new InvalidArgumentError('--count', args.count, 'must be a positive integer');
        const mean = numberArg('mean', args.mean, 0)!;
        const sd = numberArg('sd', args.sd, 1)!;
        if (!(sd >= 0)) throw new InvalidArgumentError('--sd', args.sd, 'must be ≥ 0');
        const draws = new SeededRandom(seed ^ 0x5bd1e995);
        thetas = Array.from({ length: count }, () => mean + sd * draws.nextNormal());
      }
      const names = thetas.map((_, k) => `sim_${k}`);
      const { columns } = simulateResponses(bank, thetas, seed);
      const rows = bank.ids.map((id, i) => `${csvCell(id)},${columns.map((column) => column[i]).join(',')}`);
      log(args.quiet, `fluid simulate: ${thetas.length} simulated LM(s) on ${bank.size} items, seed ${seed}`);
      if (args.truth) writeAtomically(args.truth, `checkpoint,theta\n${thetas.map((theta, k) => `${names[k]},${theta}`).join('\n')}\n`);
      const csv = `id,${names.join(',')}\n${rows.join('\n')}\n`;
      if (args.diagnose === undefined) {
        emit(csv, args.out);
        return;
      }
      // diagnostics go to stdout; the responses only to --out
      const format = choiceArg('format', args.format, FORMATS);
      const selectors = listOf(args.diagnose).map((name) => choiceArg('diagnose', name, SELECTORS));
      const options = { ...adaptiveOptions({ ...args, selector: 'mfi' }, bank), nMax: integerArg('n-max', args['n-max'], 50, 1), seed };
      const reports = selectors.map((selector) => diagnose(bank, columns, thetas, selector, options));
      if (args.out) writeAtomically(args.out, csv);
      emit(format === 'jsonl' ? reports.map((r) => `${JSON.stringify(r)}\n`).join('') : diagnosticsTable(reports), undefined);
    }),
});

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

type Diagnosis = ReturnType<typeof diagnose>;

/** One selector's adaptive tests on the simulated responses, summarized (JSONL keys). */
function diagnose(bank: ItemBank, columns: Uint8Array[], thetas: number[], selector: Selector, options: Parameters<typeof fluidBenchmarkingMany>[2]) {
  const runs = fluidBenchmarkingMany(columns, bank, { ...options, selector });
  const d = simulationDiagnostics(runs, thetas, bank.size);
  return {
    selector, simulees: thetas.length, bias: d.bias, rmse: d.rmse, rmse_by_decile: d.rmseByDecile, mean_items: d.meanItems,
    exposure_min: d.exposure.min, exposure_max: d.exposure.max, never_used: d.exposure.neverUsed, overlap: d.overlap,
  };
}

function diagnosticsTable(reports: Diagnosis[]): string {
  const f = (x: number) => (Number.isNaN(x) ? '' : x.toFixed(3));
  return table(
    ['selector', 'bias', 'rmse', 'rmse by decile (low → high)', 'items', 'exposure max', 'never used', 'overlap'],
    reports.map((r) => [r.selector, f(r.bias), f(r.rmse), r.rmse_by_decile.map(f).join(' '), r.mean_items.toFixed(1), f(r.exposure_max), f(r.never_used), f(r.overlap)]),
  );
}
