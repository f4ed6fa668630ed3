// Worlds read from files in the layout of the paper's dataset: a local folder (`--data DIR`) or the
// Hugging Face dataset through @fluidbench/data's cache (`--data hf`). Only IRT models, the leaderboard and
// the results files' header lines are read here; workers read the response columns themselves.
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, fitPolytomous } from '@fluidbench/core';
import {
  BENCHMARKS, DATASET_REPO, DataFormatError, HubError, ITEM_MAP_PATH, LEADERBOARD_RESULTS_PATH, LMS, PAPER_ITEM_COUNTS, datasetContents, ensureDatasetFile, irtModelPath, listDataset,
  checkAlignment, filterBenchmark, isPolyIrtTable, lmEvalResultsPath, metadataPathFor, readResponsesCsv, type Benchmark, parseLeaderboardResults, readCsvHeader, readIrtCsv, readItemBankCsv, type HubOptions,
} from '@fluidbench/data/node';
import { categoriesOf } from './graded';
import type { BenchmarkWorld, GradedBank, Leaderboard, LmWorld, World } from './world';

/** The metadata key of the leaderboard's graded abilities (written by `--write-dataset`; not in the fork's files). */
export const LEADERBOARD_GRADED_KEY = 'leaderboard_graded_ability';

/**
 * The file name of a benchmark's graded bank in the fork's layout, under data/irt_models/.
 *
 * @example
 * ```ts
 * gradedBankFile('truthfulqa_mc2'); // returns 'truthfulqa_mc2_grm_items.csv'
 * ```
 */
export function gradedBankFile(benchmark: string, model: GradedBank['model'] = 'grm'): string {
  return `${benchmark}_${model}_items.csv`;
}

/** Where each file of a world is on disk. */
interface WorldFiles {
  irt: Map<string, string>;
  /** Graded banks (the fork's `{benchmark}_grm_items.csv`, its metadata beside it), where present. */
  graded: Map<string, string>;
  responses: Map<string, string>;
  leaderboard: string;
}

/** Names and labels as the user and the dataset spell them. */
interface WorldLabels {
  description: string;
  identity: Record<string, unknown>;
  /** How to name a file in messages (a path inside the dataset reads better than a cache path). */
  displayName: (path: string) => string;
}

/** Checkpoint names of a results file: every header field after the id column. */
function readCheckpoints(path: string, displayName: string): string[] {
  const header = readCsvHeader(path);
  const checkpoints = header.slice(1).map((name) => name.trim());
  if (checkpoints.length === 0) throw new DataFormatError(displayName, 1, undefined, header.join(','), 'the header names no checkpoint column');
  return checkpoints;
}

function leaderboardOf(results: ReturnType<typeof parseLeaderboardResults>, benchmark: string, file: string): Leaderboard {
  const entry = results[benchmark];
  if (!entry) throw new DataFormatError(file, undefined, benchmark, undefined, 'no leaderboard results for this benchmark');
  const names = Object.keys(entry.ability);
  if (names.length < 2) throw new DataFormatError(file, undefined, `${benchmark}.ability`, names.length, 'need at least two leaderboard LMs');
  const accuracy = names.map((name) => {
    const value = entry.accuracy[name];
    if (value === undefined) throw new DataFormatError(file, undefined, `${benchmark}.accuracy.${name}`, undefined, 'an LM with an ability has no accuracy');
    return value;
  });
  // Checkpoint accuracies are fractions; leaderboard accuracies given in percent are brought to that scale.
  const percent = accuracy.some((x) => x > 1) && accuracy.every((x) => x >= 0 && x <= 100);
  accuracy.forEach((x, k) => {
    if (!(percent || (x >= 0 && x <= 1))) throw new DataFormatError(file, undefined, `${benchmark}.accuracy.${names[k]}`, x, 'an accuracy must lie in [0, 1] (or all in [0, 100] as percentages)');
  });
  return {
    names,
    accuracy: Float64Array.from(accuracy, (x) => (percent ? x / 100 : x)),
    ability: Float64Array.from(names.map((name) => entry.ability[name])),
  };
}

/** How the graded method gets its bank in a file world. */
export interface GradedOptions {
  /**
   * Where the data has no graded bank for a graded benchmark (TruthfulQA MC2), fit a five-category GRM by MML on
   * the evaluated checkpoints' own raw scores (mapped to the nearest of {@link FIT_SCORE_VALUES}).
   */
  fit?: boolean;
}

/**
 * Weak priors (log a ~ N(0, 1), thresholds ~ N(0, 3)): a few LMs' checkpoints identify a five-category GRM
 * poorly (categories few answers fall in), and marginal MAP keeps the fit finite and quick.
 */
