// One unit of the grid: one benchmark × one LM, every checkpoint, every method. Runs in a worker (or in the
// main thread with --workers 1) and returns the unit's JSONL lines, so the caller appends them in one write.
import { DimensionError, ItemBank, PolytomousItemBank, abilityMany, fluidBenchmarkingMany, fullAccuracy, iterateEvals, itemsToReachSe, normalizeResponses } from '@fluidbench/core';
import { checkAlignment, filterBenchmark, readResponsesCsv, type Benchmark, type ResponseTable } from '@fluidbench/data/node';
import { fluidBenchmarkingBatched } from '@fluidbench/harness';
import { categoriesOf } from './graded';
import { contentBalancedRuns, randomesqueRuns } from './rule-methods';
import { polytomousBank, syntheticColumns } from './synthetic';
import type { GradedBank, ResponseRecipe } from './world';

/** Everything a worker needs for one unit (structured-cloneable). */
export interface UnitTask {
  benchmark: string;
  lm: string;
  checkpoints: string[];
  ids: string[];
  a: Float64Array;
  b: Float64Array;
  /** Fluid Benchmarking starts here: the leaderboard's mean ability on the benchmark. */
  startAbility: number;
  nMax: number;
  /** Dynamic stopping: the SE below which a run may stop (mean gap between adjacent leaderboard LMs). */
  seThreshold: number;
  sampleSizes: number[];
  /** One subset per sample size, shared by every LM and checkpoint of the benchmark. */
  subsets: Int32Array[];
  recipe: ResponseRecipe;
  /** Batch sizes k > 1: each adds `abilities_fb_batch_<k>` to the rows. */
  batches?: number[];
  /** "Fluid Benchmarking, randomesque k" (k ≥ 2): adds `abilities_fb_randomesque_<k>` and `items_fb_randomesque_<k>`. */
  randomesque?: number;
  /** "Fluid Benchmarking + content balancing" over MMLU subjects: adds `abilities_fb_content` and `items_fb_content`. */
  content?: boolean;
  /** Seed of the rules' draws (column c uses seed + c). */
  rulesSeed?: number;
  /** The graded method: adds `full_ability_graded`, `abilities_fb_graded` and `items_fb_graded`. */
  graded?: GradedBank;
  /** Where the graded method starts: the leaderboard's mean graded ability when known, else `startAbility`. */
  gradedStart?: number;
  /** Item budget of the randomesque, content and graded methods (default `nMax`). */
  methodsNMax?: number;
}

export interface UnitResult {
  benchmark: string;
  lm: string;
  /** The unit's rows, one JSON object a line, each ending in a newline. */
  lines: string;
  rows: number;
}

/** What a worker sends back: the unit's rows, or the one-line message of an error in the input files. */
export type UnitOutcome = UnitResult | { failure: string };

/** One row of experiments.jsonl: the reference's keys (in its order), then ours. */
export type ExperimentRow = Record<string, number | number[] | string | null>;

// Banks are cached per worker: building one is cheap, but its WASM engine is worth keeping.
const banks = new Map<string, ItemBank>();
const gradedBanks = new Map<string, PolytomousItemBank>();
// The last results files read (each holds all six benchmarks; units of one LM tend to come together).
const tables = new Map<string, Promise<ResponseTable>>();
const CACHED_TABLES = 2;

function bankOf(task: UnitTask): ItemBank {
  const key = `${task.benchmark}:${task.a.length}`;
  let bank = banks.get(key);
  if (!bank) {
    bank = new ItemBank({ ids: task.ids, a: task.a, b: task.b });
    banks.set(key, bank);
  }
  return bank;
}

/** The graded bank of a task, kept per worker under its parameters (a bank fitted per run differs from the file's). */
function gradedBankOf(task: UnitTask, graded: GradedBank): PolytomousItemBank {
  let checksum = 0;
  graded.thresholds.forEach((row, i) => {
    checksum += graded.a[i] * (i + 1);
    row.forEach((t, k) => { checksum += t * (i + k + 2); });
  });
  const key = `${task.benchmark}:${task.a.length}:${graded.model}:${checksum}`;
  let bank = gradedBanks.get(key);
  if (!bank) {
    bank = polytomousBank(graded, task.ids);
    gradedBanks.set(key, bank);
  }
  return bank;
}

