import { defineCommand } from 'citty';
import { ItemBank, SELECTORS, SeededRandom, fluidBenchmarkingMany, initSync, simulateCategories, simulateResponses, simulationDiagnostics, type AnyItemBank, type Selector } from '@fluidbench/core';
import { InvalidArgumentError, formatCsv, formatResponsesCsv, numberArgument } from '@fluidbench/data';
import { adaptiveArgs, adaptiveOptions } from '../adaptive-args';
import { polyArgs, readAnyBank } from '../poly-inputs';
import { FORMATS, choiceArg, integerArg, listOf, readInputFile } from '../inputs';
import { checkDistinctOutputs, emitAll, reportErrors, log, table } from '../output';

/** Seeds the ability draws apart from the response draws, so `--seed` varies both without correlating them. */
const ABILITY_SEED_SALT = 0x5bd1e995;

/** `fluid simulate`: responses of simulated LMs of known ability, as a responses CSV `fluid run` reads. */
export const simulateCommand = defineCommand({
  meta: { name: 'simulate', description: 'responses of simulated LMs of known ability to a bank (a responses CSV)' },
  args: {
    irt: { type: 'string', description: 'IRT model CSV: item id, a, b (optional c, d); a graded bank gives categories', required: true },
    model: polyArgs.model,
    theta: { type: 'string', multiple: true, description: 'true abilities (repeat or comma-separate); default: --count draws from N(--mean, --sd²)' },
    count: { type: 'string', description: 'how many abilities to draw when --theta is not given (default 10)' },
    mean: { type: 'string', description: 'mean of the drawn abilities (default 0)' },
    sd: { type: 'string', description: 'SD of the drawn abilities (default 1)' },
    seed: { type: 'string', description: 'seed of the draws', default: '0' },
    out: { type: 'string', description: 'write the responses CSV to FILE (atomically) instead of stdout' },
    truth: { type: 'string', description: 'also write `checkpoint,theta` (the true abilities) to FILE' },
    quiet: { type: 'boolean', description: 'no logs on stderr', default: false },
    diagnose: { type: 'string', description: 'run adaptive tests with these selectors (comma-separated) and report bias, RMSE, exposure, overlap on stdout' },
    'n-max': { type: 'string', description: 'item budget of the diagnosed tests', default: '50' },
    'output-format': { type: 'string', alias: 'format', description: 'diagnostics as table | jsonl (--format is the old spelling)', default: 'table' },
    randomesque: adaptiveArgs.randomesque,
    content: adaptiveArgs.content,
    'content-targets': adaptiveArgs['content-targets'],
    stop: adaptiveArgs.stop,
  },
  run: ({ args }) =>
    reportErrors(async () => {
      const seed = integerArg('seed', args.seed, 0);
      const given = listOf(args.theta, 'theta').map((value) => numberArgument('theta', value));
      let thetas = given;
      if (given.length === 0) {
        const count = integerArg('count', args.count, 10, 1);
        const mean = args.mean === undefined ? 0 : numberArgument('mean', args.mean);
        const sd = args.sd === undefined ? 1 : numberArgument('sd', args.sd, { min: 0 });
        const draws = new SeededRandom(seed ^ ABILITY_SEED_SALT);
        thetas = Array.from({ length: count }, () => mean + sd * draws.nextNormal());
      } else if (args.count !== undefined || args.mean !== undefined || args.sd !== undefined) {
        const flag = args.count !== undefined ? 'count' : args.mean !== undefined ? 'mean' : 'sd';
        throw new InvalidArgumentError(`--${flag}`, args[flag], 'draws abilities; --theta already gives them (use one or the other)');
      }
      const format = choiceArg('output-format', args['output-format'], FORMATS);
      const selectors = listOf(args.diagnose, 'diagnose').map((name) => choiceArg('diagnose', name, SELECTORS));
      checkDistinctOutputs({ out: args.out, truth: args.truth }, { irt: args.irt });
      initSync();
      readInputFile('irt', args.irt); // a clear error for a missing or unreadable file
      const read = await readAnyBank(args.irt, { model: args.model });
      const bank = read.bank ?? new ItemBank(read.irt);
      const checkpoints = thetas.map((_, k) => `sim_${k}`);
      const columns = read.bank ? simulateCategories(read.bank, thetas, { seed }) : simulateResponses(bank as ItemBank, thetas, { seed });
      log(args.quiet, `fluid simulate: ${thetas.length} simulated LM(s) on ${bank.size} items, seed ${seed}`);
      const responses = { flag: 'out', path: args.out, text: formatResponsesCsv({ ids: [...bank.ids], checkpoints, columns }, 'id') };
      const truth = args.truth ? [{ flag: 'truth', path: args.truth, text: formatCsv(['checkpoint', 'theta'], thetas.map((theta, k) => [checkpoints[k], theta])) }] : [];
      if (args.diagnose === undefined) {
        emitAll([responses, ...truth]);
        return;
      }
      // diagnostics go to stdout; the responses only to --out
      const options = { ...adaptiveOptions({ ...args, selector: 'mfi' }, bank), nMax: integerArg('n-max', args['n-max'], 50, 1), seed };
      const reports = selectors.map((selector) => diagnose(bank, columns, thetas, selector, options));
      const diagnostics = format === 'jsonl' ? reports.map((r) => `${JSON.stringify(r)}\n`).join('') : diagnosticsTable(reports);
      emitAll([...(args.out ? [responses] : []), ...truth, { flag: 'output-format', path: undefined, text: diagnostics }]);
    }),
});

type Diagnosis = ReturnType<typeof diagnose>;

/** One selector's adaptive tests on the simulated responses, summarized (JSONL keys). */
function diagnose(bank: AnyItemBank, columns: Float64Array[], thetas: number[], selector: Selector, options: Parameters<typeof fluidBenchmarkingMany>[2]) {
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
