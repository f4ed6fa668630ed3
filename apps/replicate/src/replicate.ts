// The whole pipeline: pick the world, run (or resume) the grid, analyse, write the report.
import { join } from 'node:path';
import { InvalidArgumentError, initSync } from '@fluidbench/core';
import { analyze, type Analysis } from './analysis';
import { folderWorld, hubWorld, type Selection } from './dataset-world';
import { runGrid, startPool, type GridOutcome, type GridSettings } from './grid';
import { lockFolder } from './lock';
import { headlineText, writeReport } from './report';
import { syntheticWorld } from './synthetic';
import type { World } from './world';

/** The pipeline's options: the world to build, and the grid's settings (batches none, methods all with k = 5 by default). */
export interface ReplicateOptions extends Omit<GridSettings, 'pool'> {
  /** 'synthetic' (default), 'hf', or a folder in the dataset's layout. */
  data: string;
  benchmarks?: string[];
  lms?: string[];
  /** Synthetic world only: shrink item and checkpoint counts. */
  scale: number;
  /** Seed of the synthetic world. */
  worldSeed: number;
  /** Hub revision for --data hf. */
  revision?: string;
  /** Dataset repository (owner/name) for --data hf. */
  repo?: string;
  /** --data hf|DIR: fit a graded bank for TruthfulQA MC2 where the data has none (`--fit-graded`). */
  fitGraded?: boolean;
}

function selectFrom(world: World, selection: Selection): World {
  const pick = <T extends { name: string }>(kind: string, all: T[], names: readonly string[] | undefined): T[] => {
    if (!names) return all;
    return names.map((name) => {
      const found = all.find((x) => x.name === name);
      if (!found) throw new InvalidArgumentError(`--${kind}s`, name, `unknown ${kind}; expected one of ${all.map((x) => x.name).join(', ')}`);
      return found;
    });
  };
  return { ...world, benchmarks: pick('benchmark', world.benchmarks, selection.benchmarks), lms: pick('lm', world.lms, selection.lms), recipe: world.recipe };
}

/**
 * The world a `--data` value names.
 *
 * @example
 * ```ts
 * (await loadWorld({ data: 'synthetic', scale: 0.05, worldSeed: 0 })).benchmarks.length; // returns 6
 * ```
 */
export async function loadWorld(
  options: Pick<ReplicateOptions, 'data' | 'benchmarks' | 'lms' | 'scale' | 'worldSeed' | 'revision' | 'repo' | 'fitGraded'> & { log?: (message: string) => void },
): Promise<World> {
  const selection: Selection = { benchmarks: options.benchmarks, lms: options.lms };
  if (options.data !== 'synthetic' && options.scale !== 1) throw new InvalidArgumentError('--scale', options.scale, 'only applies to --data synthetic');
  if (options.data === 'synthetic') {
    if (options.fitGraded) throw new InvalidArgumentError('--fit-graded', true, 'applies to --data hf or DIR (the synthetic world has its graded bank)');
    return selectFrom(syntheticWorld({ seed: options.worldSeed, scale: options.scale }), selection);
  }
  const graded = { fit: options.fitGraded ?? false };
  if (options.data === 'hf') return hubWorld(selection, { revision: options.revision, repo: options.repo }, options.log, graded);
  return folderWorld(options.data, selection, graded);
}

/**
 * Runs the paper's experiment grid and analyses end to end and writes everything into `options.out`.
 *
 * @example
 * ```ts
 * const { analysis } = await replicate({ data: 'synthetic', out: 'results', scale: 1, seed: 0, worldSeed: 0, nMax: 500,
 *   workers: 2, fresh: false, progress: 'off', log: () => {} });
 * analysis.summary.fluid[100].monotonicity; // the headline monotonicity of Fluid at 100 items
 * ```
 */
export async function replicate(options: ReplicateOptions): Promise<{ world: World; grid: GridOutcome; analysis: Analysis; headline: string; files: string[] }> {
  initSync();
  const release = lockFolder(options.out, (message) => process.stderr.write(`${message}\n`));
  try {
    return await replicateLocked(options);
  } finally {
    release();
  }
}

async function replicateLocked(options: ReplicateOptions): Promise<{ world: World; grid: GridOutcome; analysis: Analysis; headline: string; files: string[] }> {
  // Threads start loading the engine while this thread builds the world.
  const pool = startPool(options.workers);
  let world: World;
  let grid: GridOutcome;
  try {
    world = await loadWorld(options);
    options.log(`fluid-replicate: ${world.description}: ${world.benchmarks.length} benchmark(s) × ${world.lms.length} LM(s), ${options.workers} worker(s)`);
    grid = await runGrid(world, {
      out: options.out, seed: options.seed, nMax: options.nMax, batches: options.batches ?? [], methods: options.methods, workers: options.workers, fresh: options.fresh, progress: options.progress, log: options.log, pool,
    });
  } finally {
    await pool?.destroy();
  }
  const analysis = analyze(grid.rows, world);
  const files = writeReport(options.out, {
    world, analysis, nMax: options.nMax, seed: options.seed, gridSeconds: grid.seconds, unitsRan: grid.ran, unitsSkipped: grid.skipped,
  });
  options.log(`fluid-replicate: wrote ${join(options.out, 'experiments.jsonl')} (${grid.rows.length} rows), summary.json, report.md, report.html, ${files.filter((f) => f.endsWith('.svg')).length} figures`);
  return { world, grid, analysis, headline: headlineText(analysis, world.isPaperDataset), files };
}
