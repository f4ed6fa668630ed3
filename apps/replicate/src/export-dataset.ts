// Writes a world in the paper's dataset layout, so the synthetic world can be read back with `--data DIR`
// or fed to other tools (the reference's Python scripts read the same files).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError } from '@fluidbench/core';
import { formatCsv, formatIrtCsv, formatPolyIrtCsv } from '@fluidbench/data';
import { LEADERBOARD_GRADED_KEY, gradedBankFile } from './dataset-world';
import { writeAtomically } from './store';
import { syntheticColumns } from './synthetic';
import type { World } from './world';

/**
 * Writes `data/irt_models/{benchmark}.csv`, `data/lm_eval_results/{lm}.csv` (rows of every benchmark, one
 * column per checkpoint) and `data/open_llm_leaderboard_results.json` for a synthetic world, and for a graded
 * benchmark its graded bank in the fork's layout (`{benchmark}_grm_items.csv`, `{benchmark}_metadata.json`). Reading the
 * folder back with `--data DIR` reproduces the synthetic run's rows exactly.
 *
 * @example
 * ```ts
 * const files = writeDataset(syntheticWorld({ scale: 0.05 }), 'synthetic-dataset');
 * files.length; // returns 15 (6 models, a graded bank and its metadata, 6 results files, the leaderboard)
 * ```
 */
export function writeDataset(world: World, dir: string): string[] {
  const written: string[] = [];
  const write = (path: string, text: string) => {
    const target = join(dir, ...path.split('/'));
    mkdirSync(join(target, '..'), { recursive: true });
    writeAtomically(target, text);
    written.push(target);
  };
  // data's CSV writer: numbers in the shortest text that parses back to the same double
  for (const benchmark of world.benchmarks) {
    write(`data/irt_models/${benchmark.name}.csv`, formatIrtCsv({ ids: benchmark.ids, a: benchmark.a, b: benchmark.b }));
    const graded = benchmark.graded;
    if (!graded) continue;
    // the fork's layout for a graded bank; the metadata also carries the leaderboard's graded abilities (ours)
    write(`data/irt_models/${gradedBankFile(benchmark.name, graded.model)}`, formatPolyIrtCsv({ ids: benchmark.ids, model: graded.model, a: graded.a, thresholds: graded.thresholds }));
    const leaderboardGraded = benchmark.leaderboard.gradedAbility;
    write(`data/irt_models/${benchmark.name}_metadata.json`, `${JSON.stringify({
      score_values: graded.scoreValues,
      ...(leaderboardGraded ? { [LEADERBOARD_GRADED_KEY]: Object.fromEntries(benchmark.leaderboard.names.map((name, k) => [name, leaderboardGraded[k]])) } : {}),
    })}\n`);
  }
  for (const lm of world.lms) {
    const rows: (string | number)[][] = [];
    for (const benchmark of world.benchmarks) {
      const recipe = world.recipe(benchmark, lm);
      if (recipe.kind !== 'synthetic') throw new InvalidArgumentError('--write-dataset', world.description, 'only the synthetic world can be written out');
      const columns = syntheticColumns(recipe, benchmark);
      benchmark.ids.forEach((id, i) => rows.push([id, ...columns.map((column) => column[i])]));
    }
    write(`data/lm_eval_results/${lm.name}.csv`, formatCsv(['', ...lm.checkpoints], rows));
  }
  const leaderboard = Object.fromEntries(world.benchmarks.map((b) => [b.name, {
    accuracy: Object.fromEntries(b.leaderboard.names.map((name, k) => [name, b.leaderboard.accuracy[k]])),
    ability: Object.fromEntries(b.leaderboard.names.map((name, k) => [name, b.leaderboard.ability[k]])),
  }]));
  write('data/open_llm_leaderboard_results.json', `${JSON.stringify(leaderboard)}\n`);
  return written;
}
