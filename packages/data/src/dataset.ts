// The layout of the paper's Hugging Face dataset, and parsers for its JSON files. Browser-safe.
import { parseIrtCsv, parseResponsesCsv } from './csv';
import { DataFormatError, HubError, InvalidArgumentError } from './errors';
import { filterBenchmark } from './alignment';
import { BENCHMARKS, LMS, type IrtTable, type ResponseTable } from './tables';

/** The dataset's repository on the Hugging Face Hub. */
export const DATASET_REPO = 'allenai/fluid-benchmarking';
/** The public hub. `HF_ENDPOINT` overrides it in the Node loaders. */
export const DEFAULT_HUB_URL = 'https://huggingface.co';
export const LEADERBOARD_RESULTS_PATH = 'data/open_llm_leaderboard_results.json';
export const ITEM_MAP_PATH = 'data/id_to_item_map.json';
const IRT_MODELS_FOLDER = 'data/irt_models';
const LM_RESULTS_FOLDER = 'data/lm_eval_results';

/**
 * Checks a benchmark or LM name before it becomes part of a path inside the dataset: a file name (letters,
 * digits, `_`, `-`, `.`), not a path. Any such name is allowed: the dataset, not this package, says which exist.
 *
 * @example
 * ```ts
 * datasetName('lm', 'olmo2-7b'); // returns 'olmo2-7b'
 * datasetName('lm', '../x');     // throws InvalidArgumentError
 * ```
 */
export function datasetName(kind: 'benchmark' | 'lm', name: string): string {
  if (typeof name !== 'string' || !/^[\w][\w.-]*$/.test(name)) {
    throw new InvalidArgumentError(kind, name, `expected a ${kind === 'lm' ? 'model' : 'benchmark'} name (letters, digits, _ - .), e.g. ${kind === 'lm' ? LMS[3] : BENCHMARKS[3]}`);
  }
  return name;
}

/**
 * Path of a benchmark's IRT model inside the dataset.
 *
 * @example
 * ```ts
 * irtModelPath('mmlu'); // returns 'data/irt_models/mmlu.csv'
 * ```
 */
export function irtModelPath(benchmark: string): string {
  return `${IRT_MODELS_FOLDER}/${datasetName('benchmark', benchmark)}.csv`;
}

/**
 * Path of an LM's evaluation results (items × checkpoints) inside the dataset.
 *
 * @example
 * ```ts
 * lmEvalResultsPath('olmo2-7b'); // returns 'data/lm_eval_results/olmo2-7b.csv'
 * ```
 */
export function lmEvalResultsPath(lm: string): string {
  return `${LM_RESULTS_FOLDER}/${datasetName('lm', lm)}.csv`;
}

/**
 * The benchmarks and LMs a list of dataset files holds (`data/irt_models/{benchmark}.csv`,
 * `data/lm_eval_results/{lm}.csv`), sorted.
 *
 * @example
 * ```ts
 * datasetContents(['data/irt_models/mmlu.csv', 'data/lm_eval_results/k2-65b.csv', 'data/id_to_item_map.json']);
 * // returns { benchmarks: ['mmlu'], lms: ['k2-65b'] }
 * ```
 */
export function datasetContents(files: readonly string[]): { benchmarks: string[]; lms: string[] } {
  const namesIn = (folder: string) => files
    .filter((path) => path.startsWith(`${folder}/`) && path.endsWith('.csv') && !path.slice(folder.length + 1).includes('/'))
    .map((path) => path.slice(folder.length + 1, -'.csv'.length))
    .sort();
  return { benchmarks: namesIn(IRT_MODELS_FOLDER), lms: namesIn(LM_RESULTS_FOLDER) };
}

/** The files of the paper's release (six IRT models, six results files, the two JSON files); the loaders list the dataset itself. */
export const DATASET_FILES: readonly string[] = [
  ...BENCHMARKS.map(irtModelPath),
  ...LMS.map(lmEvalResultsPath),
  LEADERBOARD_RESULTS_PATH,
  ITEM_MAP_PATH,
];

/** Accuracy and ability of each Open LLM Leaderboard LM, per benchmark. */
export type LeaderboardResults = Record<string, { accuracy: Record<string, number>; ability: Record<string, number> }>;

/**
 * Parses `open_llm_leaderboard_results.json`: per benchmark, `accuracy` and `ability` maps from LM name to
 * number (the paper starts Fluid Benchmarking at the mean ability).
 *
 * @throws {DataFormatError} when the JSON is invalid or not of that shape.
 * @example
 * ```ts
 * const results = parseLeaderboardResults('{"mmlu": {"accuracy": {"lm1": 0.6}, "ability": {"lm1": 0.3}}}');
 * results.mmlu.ability.lm1; // returns 0.3
 * ```
 */
export function parseLeaderboardResults(text: string, file = LEADERBOARD_RESULTS_PATH): LeaderboardResults {
  const json = parseJsonFile(text, file);
  for (const [benchmark, entry] of Object.entries(json)) {
    for (const field of ['accuracy', 'ability'] as const) {
      const values = (entry as Record<string, unknown> | null)?.[field];
      if (typeof values !== 'object' || values === null) {
        throw new DataFormatError(file, undefined, `${benchmark}.${field}`, values, 'expected an object of LM name -> number');
      }
      for (const [lm, value] of Object.entries(values)) {
        if (typeof value !== 'number') throw new DataFormatError(file, undefined, `${benchmark}.${field}.${lm}`, value, 'expected a number');
      }
    }
  }
  return json as LeaderboardResults;
}

