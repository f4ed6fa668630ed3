import { readFileSync } from 'node:fs';
import { ESTIMATORS, InvalidArgumentError, ItemBank, initSync, type Estimator } from '@fluidbench/core';
import { checkAlignment, parseIrtCsv, parseResponsesCsv, type ResponseTable } from '@fluidbench/data';

/** Arguments shared by the commands that read an IRT model and responses. */
export const inputArgs = {
  irt: { type: 'string', description: 'IRT model CSV: item id, a, b (optional c, d)' },
  responses: { type: 'string', description: 'responses CSV: item id, then one column per checkpoint (same item order)' },
  benchmark: { type: 'string', description: 'instead of files: a benchmark of the paper\'s dataset (arc_challenge, gsm8k, hellaswag, mmlu, truthfulqa_mc2, winogrande)' },
  lm: { type: 'string', description: 'with --benchmark: amber-7b, k2-65b, olmo1-7b, olmo2-7b, pythia-3b, pythia-7b' },
  revision: { type: 'string', description: 'with --benchmark: dataset revision (branch or commit)', default: 'main' },
  checkpoint: { type: 'string', description: 'checkpoint column(s) to use (repeat or comma-separate; "last" or "all"); default all' },
  estimator: { type: 'string', description: 'map | mle | eap | wle', default: 'map' },
  start: { type: 'string', description: 'starting ability (default 0; with --benchmark the leaderboard mean ability, as the paper)' },
  raw: { type: 'boolean', description: 'keep fractional scores instead of binarizing at ≥ 0.5', default: false },
  format: { type: 'string', description: 'jsonl | table', default: 'jsonl' },
  out: { type: 'string', description: 'write results to FILE (atomically) instead of stdout' },
  quiet: { type: 'boolean', description: 'no progress or logs on stderr', default: false },
} as const;

/** What run/estimate read: a bank, the chosen checkpoints and their response columns, and the default start. */
export interface LoadedInputs {
  bank: ItemBank;
  checkpoints: string[];
  columns: Float64Array[];
  /** The start the source suggests (the leaderboard mean ability for the dataset, else 0). */
  defaultStart: number;
}

type InputArgs = { irt?: string; responses?: string; benchmark?: string; lm?: string; revision?: string; checkpoint?: string | string[]; raw?: boolean; quiet?: boolean };

/**
 * Reads and checks the IRT model and responses, from files or from the paper's dataset (cache first).
 *
 * @example
 * ```ts
 * const { bank, checkpoints } = await loadInputs({ irt: 'irt.csv', responses: 'resp.csv', checkpoint: 'last' });
 * ```
 */
export async function loadInputs(args: InputArgs): Promise<LoadedInputs> {
  initSync();
  if (args.benchmark !== undefined || args.lm !== undefined) return loadFromDataset(args);
  if (!args.irt || !args.responses) throw new InvalidArgumentError('--irt/--responses', args.irt ?? args.responses ?? '', 'give both --irt and --responses, or --benchmark and --lm');
  const irt = parseIrtCsv(readFileSync(args.irt, 'utf8'), { file: args.irt });
  const responses = parseResponsesCsv(readFileSync(args.responses, 'utf8'), { file: args.responses, binarize: !args.raw });
  checkAlignment(irt.ids, responses.ids, { irtFile: args.irt, responsesFile: args.responses });
  return { bank: new ItemBank(irt), ...chooseCheckpoints(responses, args.checkpoint, args.responses), defaultStart: 0 };
}

async function loadFromDataset(args: InputArgs): Promise<LoadedInputs> {
  const { BENCHMARKS, LMS, isBenchmark, isLm, loadBenchmark, loadLeaderboardResults, meanLeaderboardAbility } = await import('@fluidbench/data/node');
  if (!args.benchmark || !isBenchmark(args.benchmark)) throw new InvalidArgumentError('--benchmark', args.benchmark ?? '', `must be one of ${BENCHMARKS.join(', ')}`);
  if (!args.lm || !isLm(args.lm)) throw new InvalidArgumentError('--lm', args.lm ?? '', `must be one of ${LMS.join(', ')}`);
  const hub = { revision: args.revision, onProgress: progressBar(args.quiet ?? false) };
  const { irt, responses } = await loadBenchmark(args.benchmark, args.lm, { ...hub, binarize: !args.raw });
  const leaderboard = await loadLeaderboardResults(hub);
  const defaultStart = meanLeaderboardAbility(leaderboard, args.benchmark);
  return { bank: new ItemBank(irt), ...chooseCheckpoints(responses, args.checkpoint, `${args.lm} results`), defaultStart };
}

