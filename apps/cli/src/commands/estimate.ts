import { defineCommand } from 'citty';
import { abilityMany, fullAccuracy, isPolytomous } from '@fluidbench/core';
import { FORMATS, choiceArg, estimatorArg, inputArgs, loadInputs, numberArg } from '../inputs';
import { checkDistinctOutputs, emit, log, reportErrors, table } from '../output';
import { gradedAccuracy } from '../poly-inputs';

/** `fluid estimate`: full-bank ability and accuracy per checkpoint. */
export const estimateCommand = defineCommand({
  meta: { name: 'estimate', description: 'full-bank ability (and accuracy) of each checkpoint' },
  args: inputArgs,
  run: ({ args }) =>
    reportErrors(async () => {
      const format = choiceArg('output-format', args['output-format'], FORMATS);
      const estimator = estimatorArg(args.estimator);
      const start = numberArg('start', args.start, 0);
      checkDistinctOutputs({ out: args.out }, { irt: args.irt, responses: args.responses });
      const { bank, checkpoints, columns } = await loadInputs(args);
      log(args.quiet, `fluid estimate: ${checkpoints.length} checkpoint(s), ${bank.size} items, ${estimator.toUpperCase()}`);
      const { theta, se } = abilityMany(columns, bank, null, { estimator, start, binarize: !args['keep-scores'] });
      const rows = checkpoints.map((checkpoint, k) => {
        let answered = 0;
        for (const x of columns[k]) if (!Number.isNaN(x)) answered++;
        return { checkpoint, n_items: answered, accuracy: isPolytomous(bank) ? gradedAccuracy(columns[k], bank) : fullAccuracy(columns[k], { binarize: !args['keep-scores'] }), ability: theta[k], se: se[k] };
      });
      emit(
        format === 'jsonl'
          ? rows.map((row) => `${JSON.stringify(row)}\n`).join('')
          : table(['checkpoint', 'items', 'accuracy', 'ability', 'se'], rows.map((r) => [r.checkpoint, r.n_items, r.accuracy.toFixed(4), r.ability.toFixed(4), r.se.toFixed(4)])),
        args.out,
      );
    }),
});
