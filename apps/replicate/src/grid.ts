// The experiment grid: builds one task per (benchmark, LM) unit, skips units already in experiments.jsonl,
// runs the rest over a worker pool and appends each unit's rows as it finishes.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { FluidError, InvalidArgumentError, SAMPLE_SIZES, mmluSubject, randomSubsets, seStoppingThreshold } from '@fluidbench/core';
import { Progress, type ProgressMode, type ProgressUnit } from './progress';
import { deriveSeed } from './seeds';
import { appendUnit, keysOfLine, recoverStore, unitKey, writeAtomically } from './store';
import { runUnit, type ExperimentRow, type UnitOutcome, type UnitResult, type UnitTask } from './unit';
import type { World } from './world';

export const EXPERIMENTS_FILE = 'experiments.jsonl';
export const MANIFEST_FILE = 'run.json';

/** How the grid runs: where it writes, the subsets' seed, the item budget, the methods and the workers. */
export interface GridSettings {
  out: string;
  /** Seed of the random subsets. */
  seed: number;
  nMax: number;
  /** Batch sizes k > 1 of the "Fluid Benchmarking (batch k)" methods. */
  batches?: number[];
  /** The adaptive-testing rule methods and the graded method (default {@link DEFAULT_METHODS}). */
  methods?: MethodSettings;
  /** Worker threads; 1 runs every unit in this thread. */
  workers: number;
  fresh: boolean;
  progress: ProgressMode;
  log: (message: string) => void;
  /** A pool started earlier (see {@link startPool}), so threads load while the world is built; the caller destroys it. */
  pool?: Piscina | null;
}

/**
 * A pool of `workers` threads, each loading the engine right away; null for one worker (the main thread
 * runs the units then).
 *
 * @example
 * ```ts
 * const pool = startPool(availableParallelism());
 * try { await runGrid(world, { ...settings, pool }); } finally { await pool?.destroy(); }
 * ```
 */
export function startPool(workers: number): Piscina | null {
  if (workers <= 1) return null;
  return new Piscina({ filename: new URL('./worker.js', import.meta.url).href, minThreads: workers, maxThreads: workers });
}

/** Which of the methods beyond the paper's run. */
export interface MethodSettings {
  /** k ≥ 2 of "Fluid Benchmarking, randomesque k" (every benchmark), or null for none. */
  randomesque: number | null;
  /** "Fluid Benchmarking + content balancing", on MMLU (the one benchmark whose items carry a group: the subject). */
  content: boolean;
  /** The graded method, on benchmarks with a graded bank. */
  graded: boolean;
  /**
   * Item budget of these methods. They cost several times the paper's path per item (the rules step out of the
   * engine's one-call replay; graded items are slower to score), so by default they stop at 100 items (budgets 10, 50, 100).
   */
  nMax: number;
}

export const DEFAULT_METHODS: Readonly<MethodSettings> = Object.freeze({ randomesque: 5, content: true, graded: true, nMax: 100 });

/**
 * Whether content balancing applies to a benchmark: MMLU, every id `mmlu_<subject>_<n>`, two subjects at least.
 *
 * @example
 * ```ts
 * contentGroupsOf({ name: 'mmlu', ids: ['mmlu_law_0', 'mmlu_art_0'] }); // returns true
 * contentGroupsOf({ name: 'gsm8k', ids: ['gsm8k_0', 'gsm8k_1'] }); // returns false
 * ```
 */
export function contentGroupsOf(benchmark: { name: string; ids: readonly string[] }): boolean {
  if (benchmark.name !== 'mmlu') return false;
  const subjects = new Set<string | null>(benchmark.ids.map(mmluSubject));
  return !subjects.has(null) && subjects.size >= 2;
}

/**
 * The row keys a unit's rows must carry for its methods (a unit without them, from an older run, is redone).
 *
 * @example
 * ```ts
 * requiredKeys({ ...task, randomesque: 5, content: true, graded: undefined, batches: [4] });
 * // returns ['abilities_fb_randomesque_5', 'abilities_fb_content', 'abilities_fb_batch_4']
 * ```
 */
export function requiredKeys(task: UnitTask): string[] {
  return [
    ...(task.randomesque ? [`abilities_fb_randomesque_${task.randomesque}`] : []),
    ...(task.content ? ['abilities_fb_content'] : []),
    ...(task.graded ? ['abilities_fb_graded'] : []),
    ...(task.batches ?? []).map((k) => `abilities_fb_batch_${k}`),
  ];
}

