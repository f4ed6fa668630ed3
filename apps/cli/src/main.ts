import { defineCommand } from 'citty';

/** The `fluid` command; subcommands load lazily so `fluid run` never pays for `fluid fit`. */
export const main = defineCommand({
  meta: {
    name: 'fluid',
    version: '0.1.0',
    description: 'Fluid Benchmarking: adaptive, IRT-based evaluation of language models',
  },
  subCommands: {
    run: () => import('./commands/run').then((m) => m.runCommand),
    estimate: () => import('./commands/estimate').then((m) => m.estimateCommand),
    fit: () => import('./commands/fit').then((m) => m.fitCommand),
    demo: () => import('./commands/demo').then((m) => m.demoCommand),
    data: () => import('./commands/data').then((m) => m.dataCommand),
    simulate: () => import('./commands/simulate').then((m) => m.simulateCommand),
    eval: () => import('./commands/eval').then((m) => m.evalCommand),
  },
});
