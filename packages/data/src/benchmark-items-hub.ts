// Builds a benchmark's live items from the paper's dataset and the benchmark's source dataset, both read
// through the hub cache, and keeps the result beside the dataset in that cache so later runs need no
// network:   <cacheDir>/datasets--allenai--fluid-benchmarking/fluidbench-items/<dataset commit>/
//              <benchmark>.<shots>-shot.seed-<seed>.jsonl   (the items, one a line)
//              <benchmark>.<shots>-shot.seed-<seed>.report.json   (written last: its presence marks a complete build)
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from './atomic-write';
import { buildBenchmarkItems, HARNESS_SEED, type ItemsReport } from './benchmark-items';
import { BENCHMARK_SOURCES } from './benchmark-sources';
import { parseIrtCsv } from './csv';
import { DATASET_REPO, ITEM_MAP_PATH, irtModelPath, parseItemMap } from './dataset';
import { DataFormatError } from './errors';
import { cachePath, ensureDatasetFile } from './hub-cache';
import type { HubOptions } from './hub-settings';
import { LEADERBOARD_TASKS } from './leaderboard-tasks';
import { formatItemsJsonl, type LiveItem } from './live-items';
import { readParquetRows } from './parquet-rows';
import type { SourceRows } from './source-rows';
import type { Benchmark } from './tables';

/** The folder inside the dataset's cache folder that holds built items. */
export const ITEMS_CACHE_FOLDER = 'fluidbench-items';

/** Options of {@link ensureBenchmarkItems}: where the hub and cache are, and which prompts to build. */
export interface BenchmarkItemsOptions extends HubOptions {
  /** Few-shot examples per prompt. Default: the leaderboard's. */
  shots?: number;
  /** Default 42, the harness's seed, which reproduces the leaderboard's examples. */
  seed?: number;
  /** Build again even when the cache has the items. */
  rebuild?: boolean;
}

/** Where a source dataset was read from. */
export interface SourceRecord {
  repo: string;
  revision: string;
  commit: string;
  files: string[];
}

/** The report kept beside the items: the join's counts and where every input came from. */
export interface StoredItemsReport extends ItemsReport {
  dataset: { repo: string; commit: string };
  sources: SourceRecord[];
}

/** Items of one benchmark, ready for `fluid eval`. */
export interface BenchmarkItems {
  items: LiveItem[];
  report: StoredItemsReport;
  /** The items file in the cache. */
  path: string;
  fromCache: boolean;
}

/**
 * The items of a benchmark: from the cache when built before (no request at all), else built from the
 * dataset's item map and IRT model and the benchmark's source dataset (downloaded on a miss unless
 * offline) and written to the cache atomically.
 *
 * @throws {HubError} when an input is neither cached nor downloadable; {@link DataFormatError} when an
 *   input is malformed (a truncated parquet file, an item map entry without text); nothing is written then.
 * @example
 * ```ts
 * const { items, report, fromCache } = await ensureBenchmarkItems('arc_challenge');
 * items[0].type;   // returns 'multiple_choice'
 * report.exact;    // returns how many items matched their source text exactly
 * ```
 */
export async function ensureBenchmarkItems(benchmark: Benchmark, options: BenchmarkItemsOptions = {}): Promise<BenchmarkItems> {
  const task = LEADERBOARD_TASKS[benchmark];
  const shots = options.shots ?? task.defaultShots;
  const seed = options.seed ?? HARNESS_SEED;
  const irtFile = await ensureDatasetFile(irtModelPath(benchmark), options);
  const folder = join(cachePath(options), ITEMS_CACHE_FOLDER, irtFile.commit);
  const base = join(folder, `${benchmark}.${shots}-shot.seed-${seed}`);
  const path = `${base}.jsonl`;
  const reportPath = `${base}.report.json`;
  if (!options.rebuild) {
    const cached = await readCachedItems(path, reportPath);
    if (cached) return { ...cached, path, fromCache: true };
  }

  // Every dataset file from the commit the IRT model came from.
  const pinned: HubOptions = { ...options, revision: irtFile.commit };
  const ids = parseIrtCsv(await readFile(irtFile.localPath, 'utf8'), { file: irtModelPath(benchmark) }).ids;
  const itemMap = parseItemMap(await readFile((await ensureDatasetFile(ITEM_MAP_PATH, pinned)).localPath, 'utf8'));

  const source = BENCHMARK_SOURCES[benchmark];
  const sourceOptions: HubOptions = { ...options, repo: source.repo, revision: source.revision, refresh: false };
  const records: SourceRecord[] = [];
  const readFiles = async (files: readonly string[]): Promise<SourceRows[]> => {
    const tables: SourceRows[] = [];
    for (const file of files) {
      const local = await ensureDatasetFile(file, sourceOptions);
      // The first file fixes the commit, so every file of the source comes from the same one.
      sourceOptions.revision = local.commit;
      const name = `${source.repo}: ${file}`;
      tables.push({ file: name, rows: await readParquetRows(await readFile(local.localPath), name) });
      const record = records.find((entry) => entry.commit === local.commit);
      if (record) record.files.push(file);
      else records.push({ repo: source.repo, revision: source.revision, commit: local.commit, files: [file] });
    }
    return tables;
  };
  const evalRows = await readFiles(source.evalFiles);
  const shotRows = shots > 0 ? await readFiles(source.shotFiles) : [];
  const { items, report } = buildBenchmarkItems({ benchmark, ids, itemMap, evalRows, shotRows, shots, seed });
  const stored: StoredItemsReport = { ...report, dataset: { repo: options.repo ?? DATASET_REPO, commit: irtFile.commit }, sources: records };
  writeFileAtomically(path, formatItemsJsonl(items));
  writeFileAtomically(reportPath, `${JSON.stringify(stored, null, 1)}\n`);
  return { items, report: stored, path, fromCache: false };
}

async function readCachedItems(path: string, reportPath: string): Promise<{ items: LiveItem[]; report: StoredItemsReport } | undefined> {
  let reportText: string;
  let itemsText: string;
  try {
    reportText = await readFile(reportPath, 'utf8');
    itemsText = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const report = JSON.parse(reportText) as StoredItemsReport;
    const items = itemsText.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as LiveItem);
    if (items.length !== report.built) return undefined; // not the pair written together: build again
    return { items, report };
  } catch (error) {
    throw new DataFormatError(path, undefined, undefined, undefined, `cached items are unreadable (${(error as Error).message}); run \`fluid data items\` with --rebuild`, { cause: error });
  }
}