export interface GridOutcome {
  /** Units computed now, and units found complete from an earlier run. */
  ran: number;
  skipped: number;
  /** Rows dropped while recovering an interrupted file. */
  dropped: number;
  /** Every row of the current selection, in benchmark, LM, checkpoint order. */
  rows: ExperimentRow[];
  seconds: number;
}

/**
 * The tasks of a world's grid. Subsets come from the seed and the benchmark's name, so they do not change
 * when the selection of benchmarks or LMs does.
 *
 * @example
 * ```ts
 * const tasks = gridTasks(syntheticWorld(), 0, 500);
 * tasks.length; // returns 36
 * ```
 */
export function gridTasks(world: World, seed: number, nMax: number, batches: number[] = [], methods: MethodSettings = DEFAULT_METHODS): UnitTask[] {
  const tasks: UnitTask[] = [];
  for (const benchmark of world.benchmarks) {
    const subsets = [...randomSubsets(benchmark.a.length, { seed: deriveSeed(seed, 'subsets', benchmark.name) }).values()];
    const abilities = benchmark.leaderboard.ability;
    const startAbility = abilities.reduce((sum, x) => sum + x, 0) / abilities.length;
    const seThreshold = seStoppingThreshold(abilities);
    const content = methods.content && contentGroupsOf(benchmark);
    const graded = methods.graded ? benchmark.graded : undefined;
    const gradedAbilities = benchmark.leaderboard.gradedAbility;
    const gradedStart = gradedAbilities ? gradedAbilities.reduce((sum, x) => sum + x, 0) / gradedAbilities.length : benchmark.graded?.start ?? startAbility;
    for (const lm of world.lms) {
      tasks.push({
        benchmark: benchmark.name, lm: lm.name, checkpoints: lm.checkpoints, ids: benchmark.ids, a: benchmark.a, b: benchmark.b,
        startAbility, nMax, seThreshold, sampleSizes: [...SAMPLE_SIZES], subsets, recipe: world.recipe(benchmark, lm), batches,
        ...(methods.randomesque ? { randomesque: methods.randomesque } : {}),
        ...(content ? { content } : {}),
        ...(methods.randomesque || content ? { rulesSeed: deriveSeed(seed, 'rules', benchmark.name, lm.name) % RULES_SEED_SPAN } : {}),
        ...(graded ? { graded, gradedStart } : {}),
        ...(methods.randomesque || content || graded ? { methodsNMax: Math.min(methods.nMax, nMax) } : {}),
      });
    }
  }
  return tasks;
}

/** Rule seeds stay below 2^31, so seed + checkpoint index is a valid seed for any checkpoint count. */
const RULES_SEED_SPAN = 2 ** 31;

/**
 * Refuses to mix rows of runs with different settings in one folder. A folder made before the methods entered
 * the settings (`olderIdentity`: the same settings without them) is continued and its manifest brought up to date.
 */
function checkManifest(out: string, identity: Record<string, unknown>, fresh: boolean, olderIdentity: Record<string, unknown>): void {
  const manifestPath = join(out, MANIFEST_FILE);
  const experiments = join(out, EXPERIMENTS_FILE);
  if (fresh) rmSync(experiments, { force: true });
  if (existsSync(experiments)) {
    if (!existsSync(manifestPath)) {
      throw new InvalidArgumentError('--out', out, `holds ${EXPERIMENTS_FILE} without the ${MANIFEST_FILE} that says how it was made; pass --fresh to start over, or choose another --out`);
    }
    const previous = JSON.stringify(JSON.parse(readFileSync(manifestPath, 'utf8')));
    if (previous !== JSON.stringify(identity) && previous !== JSON.stringify(olderIdentity)) {
      throw new InvalidArgumentError('--out', out, `holds results of a run with other settings (${previous}); pass --fresh to start over, or choose another --out`);
    }
  }
  writeAtomically(manifestPath, `${JSON.stringify(identity, null, 2)}\n`);
}

/** Heavy units first (shorter tail); for files, units of one LM together (each worker reads a file once). */
function schedule(tasks: UnitTask[], fromFiles: boolean): UnitTask[] {
  const weight = (t: UnitTask) => t.a.length * t.checkpoints.length;
  if (!fromFiles) return [...tasks].sort((x, y) => weight(y) - weight(x));
  const lmOrder = [...new Set(tasks.map((t) => t.lm))];
  return [...tasks].sort((x, y) => lmOrder.indexOf(x.lm) - lmOrder.indexOf(y.lm) || weight(y) - weight(x));
}

function progressUnit(task: UnitTask): ProgressUnit {
  return { benchmark: task.benchmark, lm: task.lm, checkpoints: task.checkpoints.length, weight: task.a.length * task.checkpoints.length };
}