export const FIT_PRIORS = { aPrior: [0, 1] as [number, number], bPrior: [0, 3] as [number, number] };

/** Score values of a fitted graded bank: five categories, as the synthetic world's. */
export const FIT_SCORE_VALUES: readonly number[] = [0, 0.25, 0.5, 0.75, 1];

/**
 * A GRM bank fitted on every selected LM's checkpoints on one benchmark (raw scores to categories): the graded
 * method's bank where the data has none. In-sample (it scores the answers it was fitted on), on the scale of
 * those checkpoints (N(0, 1) over them), so the graded method starts at 0.
 */
async function fitGradedBank(benchmark: BenchmarkWorld, files: WorldFiles, displayName: (path: string) => string): Promise<GradedBank> {
  const columns: Float64Array[] = [];
  for (const path of files.responses.values()) {
    const rows = filterBenchmark(await readResponsesCsv(path, { binarize: false }), benchmark.name as Benchmark);
    checkAlignment(benchmark.ids, rows.ids, { irtFile: displayName(files.irt.get(benchmark.name)!), responsesFile: `${displayName(path)} (${benchmark.name} rows)` });
    for (const column of rows.columns) columns.push(categoriesOf(column, FIT_SCORE_VALUES));
  }
  const fit = fitPolytomous(columns, { model: 'grm', ids: benchmark.ids, categories: FIT_SCORE_VALUES.length, ...FIT_PRIORS });
  return {
    model: 'grm', a: fit.table.a!, thresholds: fit.table.thresholds, scoreValues: [...FIT_SCORE_VALUES],
    source: `GRM fitted here (--fit-graded) on the ${columns.length} evaluated checkpoints' raw scores, in-sample${fit.diagnostics.converged ? '' : ', not converged'}`,
    start: 0, inSample: true,
  };
}

/**
 * A graded bank in the fork's layout: the same items as the 2PL model, in its order, with `score_values` in the
 * metadata beside it (raw scores map to categories through them). Graded leaderboard abilities, when the
 * metadata holds them, are set on `leaderboard`.
 */
async function readGradedBank(path: string, ids: readonly string[], displayName: (path: string) => string, leaderboard: Leaderboard): Promise<GradedBank> {
  const file = displayName(path);
  const table = await readItemBankCsv(path);
  if (!isPolyIrtTable(table)) throw new DataFormatError(file, 1, undefined, undefined, 'a graded bank needs threshold columns b1…bK (GRM) or d1…dK');
  checkAlignment(ids, table.ids, { irtFile: file, responsesFile: file });
  const metadata = metadataPathFor(path);
  if (!table.scoreValues) throw new DataFormatError(displayName(metadata), undefined, 'score_values', undefined, 'missing: the graded method maps raw scores to categories through score_values');
  const json = JSON.parse(await readFile(metadata, 'utf8')) as Record<string, unknown>;
  const graded = json[LEADERBOARD_GRADED_KEY] as Record<string, number> | undefined;
  if (graded && leaderboard.names.every((name) => typeof graded[name] === 'number')) {
    leaderboard.gradedAbility = Float64Array.from(leaderboard.names, (name) => graded[name]);
  }
  return {
    model: table.model,
    a: table.a ?? new Float64Array(table.ids.length).fill(1),
    thresholds: table.thresholds,
    scoreValues: table.scoreValues,
    source: `${file}, ${table.model.toUpperCase()}`,
  };
}

/**
 * `completeCopy`: the files come from the paper's dataset as a whole (the hub, or a folder that also holds
 * its item map), so the paper's numbers apply when every benchmark and LM is there at its real size.
 */
async function filesWorld(files: WorldFiles, labels: WorldLabels, completeCopy: boolean, graded: GradedOptions = {}): Promise<World> {
  const leaderboardFile = labels.displayName(files.leaderboard);
  const results = parseLeaderboardResults(await readFile(files.leaderboard, 'utf8'), leaderboardFile);
  const benchmarks: BenchmarkWorld[] = [];
  for (const [name, path] of files.irt) {
    const irt = await readIrtCsv(path);
    if (irt.c?.some((c) => c !== 0) || irt.d?.some((d) => d !== 1)) {
      throw new DataFormatError(labels.displayName(path), undefined, 'c/d', undefined, 'the paper\'s grid uses 2PL models (c = 0, d = 1)');
    }
    const leaderboard = leaderboardOf(results, name, leaderboardFile);
    const gradedPath = files.graded.get(name);
    const graded = gradedPath ? await readGradedBank(gradedPath, irt.ids, labels.displayName, leaderboard) : undefined;
    benchmarks.push({ name, ids: irt.ids, a: irt.a, b: irt.b, leaderboard, ...(graded ? { graded } : {}) });
  }
  const lms: LmWorld[] = [...files.responses].map(([name, path]) => ({ name, checkpoints: readCheckpoints(path, labels.displayName(path)) }));
  if (graded.fit) {
    for (const benchmark of benchmarks.filter((b) => !b.graded && GRADED_BENCHMARKS.includes(b.name))) {
      benchmark.graded = await fitGradedBank(benchmark, files, labels.displayName);
    }
  }
  const isPaperDataset = completeCopy && benchmarks.length === BENCHMARKS.length && lms.length === LMS.length
    && benchmarks.every((b) => PAPER_ITEM_COUNTS[b.name] === b.ids.length) && lms.every((lm) => (LMS as readonly string[]).includes(lm.name));
  return {
    description: labels.description,
    identity: { ...labels.identity, ...(graded.fit ? { fitGraded: true } : {}) },
    isPaperDataset,
    benchmarks,
    lms,
    recipe: (benchmark, lm) => ({
      kind: 'csv', path: files.responses.get(lm.name)!, benchmark: benchmark.name, irtFile: labels.displayName(files.irt.get(benchmark.name)!),
    }),
  };
}

