#!/usr/bin/env node
// fluid-replicate: the paper's experiment grid and analyses, end to end.
import { availableParallelism } from 'node:os';
import { defineCommand } from 'citty';
import { InvalidArgumentError, initSync } from '@fluidbench/core';
import { listArgument, numberArgument, runCommandLine } from '@fluidbench/data/node';
import { writeDataset } from './export-dataset';
import { workersArg } from './workers';
import type { ProgressMode } from './progress';
import { loadWorld, replicate } from './replicate';

function listArg(flag: string, value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : listArgument(flag, value);
}

/** `--randomesque k`: null for 0 (left out); k = 1 would be Fluid Benchmarking itself. */
function randomesqueArg(value: string): number | null {
  const k = numberArgument('randomesque', value, { integer: true, min: 0 });
  if (k === 1) throw new InvalidArgumentError('--randomesque', value, 'k = 1 is Fluid Benchmarking itself; give k ≥ 2, or 0 to leave the method out');
  return k === 0 ? null : k;
}

const command = defineCommand({
  meta: {
    name: 'fluid-replicate',
    version: '0.1.0',
    description: 'Run the Fluid Benchmarking paper\'s experiment grid and analyses; write experiments.jsonl, summary.json, report.md/html and figures',
  },
  args: {
    data: { type: 'string', description: 'synthetic (embedded, offline) | hf (the paper\'s dataset, cache first) | DIR (a folder in the dataset\'s layout)', default: 'synthetic' },
    out: { type: 'string', description: 'output folder (locked while a run writes into it)', default: 'results' },
    benchmarks: { type: 'string', description: 'comma-separated benchmarks (default: all)' },
    lms: { type: 'string', description: 'comma-separated LMs (default: all)' },
    scale: { type: 'string', description: 'synthetic only: shrink item and checkpoint counts by this factor (0, 1] (default 1)' },
    seed: { type: 'string', description: 'seed of the random subsets', default: '0' },
    'world-seed': { type: 'string', description: 'seed of the synthetic world', default: '0' },
    'n-max': { type: 'string', description: 'Fluid Benchmarking item budget', default: '500' },
    batch: { type: 'string', description: 'also run Fluid Benchmarking asking k items at a time, for each k (comma-separated, e.g. 4,8,16): the price of batching' },
    randomesque: { type: 'string', description: 'k of the method "Fluid Benchmarking, randomesque k" (a seeded pick among the k most informative items; default 5; 0 leaves it out)', default: '5' },
    content: { type: 'boolean', description: 'run "Fluid Benchmarking + content balancing" on MMLU (subjects); --no-content leaves it out', default: true },
    graded: { type: 'boolean', description: 'run the graded method where a benchmark has a graded bank; --no-graded leaves it out', default: true },
    'fit-graded': { type: 'boolean', description: '--data hf|DIR: where TruthfulQA MC2 has no graded bank, fit a five-category GRM on the evaluated checkpoints\' raw scores (in-sample) for the graded method', default: false },
    'methods-n-max': { type: 'string', description: 'item budget of the randomesque, content-balanced and graded methods (at most --n-max)', default: '100' },
    workers: { type: 'string', description: 'worker threads, at most the number of cores (default: every core; 1 runs in the main thread)' },
    repo: { type: 'string', description: 'dataset repository for --data hf (owner/name; default allenai/fluid-benchmarking)' },
    revision: { type: 'string', description: 'dataset revision for --data hf (branch, tag or commit)' },
    'write-dataset': { type: 'string', description: 'write the synthetic world to DIR in the dataset\'s layout (for --data DIR or other tools) and exit' },
    fresh: { type: 'boolean', description: 'discard earlier results in --out and start over', default: false },
    progress: { type: 'boolean', description: 'report progress even when stderr is not a terminal', default: false },
    quiet: { type: 'boolean', description: 'no progress and no log lines on stderr', default: false },
  },
  async run({ args }) {
    const progress: ProgressMode = args.quiet ? 'off' : process.stderr.isTTY ? 'bars' : args.progress ? 'lines' : 'off';
    const log = (message: string) => {
      if (!args.quiet) process.stderr.write(`${message}\n`);
    };
    const scale = args.scale === undefined ? 1 : numberArgument('scale', args.scale, { min: 0, exclusiveMin: true, max: 1 });
    const worldSeed = numberArgument('world-seed', args['world-seed'], { integer: true });
    if ((args.repo !== undefined || args.revision !== undefined) && args.data !== 'hf') {
      throw new InvalidArgumentError(args.repo !== undefined ? '--repo' : '--revision', args.repo ?? args.revision, 'applies to --data hf only');
    }
    if (args['write-dataset']) {
      if (args.data !== 'synthetic') throw new InvalidArgumentError('--write-dataset', args.data, 'writes the synthetic world only (leave --data at its default)');
      initSync();
      const world = await loadWorld({ data: 'synthetic', benchmarks: listArg('benchmarks', args.benchmarks), lms: listArg('lms', args.lms), scale, worldSeed });
      const files = writeDataset(world, args['write-dataset']);
      log(`fluid-replicate: wrote ${files.length} files of ${world.description} to ${args['write-dataset']}`);
      return;
    }
    const result = await replicate({
      data: args.data,
      out: args.out,
      benchmarks: listArg('benchmarks', args.benchmarks),
      lms: listArg('lms', args.lms),
      scale,
      seed: numberArgument('seed', args.seed, { integer: true }),
      worldSeed,
      nMax: numberArgument('n-max', args['n-max'], { integer: true, min: 1 }),
      // k = 1 is Fluid Benchmarking itself
      batches: (listArg('batch', args.batch) ?? []).map((k) => numberArgument('batch', k, { integer: true, min: 2 })),
      methods: { randomesque: randomesqueArg(args.randomesque), content: args.content, graded: args.graded, nMax: numberArgument('methods-n-max', args['methods-n-max'], { integer: true, min: 1 }) },
      workers: workersArg(args.workers, availableParallelism(), log),
      fresh: args.fresh,
      progress,
      repo: args.repo,
      revision: args.revision,
      fitGraded: args['fit-graded'],
      log,
    });
    process.stdout.write(result.headline);
  },
});

void runCommandLine(command, { name: 'fluid-replicate' });