function chooseCheckpoints(responses: ResponseTable, checkpoint: string | string[] | undefined, file: string) {
  const wanted = listOf(checkpoint);
  const names = wanted.length === 0 || wanted.includes('all')
    ? responses.checkpoints
    : wanted.flatMap((name) => (name === 'last' ? [responses.checkpoints[responses.checkpoints.length - 1]] : [name]));
  const columns = names.map((name) => {
    const index = responses.checkpoints.indexOf(name);
    if (index < 0) throw new InvalidArgumentError('--checkpoint', name, `no such column in ${file} (has ${preview(responses.checkpoints)})`);
    return responses.columns[index];
  });
  return { checkpoints: names, columns };
}

/**
 * Download progress on stderr, only on a terminal and when not quiet.
 *
 * @example
 * ```ts
 * progressBar(true); // returns undefined (quiet: no bar)
 * ```
 */
export function progressBar(quiet: boolean) {
  if (quiet || !process.stderr.isTTY) return undefined;
  return ({ file, loaded, total }: { file: string; loaded: number; total: number | undefined }) => {
    const size = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
    const share = total ? ` ${Math.floor((100 * loaded) / total)}%` : '';
    process.stderr.write(`\r\x1b[Kdownloading ${file}: ${size(loaded)}${total ? ` of ${size(total)}` : ''}${share}`);
    if (total !== undefined && loaded >= total) process.stderr.write('\n');
  };
}

/**
 * A repeated or comma-separated option as a list.
 *
 * @example
 * ```ts
 * listOf(['a,b', 'c']); // returns ['a', 'b', 'c']
 * ```
 */
export function listOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function preview(names: string[]): string {
  return names.length > 6 ? `${names.slice(0, 6).join(', ')}, … ${names.length} in all` : names.join(', ');
}

/**
 * Parses a numeric option, naming it on error.
 *
 * @example
 * ```ts
 * numberArg('n-max', '20'); // returns 20
 * numberArg('n-max', 'x');  // throws InvalidArgumentError: --n-max: must be a number (got "x")
 * ```
 */
export function numberArg(name: string, value: string | undefined, fallback?: number): number | undefined {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new InvalidArgumentError(`--${name}`, value, 'must be a number');
  return parsed;
}

/**
 * Parses a whole-number option of at least `min`, naming it on error.
 *
 * @example
 * ```ts
 * integerArg('n-max', '500', 500, 1); // returns 500
 * integerArg('n-max', '2.5', 500, 1); // throws InvalidArgumentError: --n-max: must be a whole number ≥ 1 (got "2.5")
 * ```
 */
export function integerArg(name: string, value: string | undefined, fallback: number, min: number): number {
  const parsed = numberArg(name, value, fallback)!;
  if (!Number.isInteger(parsed) || parsed < min) throw new InvalidArgumentError(`--${name}`, value, `must be a whole number ≥ ${min}`);
  return parsed;
}

/**
 * Checks an option against its allowed values.
 *
 * @example
 * ```ts
 * choiceArg('format', 'table', ['jsonl', 'table']); // returns 'table'
 * ```
 */
export function choiceArg<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new InvalidArgumentError(`--${name}`, value, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

/**
 * The --estimator option, checked.
 *
 * @example
 * ```ts
 * estimatorArg('eap'); // returns 'eap'
 * ```
 */
export function estimatorArg(value: string): Estimator {
  return choiceArg('estimator', value, ESTIMATORS);
}

export const FORMATS = ['jsonl', 'table'] as const;