/** Which benchmarks and LMs to use: the requested ones, else every one available. */
export interface Selection {
  benchmarks?: readonly string[];
  lms?: readonly string[];
}

function checkRequested(kind: 'benchmark' | 'lm', requested: readonly string[] | undefined, known: readonly string[], where: string): void {
  for (const name of requested ?? []) {
    if (!known.includes(name)) throw new InvalidArgumentError(`--${kind}s`, name, `no such ${kind === 'lm' ? 'LM' : 'benchmark'} in ${where}; it has ${known.join(', ') || 'none'}`);
  }
}

/** The paper's names first, in its order; then any others, alphabetically. */
function paperOrder(names: readonly string[], paper: readonly string[]): string[] {
  return [...paper.filter((name) => names.includes(name)), ...names.filter((name) => !paper.includes(name)).sort()];
}

function csvNamesIn(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder).filter((file) => file.endsWith('.csv')).map((file) => file.slice(0, -'.csv'.length)) : [];
}

/** Graded banks in the fork's layout sit beside the 2PL models; they name no benchmark of their own. */
const GRADED_BANK_NAME = /_(grm|gpcm|pcm)_items$/;
const GRADED_MODELS: GradedBank['model'][] = ['grm', 'gpcm', 'pcm'];
/** The paper's benchmark whose scores are graded (TruthfulQA MC2's probability mass): the hub is asked for its graded bank only. */
const GRADED_BENCHMARKS = ['truthfulqa_mc2'];

/**
 * A world from a local folder in the dataset's layout: `data/irt_models/{benchmark}.csv`,
 * `data/lm_eval_results/{lm}.csv` (rows of all benchmarks, one column per checkpoint) and
 * `data/open_llm_leaderboard_results.json`. Without a selection, every benchmark and LM present.
 *
 * @throws {DataFormatError} for a missing or malformed file, naming it.
 * @example
 * ```ts
 * const world = await folderWorld('downloads/fluid-benchmarking', { lms: ['olmo2-7b'] });
 * world.lms[0].checkpoints.length; // returns the number of checkpoint columns in olmo2-7b.csv
 * ```
 */
export async function folderWorld(dir: string, selection: Selection = {}, graded: GradedOptions = {}): Promise<World> {
  const root = resolve(dir);
  const inside = (path: string) => join(root, ...path.split('/'));
  const leaderboard = inside(LEADERBOARD_RESULTS_PATH);
  if (!existsSync(leaderboard)) throw new DataFormatError(leaderboard, undefined, undefined, undefined, 'missing: a dataset folder needs data/open_llm_leaderboard_results.json');
  const irtDir = inside('data/irt_models');
  const resultsDir = inside('data/lm_eval_results');
  const contents = datasetContents([
    ...csvNamesIn(irtDir).filter((name) => !GRADED_BANK_NAME.test(name)).map((name) => `data/irt_models/${name}.csv`),
    ...csvNamesIn(resultsDir).map((name) => `data/lm_eval_results/${name}.csv`),
  ]);
  checkRequested('benchmark', selection.benchmarks, contents.benchmarks, `folder ${dir}`);
  checkRequested('lm', selection.lms, contents.lms, `folder ${dir}`);
  const benchmarks = [...(selection.benchmarks ?? paperOrder(contents.benchmarks, BENCHMARKS))];
  if (benchmarks.length === 0) throw new DataFormatError(irtDir, undefined, undefined, undefined, 'no IRT model found (expected data/irt_models/{benchmark}.csv)');
  const lms = [...(selection.lms ?? paperOrder(contents.lms, LMS))];
  if (lms.length === 0) throw new DataFormatError(resultsDir, undefined, undefined, undefined, 'no results file found (expected data/lm_eval_results/{lm}.csv)');
  const files: WorldFiles = {
    irt: new Map(benchmarks.map((b) => [b, inside(irtModelPath(b))])),
    graded: new Map(benchmarks.flatMap((b) => {
      const found = GRADED_MODELS.map((model) => join(irtDir, gradedBankFile(b, model))).find((path) => existsSync(path));
      return found ? [[b, found] as const] : [];
    })),
    responses: new Map(lms.map((lm) => [lm, join(resultsDir, `${lm}.csv`)])),
    leaderboard,
  };
  for (const path of [...files.irt.values(), ...files.responses.values()]) {
    if (!existsSync(path)) throw new DataFormatError(path, undefined, undefined, undefined, 'missing file');
  }
  return filesWorld(files, { description: `folder ${dir}`, identity: { data: 'folder', path: root }, displayName: (path) => path }, existsSync(inside(ITEM_MAP_PATH)), graded);
}

