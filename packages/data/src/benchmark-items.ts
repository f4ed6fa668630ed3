// Builds a benchmark's live items: its bank's ids joined by text with the source dataset's documents, each
// turned into the leaderboard harness's prompt with the few-shot examples that harness would draw.
// Browser-safe: parquet bytes are read elsewhere and handed in as rows.
import { InvalidArgumentError } from './errors';
import { joinItems, type JoinReport } from './item-join';
import { LEADERBOARD_TASKS, type LeaderboardTask } from './leaderboard-tasks';
import type { LiveItem } from './live-items';
import { PythonRandom } from './python-random';
import type { SourceRows } from './source-rows';
import { BENCHMARKS, isBenchmark, type Benchmark } from './tables';

/** The seed lm-evaluation-harness gives the generator that orders documents and draws few-shot examples. */
export const HARNESS_SEED = 42;

/** What {@link buildBenchmarkItems} needs. */
export interface BuildItemsInput {
  benchmark: Benchmark;
  /** The bank's item ids (the IRT model's), in its order; items are returned in this order. */
  ids: readonly string[];
  /** The parsed `id_to_item_map.json`. */
  itemMap: Record<string, unknown>;
  /** Rows of the evaluated split, in the dataset's order (files concatenated). */
  evalRows: readonly SourceRows[];
  /** Rows of the few-shot split; unused for zero-shot benchmarks. */
  shotRows?: readonly SourceRows[];
  /** Few-shot examples per prompt. Default: the leaderboard's (25, 10, 5, 0, 5, 5). */
  shots?: number;
  /** Default {@link HARNESS_SEED}, which reproduces the leaderboard's examples. */
  seed?: number;
  /** Name of the item map in error messages. */
  itemMapFile?: string;
}

/** How a build went: the join's counts plus what was built and with which examples. */
export interface ItemsReport extends JoinReport {
  benchmark: Benchmark;
  /** Items written (the bank minus those left out). */
  built: number;
  shots: number;
  seed: number;
}

/**
 * Builds the items of one benchmark (see {@link BuildItemsInput}); items without a unique source document
 * are left out and listed in the report.
 *
 * @throws {InvalidArgumentError} for a shot count the benchmark cannot give; {@link DataFormatError} for a
 *   malformed source row or item map entry.
 * @example
 * ```ts
 * const { items, report } = buildBenchmarkItems({ benchmark: 'gsm8k', ids, itemMap, evalRows: [test], shotRows: [train] });
 * items[0].type;  // returns 'generate'
 * report.built;   // returns the number of items with a gold answer
 * ```
 */
export function buildBenchmarkItems(input: BuildItemsInput): { items: LiveItem[]; report: ItemsReport } {
  if (!isBenchmark(input.benchmark)) throw new InvalidArgumentError('benchmark', input.benchmark, `must be one of ${BENCHMARKS.join(', ')}`);
  const task: LeaderboardTask<unknown> = LEADERBOARD_TASKS[input.benchmark];
  const shots = input.shots ?? task.defaultShots;
  const seed = input.seed ?? HARNESS_SEED;
  if (!Number.isInteger(shots) || shots < 0) throw new InvalidArgumentError('shots', shots, 'expected an integer ≥ 0');
  if (task.shotSampling === 'none' && shots > 0) {
    throw new InvalidArgumentError('shots', shots, `${input.benchmark} is zero-shot only (its prompt already holds six fixed question-answer pairs)`);
  }
  const docs = parseAll(task, input.evalRows);
  const shotDocs = shots > 0 ? parseAll(task, input.shotRows ?? []) : [];
  const { matches, report } = joinItems(task, input.ids, input.itemMap, docs, input.itemMapFile);
  const wanted = new Set(matches.values());
  const shotsOf = task.shotSampling === 'random' ? drawShots(docs.length, shotDocs.length, shots, seed, wanted) : firstOfGroup(task, docs, shotDocs, shots, wanted);
  const items = input.ids
    .filter((id) => matches.has(id))
    .map((id) => {
      const position = matches.get(id)!;
      return task.buildItem(id, docs[position], (shotsOf.get(position) ?? []).map((k) => shotDocs[k]));
    });
  return { items, report: { benchmark: input.benchmark, ...report, built: items.length, shots, seed } };
}

function parseAll<Doc>(task: LeaderboardTask<Doc>, sources: readonly SourceRows[]): Doc[] {
  return sources.flatMap((source) => source.rows.map((row, k) => task.parseRow(row, { file: source.file, row: k + 1 })));
}

/**
 * The harness's order of draws (evaluator.py and base.py at the leaderboard's commit): one generator seeded
 * once per task shuffles the documents, then draws `rnd.sample(training_docs, k)` for each document in the
 * shuffled order. Every document consumes draws, so all are walked; only the wanted ones are kept.
 */
function drawShots(nDocs: number, nShotDocs: number, shots: number, seed: number, wanted: ReadonlySet<number>): Map<number, number[]> {
  const drawn = new Map<number, number[]>();
  if (shots === 0) return drawn; // the harness draws nothing for zero-shot
  if (shots > nShotDocs) throw new InvalidArgumentError('shots', shots, `the few-shot split has only ${nShotDocs} examples`);
  const random = new PythonRandom(seed);
  const order = random.shuffle(Array.from({ length: nDocs }, (_, k) => k));
  for (const position of order) {
    const sample = random.sample(nShotDocs, shots);
    if (wanted.has(position)) drawn.set(position, sample);
  }
  return drawn;
}

/** MMLU: the first `shots` documents of the subject's dev split, in order, the same for every question. */
function firstOfGroup<Doc>(task: LeaderboardTask<Doc>, docs: readonly Doc[], shotDocs: readonly Doc[], shots: number, wanted: ReadonlySet<number>): Map<number, number[]> {
  const byGroup = new Map<string, number[]>();
  shotDocs.forEach((doc, k) => {
    const group = task.groupOf(doc);
    byGroup.set(group, [...(byGroup.get(group) ?? []), k]);
  });
  const chosen = new Map<number, number[]>();
  for (const position of wanted) {
    if (shots === 0) break;
    const group = task.groupOf(docs[position]);
    const pool = byGroup.get(group) ?? [];
    if (pool.length < shots) throw new InvalidArgumentError('shots', shots, `the few-shot split has only ${pool.length} examples for "${group}"`);
    chosen.set(position, pool.slice(0, shots));
  }
  return chosen;
}
