// What `fluid eval --benchmark B` evaluates: the paper's IRT bank of B, shrunk to the items that have a gold
// answer, the items built from the source datasets (on first use; cache afterwards), and the paper's start.
import { InvalidArgumentError, ItemBank } from '@fluidbench/core';
import type { Item } from '@fluidbench/harness';
import { listOf, progressBar } from '../inputs';

/** One benchmark, ready for `evaluate`. */
export interface BenchmarkEvaluation {
  benchmark: string;
  bank: ItemBank;
  items: Item[];
  /** The mean ability of the benchmark's leaderboard LMs. */
  start: number;
  /** Bank items without a gold answer, left out. */
  leftOut: number;
  /** The items file in the cache. */
  itemsPath: string;
}

/**
 * Loads every benchmark named in `--benchmark` (comma-separated or repeated), cache first.
 *
 * @example
 * ```ts
 * const [mmlu] = await loadBenchmarkEvaluations('mmlu', { revision: 'main', quiet: true });
 * mmlu.bank.size === mmlu.items.length; // returns true
 * ```
 */
export async function loadBenchmarkEvaluations(
  value: string | string[],
  options: { revision: string; quiet: boolean; shots?: number },
): Promise<BenchmarkEvaluation[]> {
  const { BENCHMARKS, isBenchmark, ensureBenchmarkItems, formatItemsJsonl, loadIrtModel, loadLeaderboardResults, meanLeaderboardAbility } = await import('@fluidbench/data/node');
  const { parseItemsJsonl } = await import('@fluidbench/harness');
  const names = listOf(value);
  if (names.length === 0) throw new InvalidArgumentError('--benchmark', value, `name at least one of ${BENCHMARKS.join(', ')}`);
  for (const name of names) {
    if (!isBenchmark(name)) throw new InvalidArgumentError('--benchmark', name, `must be one of ${BENCHMARKS.join(', ')}`);
    if (names.indexOf(name) !== names.lastIndexOf(name)) throw new InvalidArgumentError('--benchmark', name, 'is named twice');
  }
  const hub = { revision: options.revision, onProgress: progressBar(options.quiet) };
  const leaderboard = await loadLeaderboardResults(hub);
  const evaluations: BenchmarkEvaluation[] = [];
  for (const benchmark of names as (typeof BENCHMARKS)[number][]) {
    const built = await ensureBenchmarkItems(benchmark, { ...hub, shots: options.shots });
    // Through the harness's own parser: the same checks as an items file given with --items.
    const items = parseItemsJsonl(formatItemsJsonl(built.items), { file: built.path });
    const irt = await loadIrtModel(benchmark, hub);
    const keep = new Set(items.map((item) => item.id));
    const rows = irt.ids.flatMap((id, row) => (keep.has(id) ? [row] : []));
    const pick = (column: Float64Array | undefined) => (column ? Float64Array.from(rows, (row) => column[row]) : undefined);
    const bank = new ItemBank({ ids: rows.map((row) => irt.ids[row]), a: pick(irt.a)!, b: pick(irt.b)!, c: pick(irt.c), d: pick(irt.d) });
    evaluations.push({ benchmark, bank, items, start: meanLeaderboardAbility(leaderboard, benchmark), leftOut: irt.ids.length - rows.length, itemsPath: built.path });
  }
  return evaluations;
}
