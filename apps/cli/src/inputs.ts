import { readFileSync, statSync } from 'node:fs';
import { ESTIMATORS, ItemBank, initSync, type AnyItemBank, type Estimator } from '@fluidbench/core';
import {
  InvalidArgumentError,
  checkAlignment,
  choiceArgument,
  describeError,
  listArgument,
  numberArgument,
  parseIrtCsv,
  parseResponsesCsv,
  selectCheckpoints,
  uniqueListArgument,
  type ResponseTable,
} from '@fluidbench/data/node';
import { loadPolytomousInputs, polyArgs } from './poly-inputs';

/** Arguments shared by the commands that read an IRT model and responses. */
export const inputArgs = {
  irt: { type: 'string', description: 'IRT model CSV: item id, a, b (optional c, d); or a graded bank: a, b1…bK (GRM), a, d1…dK (GPCM), d1…dK (PCM)' },
  responses: { type: 'string', description: 'responses CSV: item id, then one column per checkpoint (same item order)' },
  benchmark: { type: 'string', description: 'instead of files: a benchmark of the dataset (e.g. mmlu; the dataset lists what it has)' },
  lm: { type: 'string', description: 'with --benchmark: an LM of the dataset (e.g. olmo2-7b)' },
  repo: { type: 'string', description: 'with --benchmark: the dataset repository owner/name (default allenai/fluid-benchmarking)' },
  revision: { type: 'string', description: 'with --benchmark: dataset revision, branch or commit (default main)' },
  checkpoint: { type: 'string', multiple: true, description: 'checkpoint column(s) to use (repeat or comma-separate; "last" or "all"); default all' },
  estimator: { type: 'string', description: 'map | mle | eap | wle', default: 'map' },
  start: { type: 'string', description: 'starting ability (default 0; with --benchmark the leaderboard mean ability, as the paper)' },
  'keep-scores': { type: 'boolean', alias: 'raw', description: 'keep fractional scores instead of binarizing at ≥ 0.5 (--raw is the old spelling)', default: false },
  'output-format': { type: 'string', alias: 'format', description: 'jsonl | table (--format is the old spelling)', default: 'jsonl' },
  out: { type: 'string', description: 'write results to FILE (atomically) instead of stdout' },
  quiet: { type: 'boolean', description: 'no progress or logs on stderr', default: false },
  ...polyArgs,
} as const;

/** What run/estimate read: a bank, the chosen checkpoints and their response columns, and the default start. */
export interface LoadedInputs {
  bank: AnyItemBank;
  checkpoints: string[];
  columns: Float64Array[];
  /** The start the source suggests (the leaderboard mean ability for the dataset, else 0). */
  defaultStart: number;
}

type InputArgs = {
  irt?: string; responses?: string; benchmark?: string; lm?: string; repo?: string; revision?: string;
  checkpoint?: string | string[]; 'keep-scores'?: boolean; quiet?: boolean; model?: string; 'score-values'?: string;
};

/**
 * Reads and checks the IRT model and responses, from files or from the dataset (cache first). Files and
 * dataset are exclusive; the checkpoints are checked before anything is computed.
 *
 * @example
 * ```ts
 * const { bank, checkpoints } = await loadInputs({ irt: 'irt.csv', responses: 'resp.csv', checkpoint: 'last' });
 * ```
 */
export async function loadInputs(args: InputArgs): Promise<LoadedInputs> {
  const fromFiles = args.irt !== undefined || args.responses !== undefined;
  const fromDataset = args.benchmark !== undefined || args.lm !== undefined;
  if (fromFiles && fromDataset) {
    throw new InvalidArgumentError(args.irt !== undefined ? '--irt' : '--responses', args.irt ?? args.responses, 'give either files (--irt and --responses) or the dataset (--benchmark and --lm), not both');
  }
  if (!fromDataset && (args.repo !== undefined || args.revision !== undefined)) {
    throw new InvalidArgumentError(args.repo !== undefined ? '--repo' : '--revision', args.repo ?? args.revision, 'applies to the dataset only: add --benchmark and --lm');
  }
  const wanted = uniqueListArgument('checkpoint', args.checkpoint);
  initSync();
  if (fromDataset) return loadFromDataset(args, wanted);
  if (!args.irt || !args.responses) throw new InvalidArgumentError(args.irt ? '--responses' : '--irt', '', 'give both --irt and --responses, or --benchmark and --lm');
  const irtText = readInputFile('irt', args.irt);
  const loaded = await loadPolytomousInputs(args.irt, args.responses, args, readInputFile);
  if ('bank' in loaded) return { bank: loaded.bank, ...chooseColumns(loaded.responses, wanted, args.responses), defaultStart: 0 };
  const irt = parseIrtCsv(irtText, { file: args.irt });
  const responses = parseResponsesCsv(readInputFile('responses', args.responses), { file: args.responses, binarize: !args['keep-scores'] });
  checkAlignment(irt.ids, responses.ids, { irtFile: args.irt, responsesFile: args.responses });
  return { bank: new ItemBank(irt), ...chooseColumns(responses, wanted, args.responses), defaultStart: 0 };
}