/**
 * Runs (or resumes) the grid into `settings.out`/experiments.jsonl and returns every row of the selection
 * in canonical order; the file is rewritten in that order once complete, so reruns give identical bytes.
 *
 * @example
 * ```ts
 * const outcome = await runGrid(syntheticWorld(), { out: 'results', seed: 0, nMax: 500, workers: 2, fresh: false, progress: 'off', log: console.error });
 * outcome.rows.length; // returns 2712 (452 checkpoints × 6 benchmarks)
 * ```
 */
export async function runGrid(world: World, settings: GridSettings): Promise<GridOutcome> {
  const started = performance.now();
  mkdirSync(settings.out, { recursive: true });
  const batches = settings.batches ?? [];
  const methods = settings.methods ?? DEFAULT_METHODS;
  // batches enter the identity only when asked for, so folders of earlier runs stay valid
  const identity = { ...world.identity, seed: settings.seed, nMax: settings.nMax, ...(batches.length ? { batches } : {}) };
  // the methods beyond the paper's too (a folder of a run before them is continued: its rows lack their keys, so its units are redone)
  checkManifest(settings.out, { ...identity, methods }, settings.fresh, identity);
  const path = join(settings.out, EXPERIMENTS_FILE);
  const tasks = gridTasks(world, settings.seed, settings.nMax, batches, methods);
  const expected = new Map(tasks.map((t) => [unitKey(t.benchmark, t.lm), { checkpoints: t.checkpoints, keys: requiredKeys(t) }]));
  const state = recoverStore(path, expected);
  if (state.dropped > 0) settings.log(`fluid-replicate: dropped ${state.dropped} row(s) of interrupted units, or of units without this run's methods; they will be redone`);
  const todo = schedule(tasks.filter((t) => !state.complete.has(unitKey(t.benchmark, t.lm))), tasks.some((t) => t.recipe.kind === 'csv'));
  const skipped = tasks.length - todo.length;
  if (skipped > 0) settings.log(`fluid-replicate: ${skipped} of ${tasks.length} units already in ${path}; running ${todo.length}`);
  const progress = new Progress(todo.map(progressUnit), settings.progress, process.stderr);
  const finish = (task: UnitTask, result: UnitResult) => {
    appendUnit(path, result.lines);
    progress.done(progressUnit(task));
  };
  if (todo.length > 0 && settings.workers > 1) {
    const pool = settings.pool ?? startPool(Math.min(settings.workers, todo.length))!;
    try {
      await Promise.all(todo.map((task) => pool.run(task).then((outcome: UnitOutcome) => {
        if ('failure' in outcome) throw new FluidError(outcome.failure);
        finish(task, outcome);
      })));
    } finally {
      if (!settings.pool) await pool.destroy();
    }
  } else {
    for (const task of todo) finish(task, await runUnit(task));
  }
  const rows = canonicalRows(path, world);
  return { ran: todo.length, skipped, dropped: state.dropped, rows, seconds: (performance.now() - started) / 1000 };
}

const OTHER_SELECTION = Number.MAX_SAFE_INTEGER;

/**
 * Rows of the selection in benchmark, LM, checkpoint order. The file is rewritten in that order (lines
 * moved, not re-serialized), so a rerun or a resumed run ends with the same bytes as an uninterrupted one.
 */
function canonicalRows(path: string, world: World): ExperimentRow[] {
  const text = readFileSync(path, 'utf8');
  const lines = text.slice(0, text.lastIndexOf('\n') + 1).split('\n');
  lines.pop();
  const rank = new Map<string, number>();
  world.benchmarks.forEach((b, i) => world.lms.forEach((lm, j) => lm.checkpoints.forEach((c, k) => {
    rank.set(`${b.name}\u0000${lm.name}\u0000${c}`, (i * world.lms.length + j) * 1e6 + k);
  })));
  const ordered = lines.map((line) => {
    const keys = keysOfLine(line);
    return { line, at: rank.get(`${keys.benchmark}\u0000${keys.lm}\u0000${keys.checkpoint}`) ?? OTHER_SELECTION };
  }).sort((x, y) => x.at - y.at);
  // Rows of other selections (kept from earlier runs in this folder) stay, after ours.
  const canonical = ordered.map(({ line }) => `${line}\n`).join('');
  if (canonical !== text) writeAtomically(path, canonical);
  return ordered.filter(({ at }) => at !== OTHER_SELECTION).map(({ line }) => JSON.parse(line) as ExperimentRow);
}
