import { defineCommand } from 'citty';
import { AdaptiveTest, ItemBank, SeededRandom, fullAbility, fullAccuracy, initSync, simulateResponses } from '@fluidbench/core';
import { integerArg, numberArg } from '../inputs';
import { reportErrors, table } from '../output';

/** Spread of the generated bank: log a ~ N(0, 0.5²) clipped to [0.2, 4], b ~ N(0, 1.5²) (the paper's banks look alike). */
const LOG_A_SD = 0.5;
const B_SD = 1.5;
/** A demo bank beyond this is a typo, not a demo (and would take minutes). */
const MAX_DEMO_ITEMS = 1_000_000;

/**
 * A seeded bank and one simulated LM's answers, made on the spot (nothing to download).
 *
 * @example
 * ```ts
 * generateDemo(100, 0.5, 1).bank.size; // returns 100
 * ```
 */
export function generateDemo(nItems: number, trueTheta: number, seed: number) {
  const rng = new SeededRandom(seed);
  const a = Array.from({ length: nItems }, () => Math.min(4, Math.max(0.2, Math.exp(LOG_A_SD * rng.nextNormal()))));
  const b = Array.from({ length: nItems }, () => B_SD * rng.nextNormal());
  const ids = a.map((_, i) => `demo_${i}`);
  const bank = new ItemBank({ ids, a, b });
  const [answers] = simulateResponses(bank, [trueTheta], { rng });
  return { bank, answers };
}

/** `fluid demo`: one adaptive run on a generated bank, step by step. */
export const demoCommand = defineCommand({
  meta: { name: 'demo', description: 'an adaptive test on a generated bank, offline, with a readable table' },
  args: {
    items: { type: 'string', description: 'bank size', default: '1000' },
    'n-max': { type: 'string', description: 'items to administer', default: '30' },
    theta: { type: 'string', description: 'true ability of the simulated LM', default: '0.8' },
    seed: { type: 'string', description: 'seed of the bank and the answers', default: '1' },
  },
  run: ({ args }) =>
    reportErrors(() => {
      initSync();
      const nItems = integerArg('items', args.items, 1000, 1, MAX_DEMO_ITEMS);
      const nMax = integerArg('n-max', args['n-max'], 30, 1);
      const trueTheta = numberArg('theta', args.theta, 0.8)!;
      const { bank, answers } = generateDemo(nItems, trueTheta, integerArg('seed', args.seed, 1));
      const test = new AdaptiveTest(bank, { nMax });
      const rows: (string | number)[][] = [];
      while (!test.done) {
        const item = test.next();
        const state = test.record(answers[item.index]);
        const k = state.items.length - 1;
        rows.push([k + 1, item.id, bank.a[item.index].toFixed(2), bank.b[item.index].toFixed(2), answers[item.index], state.abilities[k].toFixed(3), state.se[k].toFixed(3)]);
      }
      const full = fullAbility(answers, bank);
      process.stdout.write(`Fluid Benchmarking demo: a simulated LM with true ability ${trueTheta} on a generated ${nItems}-item 2PL bank.\n\n`);
      process.stdout.write(table(['step', 'item', 'a', 'b', 'correct', 'ability', 'se'], rows));
      process.stdout.write(
        `\nAfter ${test.state.items.length} items (${test.stopDetail}): ability ${test.theta.toFixed(3)} ± ${test.state.currentSe.toFixed(3)}.\n` +
          `All ${nItems} items: ability ${full.toFixed(3)}, accuracy ${(100 * fullAccuracy(answers)).toFixed(1)}%.\n`,
      );
    }),
});