async function loadFromDataset(args: InputArgs, wanted: string[]): Promise<LoadedInputs> {
  const { loadBenchmark, loadLeaderboardResults, meanLeaderboardAbility } = await import('@fluidbench/data/node');
  if (!args.benchmark) throw new InvalidArgumentError('--benchmark', '', 'give --benchmark with --lm');
  if (!args.lm) throw new InvalidArgumentError('--lm', '', 'give --lm with --benchmark');
  const hub = { revision: args.revision, repo: args.repo, onProgress: progressBar(args.quiet ?? false) };
  const { irt, responses } = await loadBenchmark(args.benchmark, args.lm, { ...hub, binarize: !args['keep-scores'] });
  const leaderboard = await loadLeaderboardResults(hub);
  const defaultStart = meanLeaderboardAbility(leaderboard, args.benchmark);
  return { bank: new ItemBank(irt), ...chooseColumns(responses, wanted, `${args.lm} results`), defaultStart };
}

function chooseColumns(responses: ResponseTable, wanted: readonly string[], source: string): { checkpoints: string[]; columns: Float64Array[] } {
  if (wanted.includes('all') && wanted.length > 1) throw new InvalidArgumentError('--checkpoint', wanted.join(','), '"all" already names every checkpoint');
  const selection = wanted.length === 0 || wanted.includes('all')
    ? 'all'
    : wanted.map((name) => (name === 'last' ? responses.checkpoints[responses.checkpoints.length - 1] : name));
  const chosen = selectCheckpoints(responses, selection, { argument: '--checkpoint', source });
  if (new Set(chosen.checkpoints).size !== chosen.checkpoints.length) {
    throw new InvalidArgumentError('--checkpoint', wanted.join(','), '"last" and the last checkpoint\'s name name the same column twice');
  }
  return { checkpoints: chosen.checkpoints, columns: chosen.columns };
}

/**
 * A text file named by a flag; a folder, a missing file or one that cannot be read is one clear error
 * naming the flag and the path.
 *
 * @example
 * ```ts
 * readInputFile('irt', '.'); // throws InvalidArgumentError: --irt: is a directory, expected a file (got ".")
 * ```
 */
export function readInputFile(flag: string, path: string): string {
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return readFileSync(path, 'utf8');
  } catch (error) {
    const known = describeError({ code: (error as { code?: unknown }).code });
    if (!known) throw error;
    throw new InvalidArgumentError(`--${flag}`, path, known.line);
  }
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
 * A repeated or comma-separated option as a list (an empty element is refused).
 *
 * @example
 * ```ts
 * listOf(['a,b', 'c'], 'checkpoint'); // returns ['a', 'b', 'c']
 * ```
 */
export function listOf(value: string | string[] | undefined, flag = 'list'): string[] {
  return listArgument(flag, value);
}

/**
 * Parses a numeric option as the CSV reader parses a cell (no hex, no `Infinity`), naming it on error;
 * `undefined` (the flag not given) gives the fallback.
 *
 * @example
 * ```ts
 * numberArg('start', '-1.5'); // returns -1.5
 * numberArg('n-max', '0x10'); // throws InvalidArgumentError: --n-max: must be a number (got "0x10")
 * ```
 */
export function numberArg(name: string, value: string | undefined, fallback?: number): number | undefined {
  return value === undefined ? fallback : numberArgument(name, value);
}

/**
 * Parses a whole-number option of at least `min` (a safe integer), naming it on error.
 *
 * @example
 * ```ts
 * integerArg('n-max', '500', 500, 1); // returns 500
 * integerArg('seed', '1e30', 0);      // throws InvalidArgumentError: --seed: must be a whole number … (got "1e30")
 * ```
 */
export function integerArg(name: string, value: string | undefined, fallback: number, min?: number, max?: number): number {
  return value === undefined ? fallback : numberArgument(name, value, { integer: true, min, max });
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
  return choiceArgument(name, value, allowed);
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