async function columnsOf(task: UnitTask): Promise<Float64Array[]> {
  const recipe = task.recipe;
  if (recipe.kind === 'synthetic') return syntheticColumns(recipe, task);
  let table = tables.get(recipe.path);
  if (!table) {
    // raw scores: core binarizes them for the paper's methods; the graded method maps them to categories
    table = readResponsesCsv(recipe.path, { binarize: false });
    tables.set(recipe.path, table);
    if (tables.size > CACHED_TABLES) tables.delete(tables.keys().next().value!);
  }
  const rows = filterBenchmark(await table, recipe.benchmark as Benchmark);
  checkAlignment(task.ids, rows.ids, { irtFile: recipe.irtFile, responsesFile: `${recipe.path} (${recipe.benchmark} rows)` });
  return rows.columns;
}

/**
 * Runs every method of the paper's grid on one unit: full accuracy and ability, accuracy and ability on
 * each random subset, and Fluid Benchmarking (n_max items, MAP, from the leaderboard's mean ability), with
 * a few batched WASM calls for all checkpoints at once.
 *
 * @example
 * ```ts
 * const result = await runUnit(task);
 * result.rows === task.checkpoints.length; // returns true
 * ```
 */
export async function runUnit(task: UnitTask): Promise<UnitResult> {
  const bank = bankOf(task);
  const columns = await columnsOf(task);
  if (columns.length !== task.checkpoints.length) {
    throw new DimensionError(`${task.lm} on ${task.benchmark}: response columns`, columns.length, task.checkpoints.length);
  }
  const full = abilityMany(columns, bank, null);
  const random = iterateEvals(columns, bank, { sampleSizes: task.sampleSizes, subsets: task.subsets });
  const fluid = fluidBenchmarkingMany(columns, bank, { nMax: task.nMax, start: task.startAbility });
  const methodsNMax = task.methodsNMax ?? task.nMax;
  const ruleSettings = { nMax: methodsNMax, start: task.startAbility, seed: task.rulesSeed ?? 0 };
  const binary = task.randomesque || task.content ? columns.map((column) => normalizeResponses(column, bank.size)) : [];
  const randomesque = task.randomesque ? randomesqueRuns(binary, bank, task.randomesque, ruleSettings) : null;
  const content = task.content ? contentBalancedRuns(binary, bank, 'mmlu', ruleSettings) : null;
  let graded: { full: Float64Array; runs: { items: number[]; abilities: number[] }[] } | null = null;
  if (task.graded) {
    const gradedBank = gradedBankOf(task, task.graded);
    const categories = columns.map((column) => categoriesOf(column, task.graded!.scoreValues));
    graded = {
      full: abilityMany(categories, gradedBank, null).theta,
      runs: fluidBenchmarkingMany(categories, gradedBank, { nMax: methodsNMax, start: task.gradedStart ?? task.startAbility }),
    };
  }
  let lines = '';
  columns.forEach((column, c) => {
    const row: ExperimentRow = { full_accuracy: fullAccuracy(column), full_ability: full.theta[c] };
    random.sampleSizes.forEach((n, s) => (row[`random_accuracy_${n}`] = random.accuracy[s][c]));
    random.sampleSizes.forEach((n, s) => (row[`random_ability_${n}`] = random.ability[s][c]));
    row.abilities_fb = fluid[c].abilities;
    row.items_fb = fluid[c].items;
    if (randomesque) {
      row[`abilities_fb_randomesque_${task.randomesque}`] = randomesque[c].abilities;
      row[`items_fb_randomesque_${task.randomesque}`] = randomesque[c].items;
    }
    if (content) {
      row.abilities_fb_content = content[c].abilities;
      row.items_fb_content = content[c].items;
    }
    if (graded) {
      row.full_ability_graded = graded.full[c];
      row.abilities_fb_graded = graded.runs[c].abilities;
      row.items_fb_graded = graded.runs[c].items;
    }
    row.benchmark = task.benchmark;
    row.lm = task.lm;
    row.checkpoint = task.checkpoints[c];
    row.n_items_dynamic_fb = itemsToReachSe(fluid[c].se, task.seThreshold);
    for (const batch of task.batches ?? []) {
      row[`abilities_fb_batch_${batch}`] = fluidBenchmarkingBatched(column, bank, { batch, nMax: task.nMax, start: task.startAbility }).abilities;
    }
    lines += `${JSON.stringify(row)}\n`;
  });
  return { benchmark: task.benchmark, lm: task.lm, lines, rows: columns.length };
}