/**
 * Parses `id_to_item_map.json`, which maps each item id to the benchmark item itself.
 *
 * @throws {DataFormatError} when the JSON is invalid or not an object.
 * @example
 * ```ts
 * parseItemMap('{"arc_challenge_0": {"question": "..."}}')['arc_challenge_0']; // returns { question: '...' }
 * ```
 */
export function parseItemMap(text: string, file = ITEM_MAP_PATH): Record<string, unknown> {
  return parseJsonFile(text, file);
}

function parseJsonFile(text: string, file: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DataFormatError(file, undefined, undefined, undefined, `invalid JSON (${(error as Error).message})`, { cause: error });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new DataFormatError(file, undefined, undefined, typeof json, 'expected a JSON object');
  }
  return json as Record<string, unknown>;
}

/** Where and how the browser loaders fetch. */
export interface FetchDatasetOptions {
  /** Branch, tag or commit. Default `'main'`. */
  revision?: string;
  /** Default `https://huggingface.co`. */
  hubUrl?: string;
  /** Default `allenai/fluid-benchmarking`. */
  repo?: string;
  /** Sent as a bearer token. Never put a token in a page that others can read. */
  token?: string;
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/**
 * The `resolve` URL of a file of the dataset.
 *
 * @example
 * ```ts
 * datasetFileUrl('data/irt_models/mmlu.csv', { revision: 'main' });
 * // returns 'https://huggingface.co/datasets/allenai/fluid-benchmarking/resolve/main/data/irt_models/mmlu.csv'
 * ```
 */
export function datasetFileUrl(path: string, options: Pick<FetchDatasetOptions, 'revision' | 'hubUrl' | 'repo'> = {}): string {
  const hubUrl = (options.hubUrl ?? DEFAULT_HUB_URL).replace(/\/+$/, '');
  const revision = encodeURIComponent(options.revision ?? 'main');
  return `${hubUrl}/datasets/${options.repo ?? DATASET_REPO}/resolve/${revision}/${path}`;
}

/**
 * Fetches a file of the dataset as text, without any cache (for browsers; Node code should use the cached
 * loaders of `@fluidbench/data/node`).
 *
 * @throws {HubError} on 404, 401/403, other HTTP errors and network failures.
 * @example
 * ```ts
 * const text = await fetchDatasetText('data/irt_models/gsm8k.csv');
 * text.split('\n')[0]; // returns ',a,b'
 * ```
 */
export async function fetchDatasetText(path: string, options: FetchDatasetOptions = {}): Promise<string> {
  const url = datasetFileUrl(path, options);
  const fields = { repo: options.repo ?? DATASET_REPO, path, revision: options.revision ?? 'main', url };
  let response: Response;
  try {
    response = await (options.fetch ?? globalThis.fetch)(url, {
      headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
    });
  } catch (error) {
    throw new HubError({ ...fields, reason: 'network', detail: (error as Error).message, cause: error });
  }
  if (!response.ok) throw hubErrorFromStatus(response.status, fields);
  return response.text();
}

/**
 * Maps an HTTP status to the matching {@link HubError}.
 *
 * @example
 * ```ts
 * hubErrorFromStatus(401, { repo: DATASET_REPO, path: 'data/id_to_item_map.json', revision: 'main' }).reason;
 * // returns 'unauthorized'
 * ```
 */
export function hubErrorFromStatus(
  status: number,
  fields: { repo: string; path: string; revision: string; url?: string; detail?: string },
): HubError {
  const reason = status === 404 ? 'not-found' : status === 401 || status === 403 ? 'unauthorized' : 'http';
  return new HubError({ ...fields, status, reason });
}

/**
 * Fetches and parses a benchmark's IRT model (browser; no cache).
 *
 * @example
 * ```ts
 * const irt = await fetchIrtModel('arc_challenge', { revision: 'main' });
 * irt.ids.length; // returns 1172
 * ```
 */
export async function fetchIrtModel(benchmark: string, options: FetchDatasetOptions = {}): Promise<IrtTable> {
  const path = irtModelPath(benchmark);
  return parseIrtCsv(await fetchDatasetText(path, options), { file: path });
}

/**
 * Fetches and parses an LM's results (browser; no cache), optionally keeping one benchmark's rows.
 *
 * @example
 * ```ts
 * const results = await fetchLmEvalResults('olmo2-7b', { benchmark: 'gsm8k' });
 * results.ids.length; // returns 1319
 * ```
 */
export async function fetchLmEvalResults(
  lm: string,
  options: FetchDatasetOptions & { benchmark?: string; binarize?: boolean } = {},
): Promise<ResponseTable> {
  const path = lmEvalResultsPath(lm);
  const table = parseResponsesCsv(await fetchDatasetText(path, options), { file: path, binarize: options.binarize });
  return options.benchmark ? filterBenchmark(table, options.benchmark) : table;
}
