// @fluidbench/data/node: everything of the browser entry, plus file readers and the cached Hugging Face
// dataset loaders (they need node:fs).
import { readFile } from 'node:fs/promises';
import { checkAlignment, filterBenchmark } from './alignment';
import { parseIrtCsv, parseResponsesCsv, type IrtCsvOptions, type ResponsesCsvOptions } from './csv';
import {
  DATASET_REPO,
  ITEM_MAP_PATH,
  LEADERBOARD_RESULTS_PATH,
  datasetContents,
  irtModelPath,
  lmEvalResultsPath,
  parseItemMap,
  parseLeaderboardResults,
  type LeaderboardResults,
} from './dataset';
import { ensureDatasetFile, listDatasetFiles } from './hub-cache';
import type { HubOptions } from './hub-settings';
import { HubError, InvalidArgumentError } from './errors';
import { isPolyIrtTable, parseItemBankCsv, parseScoreValues, type PolyIrtCsvOptions, type PolyIrtTable } from './poly-irt-csv';
import type { IrtTable, ResponseTable } from './tables';

export * from './index';
export { writeFileAtomically, writeFilesAtomically } from './atomic-write';
export { readCsvHeader } from './csv-header';
export { EXIT_FAILURE, EXIT_USAGE, describeError, runCommandLine, type CommandLike } from './command-runner';
export { cachePath, downloadDataset, ensureDatasetFile, listCached, listDatasetFiles, type CachedFile, type CachedRevision, type DatasetListing } from './hub-cache';
export { defaultCacheDir, type DownloadProgress, type HubOptions } from './hub-settings';

/**
 * Reads an IRT model CSV from disk (see {@link parseIrtCsv}); errors name the path as given.
 *
 * @example
 * ```ts
 * const irt = await readIrtCsv('models/arc.csv');
 * irt.a.length === irt.ids.length; // returns true
 * ```
 */
export async function readIrtCsv(path: string, options: Omit<IrtCsvOptions, 'file'> = {}): Promise<IrtTable> {
  return parseIrtCsv(await readFile(path, 'utf8'), { ...options, file: path });
}

/** Bank file names of the fork's layout, `{benchmark}_{model}_items.csv`, and their model. */
const FORK_BANK_NAME = /^(.*?)_(grm|gpcm|pcm)_items\.csv$/;

/**
 * The fork's metadata file for a bank file: `{benchmark}_metadata.json` beside `{benchmark}_grm_items.csv`
 * (or `x_metadata.json` beside `x.csv`).
 *
 * @example
 * ```ts
 * metadataPathFor('irt/mmlu_grm_items.csv'); // returns 'irt/mmlu_metadata.json'
 * ```
 */
export function metadataPathFor(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const dir = path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  const stem = FORK_BANK_NAME.exec(name)?.[1] ?? name.replace(/\.csv$/i, '');
  return `${dir}${stem}_metadata.json`;
}

/**
 * Reads an IRT CSV of any model from disk (see {@link parseItemBankCsv}). For a polytomous bank the model
 * comes from `options.model`, else from a fork-style name (`mmlu_gpcm_items.csv`), else from the header; the
 * fork's `{benchmark}_metadata.json` beside it, when present, gives `scoreValues`.
 *
 * @example
 * ```ts
 * const bank = await readItemBankCsv('irt/mmlu_grm_items.csv');
 * isPolyIrtTable(bank) && bank.scoreValues; // returns [0, 0.25, 0.5, 0.75, 1] from mmlu_metadata.json
 * ```
 */
