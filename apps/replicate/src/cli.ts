#!/usr/bin/env node
// fluid-replicate: the paper's experiment grid and analyses, end to end.
import { availableParallelism } from 'node:os';
import { defineCommand, runMain } from 'citty';
import { InvalidArgumentError, initSync } from '@fluidbench/core';
import { writeDataset } from './export-dataset';
import type { ProgressMode } from './progress';
import { loadWorld, replicate } from './replicate';

function numberArg(name: string, value: string | undefined, fallback: number, check: (x: number) => boolean, rule: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!check(parsed)) throw new InvalidArgumentError(`--${name}`, value, rule);
  return parsed;
}

function listArg(value: string | undefined): string[] | undefined {
  if (value === undefined || value === '') return undefined;
  return value.split(',').map((x) => x.trim()).filter(Boolean);
}

function isMarked(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: string }).code;
  return (error as Record<symbol, unknown>)[Symbol.for('fluidbench.error.FluidError')] === true || code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR';
}

const command = defineCommand({
  meta: {
    name: 'fluid-replicate',
    version: '0.1.0',
    description: 'Run the Fluid Benchmarking paper\'s experiment grid and analyses; write experiments.jsonl, summary.json, report.md/html and figures',
  },
  args: {
    data: { type: 'string', description: 'synthetic (embedded, offline) | hf (the paper\'s dataset, cache first) | DIR (a folder in the dataset\'s layout)', default: 'synthetic' },
    out: { type: 'string', description: 'output folder', default: 'results' },
    benchmarks: { type: 'string', description: 'comma-separated benchmarks (default: all)' },
    lms: { type: 'string', description: 'comma-separated LMs (default: all)' },
    scale: { type: 'string', description: 'synthetic only: shrink item and checkpoint counts by this factor (0, 1]', default: '1' },
    seed: { type: 'string', description: 'seed of the random subsets', default: '0' },
    'world-seed': { type: 'string', description: 'seed of the synthetic world', default: '0' },
    'n-max': { type: 'string', description: 'Fluid Benchmarking item budget', default: '500' },
    workers: { type: 'string', description: 'worker threads (default: available cores; 1 runs in the main thread)' },
    revision: { type: 'string', description: 'dataset revision for --data hf (branch, tag or commit)' },
    'write-dataset': { type: 'string', description: 'write the synthetic world to DIR in the dataset\'s layout (for --data DIR or other tools) and exit' },
    fresh: { type: 'boolean', description: 'discard earlier results in --out and start over', default: false },
    progress: { type: 'boolean', description: 'report progress even when stderr is not a terminal', default: false },
    quiet: { type: 'boolean', description: 'no progress and no log lines on stderr', default: false },
  },
  async run({ args }) {
    try {
      const progress: ProgressMode = args.quiet ? 'off' : process.stderr.isTTY ? 'bars' : args.progress ? 'lines' : 'off';
      const log = (message: string) => {
        if (!args.quiet) process.stderr.write(`${message}\n`);
      };
      if (args['write-dataset']) {
        if (args.data !== 'synthetic') throw new InvalidArgumentError('--write-dataset', args.data, 'writes the synthetic world only (leave --data at its default)');
        initSync();
        const world = await loadWorld({
          data: 'synthetic', benchmarks: listArg(args.benchmarks), lms: listArg(args.lms),
          scale: numberArg('scale', args.scale, 1, (x) => x > 0 && x <= 1, 'must be in (0, 1]'),
          worldSeed: numberArg('world-seed', args['world-seed'], 0, Number.isInteger, 'must be an integer'),
        });
        const files = writeDataset(world, args['write-dataset']);
        log(`fluid-replicate: wrote ${files.length} files of ${world.description} to ${args['write-dataset']}`);
        return;
      }
      const result = await replicate({
        data: args.data,
        out: args.out,
        benchmarks: listArg(args.benchmarks),
        lms: listArg(args.lms),
        scale: numberArg('scale', args.scale, 1, (x) => x > 0 && x <= 1, 'must be in (0, 1]'),
        seed: numberArg('seed', args.seed, 0, Number.isInteger, 'must be an integer'),
        worldSeed: numberArg('world-seed', args['world-seed'], 0, Number.isInteger, 'must be an integer'),
        nMax: numberArg('n-max', args['n-max'], 500, (x) => Number.isInteger(x) && x >= 1, 'must be a positive integer'),
        workers: numberArg('workers', args.workers, availableParallelism(), (x) => Number.isInteger(x) && x >= 1, 'must be a positive integer'),
        fresh: args.fresh,
        progress,
        revision: args.revision,
        log,
      });
      process.stdout.write(result.headline);
    } catch (error) {
      if (isMarked(error)) {
        process.stderr.write(`fluid-replicate: ${(error as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      throw error;
    }
  },
});

void runMain(command);
