// Shared by the tests: the built CLI, scratch folders, and a tiny dataset in the paper's layout whose
// responses the tests know, so they can recompute expected values on their own.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SeededRandom } from '@fluidbench/core';

export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** The built CLI (the tests spawn what users run); `pnpm test` builds it first. */
export function requireBuiltCli(): string {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "pnpm --filter @fluidbench/replicate build" (pnpm test builds it)`);
  return CLI;
}

export function scratchDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `fluid-replicate-${label}-`));
}

/** Runs the CLI to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [requireBuiltCli(), ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
}

/** Starts the CLI and returns the child, for tests that interrupt it. */
export function startCli(args: string[]) {
  return spawn(process.execPath, [requireBuiltCli(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

export function readJsonl(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Item counts and checkpoints of the tiny dataset. */
export const TINY = {
  items: { arc_challenge: 40, mmlu: 60, gsm8k: 25 } as Record<string, number>,
  /** IRT models exist for these; the results files also hold gsm8k rows, which must be filtered out. */
  modelled: ['arc_challenge', 'mmlu'],
  checkpoints: { 'olmo2-7b': ['step100', 'step200', 'step300', 'step400'], 'pythia-7b': ['step1000', 'step2000', 'step3000', 'step4000', 'step5000'] } as Record<string, string[]>,
  leaderboard: {
    arc_challenge: { accuracy: [0.31, 0.45, 0.52, 0.6, 0.66, 0.71], ability: [-1.4, -0.6, -0.1, 0.3, 0.8, 1.5] },
    mmlu: { accuracy: [0.28, 0.4, 0.47, 0.55, 0.63, 0.7], ability: [-1.2, -0.7, 0.0, 0.4, 0.9, 1.3] },
  } as Record<string, { accuracy: number[]; ability: number[] }>,
};

export interface TinyDataset {
  files: Record<string, string>;
  /** Per benchmark: ids, a, b. */
  banks: Record<string, { ids: string[]; a: number[]; b: number[] }>;
  /** Per LM and benchmark: raw responses [checkpoint][item] as written to the CSV (some fractional). */
  responses: Record<string, Record<string, number[][]>>;
}

function idOf(benchmark: string, k: number): string {
  return benchmark === 'mmlu' ? `mmlu_${k % 2 ? 'anatomy' : 'virology'}_${k}` : `${benchmark}_${k}`;
}

/**
 * The tiny dataset: 2PL banks, responses drawn from rising abilities (a few written as fractions, which
 * binarize at 0.5), results files with the benchmarks' rows interleaved in another order than the models.
 */
export function tinyDataset(): TinyDataset {
  const rng = new SeededRandom(2024);
  const banks: TinyDataset['banks'] = {};
  for (const [benchmark, n] of Object.entries(TINY.items)) {
    const ids = Array.from({ length: n }, (_, k) => idOf(benchmark, k));
    banks[benchmark] = { ids, a: ids.map(() => Number((0.6 + 2 * rng.next()).toFixed(4))), b: ids.map(() => Number((2.4 * rng.next() - 1.2).toFixed(4))) };
  }
  const files: Record<string, string> = {};
  for (const benchmark of TINY.modelled) {
    const bank = banks[benchmark];
    files[`data/irt_models/${benchmark}.csv`] = [',a,b', ...bank.ids.map((id, i) => `${id},${bank.a[i]},${bank.b[i]}`), ''].join('\n');
  }
  const responses: TinyDataset['responses'] = {};
  for (const [lm, checkpoints] of Object.entries(TINY.checkpoints)) {
    responses[lm] = {};
    for (const [benchmark, bank] of Object.entries(banks)) {
      responses[lm][benchmark] = checkpoints.map((_, t) => {
        const theta = -1 + (2 * t) / checkpoints.length;
        return bank.a.map((a, i) => {
          const p = 1 / (1 + Math.exp(-a * (theta - bank.b[i])));
          const correct = rng.next() < p;
          // Every seventh response is a fractional score, as TruthfulQA MC2's are.
          return i % 7 === 3 ? (correct ? 0.75 : 0.25) : correct ? 1 : 0;
        });
      });
    }
    const order = ['mmlu', 'gsm8k', 'arc_challenge'];
    const rows = order.flatMap((benchmark) => banks[benchmark].ids.map((id, i) => [id, ...checkpoints.map((_, t) => responses[lm][benchmark][t][i])].join(',')));
    files[`data/lm_eval_results/${lm}.csv`] = [`,${checkpoints.join(',')}`, ...rows, ''].join('\n');
  }
  files['data/open_llm_leaderboard_results.json'] = JSON.stringify(Object.fromEntries(Object.entries(TINY.leaderboard).map(([benchmark, scores]) => [benchmark, {
    accuracy: Object.fromEntries(scores.accuracy.map((x, k) => [`leader-${k}`, x])),
    ability: Object.fromEntries(scores.ability.map((x, k) => [`leader-${k}`, x])),
  }])));
  return { files, banks, responses };
}

export function writeDataset(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    const target = join(root, ...path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}