export async function readItemBankCsv(path: string, options: Omit<PolyIrtCsvOptions, 'file'> = {}): Promise<IrtTable | PolyIrtTable> {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const model = options.model ?? (FORK_BANK_NAME.exec(path.slice(slash + 1))?.[2] as PolyIrtCsvOptions['model']);
  const table = parseItemBankCsv(await readFile(path, 'utf8'), { model, file: path });
  if (!isPolyIrtTable(table)) return table;
  const metadata = metadataPathFor(path);
  let text: string;
  try {
    text = await readFile(metadata, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return table;
    throw error;
  }
  return { ...table, scoreValues: parseScoreValues(text, metadata) };
}

/**
 * Reads a responses CSV from disk (see {@link parseResponsesCsv}); errors name the path as given.
 *
 * @example
 * ```ts
 * const responses = await readResponsesCsv('results/olmo.csv');
 * responses.columns.length === responses.checkpoints.length; // returns true
 * ```
 */
export async function readResponsesCsv(path: string, options: Omit<ResponsesCsvOptions, 'file'> = {}): Promise<ResponseTable> {
  return parseResponsesCsv(await readFile(path, 'utf8'), { ...options, file: path });
}

async function readDatasetText(path: string, options: HubOptions): Promise<string> {
  const { localPath } = await ensureDatasetFile(path, options);
  return readFile(localPath, 'utf8');
}

/**
 * A benchmark's IRT model from the paper's dataset, through the cache (downloaded on a miss unless offline).
 *
 * @throws {HubError} when the file is neither cached nor downloadable; {@link DataFormatError} when malformed.
 * @example
 * ```ts
 * const irt = await loadIrtModel('gsm8k');
 * irt.ids.length; // returns 1319
 * irt.ids[0];     // returns 'gsm8k_0'
 * ```
 */
export async function loadIrtModel(benchmark: string, options: HubOptions = {}): Promise<IrtTable> {
  const path = irtModelPath(benchmark);
  const text = await orUnknownName('benchmark', benchmark, options, () => readDatasetText(path, options));
  return parseIrtCsv(text, { file: path });
}

/**
 * An LM's results over all its checkpoints (28,659 items of six benchmarks × checkpoints), binarized at
 * `≥ 0.5` unless `binarize: false`; with `benchmark`, only that benchmark's rows.
 *
 * @throws {HubError} when the file is neither cached nor downloadable; {@link DataFormatError} when malformed.
 * @example
 * ```ts
 * const results = await loadLmEvalResults('olmo2-7b', { benchmark: 'mmlu' });
 * results.ids.length;     // returns 14042
 * results.checkpoints[0]; // the first checkpoint's column name
 * ```
 */
export async function loadLmEvalResults(
  lm: string,
  options: HubOptions & { benchmark?: string; binarize?: boolean } = {},
): Promise<ResponseTable> {
  const path = lmEvalResultsPath(lm);
  const text = await orUnknownName('lm', lm, options, () => readDatasetText(path, options));
  const table = parseResponsesCsv(text, { file: path, binarize: options.binarize });
  return options.benchmark ? filterBenchmark(table, options.benchmark) : table;
}

/**
 * One benchmark's IRT model and one LM's responses to it, checked to list the same items in the same order
 * (what `fluid run --benchmark B --lm L` needs).
 *
 * @throws {AlignmentError} naming the first differing row; otherwise as the two loaders.
 * @example
 * ```ts
 * const { irt, responses } = await loadBenchmark('arc_challenge', 'pythia-7b');
 * responses.ids.length === irt.ids.length; // returns true
 * ```
 */
export async function loadBenchmark(
  benchmark: string,
  lm: string,
  options: HubOptions & { binarize?: boolean } = {},
): Promise<{ irt: IrtTable; responses: ResponseTable }> {
  const irt = await loadIrtModel(benchmark, options);
  const responses = await loadLmEvalResults(lm, { ...options, benchmark });
  checkAlignment(irt.ids, responses.ids, { irtFile: irtModelPath(benchmark), responsesFile: `${lmEvalResultsPath(lm)} (${benchmark} rows)` });
  return { irt, responses };
}

/**
 * Accuracy and ability of the Open LLM Leaderboard LMs per benchmark (the paper's start ability is the
 * mean ability).
 *
 * @example
 * ```ts
 * const leaderboard = await loadLeaderboardResults();
 * Object.keys(leaderboard.mmlu.ability).length; // returns 102
 * ```
 */
export async function loadLeaderboardResults(options: HubOptions = {}): Promise<LeaderboardResults> {
  return parseLeaderboardResults(await readDatasetText(LEADERBOARD_RESULTS_PATH, options));
}

/**
 * The map from item id to the benchmark item itself.
 *
 * @example
 * ```ts
 * const items = await loadItemMap();
 * 'gsm8k_0' in items; // returns true
 * ```
 */
export async function loadItemMap(options: HubOptions = {}): Promise<Record<string, unknown>> {
  return parseItemMap(await readDatasetText(ITEM_MAP_PATH, options));
}
export {
  ITEMS_CACHE_FOLDER,
  ensureBenchmarkItems,
  type BenchmarkItems,
  type BenchmarkItemsOptions,
  type SourceRecord,
  type StoredItemsReport,
} from './benchmark-items-hub';
export { readParquetRows } from './parquet-rows';

/**
 * The benchmarks and LMs the dataset has at the revision: read from the hub's file listing, or offline from
 * the cached snapshot. Any repository in the dataset's layout works (`repo: 'owner/name'`).
 *
 * @example
 * ```ts
 * const { benchmarks, lms } = await listDataset({ revision: 'main' });
 * benchmarks; // returns ['arc_challenge', 'gsm8k', 'hellaswag', 'mmlu', 'truthfulqa_mc2', 'winogrande']
 * ```
 */
export async function listDataset(options: HubOptions = {}): Promise<{ commit: string; benchmarks: string[]; lms: string[]; source: 'hub' | 'cache' }> {
  const listing = await listDatasetFiles(options);
  return { commit: listing.commit, source: listing.source, ...datasetContents(listing.files) };
}

/** A name the dataset lacks becomes an error listing what it has (a failure to list keeps the first error). */
async function orUnknownName<T>(kind: 'benchmark' | 'lm', name: string, options: HubOptions, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof HubError) || (error.reason !== 'not-found' && error.reason !== 'offline-miss')) throw error;
    let contents: Awaited<ReturnType<typeof listDataset>>;
    try {
      contents = await listDataset(options);
    } catch {
      throw error;
    }
    const known = kind === 'benchmark' ? contents.benchmarks : contents.lms;
    if (known.includes(name)) throw error;
    const where = `${options.repo ?? DATASET_REPO} at ${options.revision ?? 'main'}${contents.source === 'cache' ? ' (offline: the cached snapshot)' : ''}`;
    throw new InvalidArgumentError(kind, name, `no such ${kind === 'lm' ? 'LM' : 'benchmark'} in ${where}; it has ${known.join(', ') || 'none'}`);
  }
}
