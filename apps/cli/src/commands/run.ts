import { defineCommand } from 'citty';
import { InvalidArgumentError, fluidBenchmarkingMany, type FluidResult } from '@fluidbench/core';
import { adaptiveArgs, adaptiveOptions } from '../adaptive-args';
import { numberArgument } from '@fluidbench/data';
import { FORMATS, choiceArg, estimatorArg, inputArgs, integerArg, loadInputs, numberArg } from '../inputs';
import { checkDistinctOutputs, emit, log, reportErrors, table } from '../output';

/** `fluid run`: Fluid Benchmarking for every chosen checkpoint. */
export const runCommand = defineCommand({
  meta: { name: 'run', description: 'adaptive evaluation (Fluid Benchmarking) of each checkpoint on an IRT bank' },
  args: {
    ...inputArgs,
    'n-max': { type: 'string', description: 'item budget', default: '500' },
    ...adaptiveArgs,
    seed: { type: 'string', description: 'seed of the random selector', default: '0' },
    'min-se': { type: 'string', description: 'stop once the standard error falls below S' },
  },
  run: ({ args }) =>
    reportErrors(async () => {
      const format = choiceArg('output-format', args['output-format'], FORMATS);
      const options = {
        nMax: integerArg('n-max', args['n-max'], 500, 1),
        estimator: estimatorArg(args.estimator),
        seed: integerArg('seed', args.seed, 0),
        minSe: minSeArg(args['min-se']),
        binarize: !args['keep-scores'],
      };
      const explicitStart = numberArg('start', args.start);
      checkDistinctOutputs({ out: args.out }, { irt: args.irt, responses: args.responses });
      const { bank, checkpoints, columns, defaultStart } = await loadInputs(args);
      const start = explicitStart ?? defaultStart;
      log(args.quiet, `fluid run: ${checkpoints.length} checkpoint(s), ${bank.size} items, ${options.estimator.toUpperCase()}, n_max ${options.nMax}, start ${start}`);
      const results = fluidBenchmarkingMany(columns, bank, { ...options, ...adaptiveOptions(args, bank), start });
      emit(format === 'jsonl' ? toJsonl(checkpoints, results) : toTable(checkpoints, results), args.out);
    }),
});

function minSeArg(value: string | undefined): number {
  return value === undefined ? 0 : numberArgument('min-se', value, { min: 0 });
}

function toJsonl(checkpoints: string[], results: FluidResult[]): string {
  return results
    .map((r, k) => `${JSON.stringify({
      checkpoint: checkpoints[k], items: r.items, item_ids: r.itemIds, abilities: r.abilities, se: r.se, stop_reason: r.stopReason,
    })}\n`)
    .join('');
}

function toTable(checkpoints: string[], results: FluidResult[]): string {
  return table(
    ['checkpoint', 'items', 'ability', 'se', 'stop'],
    results.map((r, k) => [
      checkpoints[k], r.items.length, r.abilities.at(-1)?.toFixed(4) ?? '', r.se.at(-1)?.toFixed(4) ?? '', r.stopReason,
    ]),
  );
}