/**
 * The paper's dataset from the Hugging Face Hub through the local cache (downloaded on a miss unless
 * `HF_HUB_OFFLINE`); `HF_ENDPOINT`, `HF_HOME`, `HF_TOKEN` apply as in Python's huggingface_hub.
 *
 * @example
 * ```ts
 * const world = await hubWorld({ benchmarks: ['gsm8k'], lms: ['pythia-7b'] }, { revision: 'main' });
 * world.benchmarks[0].ids.length; // returns 1319
 * ```
 */
export async function hubWorld(selection: Selection = {}, hub: HubOptions = {}, log: (message: string) => void = () => {}, gradedOptions: GradedOptions = {}): Promise<World> {
  const repo = hub.repo ?? DATASET_REPO;
  let listed: Awaited<ReturnType<typeof listDataset>> | undefined;
  // The dataset says what it has; asked only when a list is not given (cache first otherwise).
  const contents = async () => (listed ??= await listDataset(hub));
  const benchmarks = [...(selection.benchmarks ?? paperOrder((await contents()).benchmarks.filter((name) => !GRADED_BANK_NAME.test(name)), BENCHMARKS))];
  const lms = [...(selection.lms ?? paperOrder((await contents()).lms, LMS))];
  const display = new Map<string, string>();
  const fetch = async (path: string) => {
    let announced = false;
    const file = await ensureDatasetFile(path, {
      ...hub,
      onProgress: (progress) => {
        // Cache hits report nothing; a download says so once, with its size when the server gives it.
        if (announced) return;
        announced = true;
        log(`fluid-replicate: downloading ${progress.file}${progress.total ? ` (${(progress.total / 1e6).toFixed(1)} MB)` : ''}`);
      },
    });
    display.set(file.localPath, path);
    return file;
  };
  const leaderboard = await fetch(LEADERBOARD_RESULTS_PATH);
  const fetchNamed = async (kind: 'benchmark' | 'lm', name: string) => {
    try {
      return (await fetch(kind === 'lm' ? lmEvalResultsPath(name) : irtModelPath(name))).localPath;
    } catch (error) {
      if (!(error instanceof HubError) || (error.reason !== 'not-found' && error.reason !== 'offline-miss')) throw error;
      const known = await contents().then((c) => (kind === 'lm' ? c.lms : c.benchmarks), () => undefined);
      if (known === undefined || known.includes(name)) throw error;
      checkRequested(kind, [name], known, `${repo} at ${hub.revision ?? 'main'}`);
      throw error;
    }
  };
  const irt = new Map<string, string>();
  for (const b of benchmarks) irt.set(b, await fetchNamed('benchmark', b));
  const responses = new Map<string, string>();
  for (const lm of lms) responses.set(lm, await fetchNamed('lm', lm));
  const graded = new Map<string, string>();
  for (const b of benchmarks.filter((name) => GRADED_BENCHMARKS.includes(name))) {
    // the paper's dataset has no graded bank; a fork (--repo) may
    try {
      const bank = await fetch(`data/irt_models/${gradedBankFile(b)}`);
      await fetch(`data/irt_models/${b}_metadata.json`);
      graded.set(b, bank.localPath);
    } catch (error) {
      if (!(error instanceof HubError) || (error.reason !== 'not-found' && error.reason !== 'offline-miss')) throw error;
    }
  }
  return filesWorld({ irt, responses, graded, leaderboard: leaderboard.localPath }, {
    description: `Hugging Face dataset ${repo} @ ${leaderboard.commit.slice(0, 12)}`,
    identity: { data: 'hf', ...(repo === DATASET_REPO ? {} : { repo }), commit: leaderboard.commit },
    displayName: (path) => display.get(path) ?? path,
  }, true, gradedOptions);
}
