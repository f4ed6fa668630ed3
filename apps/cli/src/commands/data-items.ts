import { join } from 'node:path';
import { defineCommand } from 'citty';
import { InvalidArgumentError } from '@fluidbench/core';
import { progressBar } from '../inputs';
import { emit, log, reportErrors, table, writeAtomically } from '../output';

/** How many left-out ids a warning lists before it says "and N more". */
const LISTED_IDS = 5;

/** `fluid data items`: the live items (`fluid eval` format) of the paper's benchmarks, built into the cache. */
export const dataItemsCommand = defineCommand({
  meta: { name: 'items', description: "build the items `fluid eval` asks (the leaderboard harness's prompts, gold answers from the source datasets)" },
  args: {
    benchmark: { type: 'string', description: 'arc_challenge, gsm8k, hellaswag, mmlu, truthfulqa_mc2, winogrande, or all', required: true },
    shots: { type: 'string', description: "few-shot examples per prompt (default: the leaderboard's: 25, 5, 10, 5, 0, 5)" },
    out: { type: 'string', description: 'also write the items to FILE (with all: into folder FILE, one <benchmark>.jsonl each)' },
    rebuild: { type: 'boolean', description: 'build again even when the cache has the items', default: false },
    revision: { type: 'string', description: 'dataset revision (branch or commit)', default: 'main' },
    quiet: { type: 'boolean', description: 'no progress or warnings on stderr', default: false },
  },
  run: ({ args }) =>
    reportErrors(async () => {
      const { BENCHMARKS, isBenchmark, ensureBenchmarkItems, formatItemsJsonl } = await import('@fluidbench/data/node');
      const all = args.benchmark === 'all';
      if (!all && !isBenchmark(args.benchmark)) throw new InvalidArgumentError('--benchmark', args.benchmark, `must be one of ${BENCHMARKS.join(', ')}, or all`);
      const shots = shotsArg(args.shots);
      const benchmarks = all ? [...BENCHMARKS] : [args.benchmark as (typeof BENCHMARKS)[number]];
      const rows: (string | number)[][] = [];
      for (const benchmark of benchmarks) {
        const built = await ensureBenchmarkItems(benchmark, { revision: args.revision, shots, rebuild: args.rebuild, onProgress: progressBar(args.quiet) });
        const { report } = built;
        warnLeftOut(args.quiet, benchmark, 'matched several documents', report.ambiguous);
        warnLeftOut(args.quiet, benchmark, 'matched no document', report.unmatched);
        warnLeftOut(args.quiet, benchmark, 'are not in the item map', report.missing);
        if (args.out) writeAtomically(all ? join(args.out, `${benchmark}.jsonl`) : args.out, formatItemsJsonl(built.items));
        rows.push([benchmark, report.items, report.exact, report.normalized, report.ambiguous.length, report.unmatched.length + report.missing.length, report.built, report.shots, built.fromCache ? 'cache' : 'built', built.path]);
      }
      emit(table(['benchmark', 'items', 'exact', 'normalized', 'ambiguous', 'unmatched', 'kept', 'shots', 'source', 'path'], rows), undefined);
    }),
});

function shotsArg(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const shots = Number(value);
  if (value.trim() === '' || !Number.isInteger(shots) || shots < 0) throw new InvalidArgumentError('--shots', value, 'must be a whole number ≥ 0');
  return shots;
}

function warnLeftOut(quiet: boolean, benchmark: string, why: string, ids: readonly string[]): void {
  if (ids.length === 0) return;
  const listed = ids.slice(0, LISTED_IDS).join(', ') + (ids.length > LISTED_IDS ? `, and ${ids.length - LISTED_IDS} more` : '');
  log(quiet, `fluid data items: ${benchmark}: ${ids.length} item(s) left out (no gold answer) because they ${why}: ${listed}`);
}
