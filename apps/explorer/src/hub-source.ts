// The paper's dataset in the browser: the file listing and commit from the hub's API, files through
// @fluidbench/data's browser loader, every response kept in Cache Storage so that a reload works offline.
import { BENCHMARKS, DATASET_REPO, DEFAULT_HUB_URL, ITEM_MAP_PATH, LEADERBOARD_RESULTS_PATH, LMS, datasetFileUrl, fetchDatasetText } from '@fluidbench/data';
import type { Catalog, HubLocation } from './protocol';

/** The Cache Storage bucket; bump the version when what is stored changes shape. */
export const CACHE_NAME = 'fluidbench-explorer-v1';
const IRT_MODEL = /^data\/irt_models\/([^/]+)\.csv$/;
const LM_RESULTS = /^data\/lm_eval_results\/([^/]+)\.csv$/;

// The listing may name benchmarks and LMs that @fluidbench/data's closed lists do not know yet, so the paths
// are built here, by the same layout the two patterns above read.
/** Path of a benchmark's IRT model in the dataset. */
export const irtPathOf = (benchmark: string): string => `data/irt_models/${benchmark}.csv`;
/** Path of an LM's results in the dataset. */
export const resultsPathOf = (lm: string): string => `data/lm_eval_results/${lm}.csv`;
const COMMIT = /^[0-9a-f]{40}$/;

/** Called as a download advances: bytes so far and the total when the server says. */
export type DownloadListener = (path: string, loaded: number, total: number | undefined) => void;

/**
 * The hub API's URL for a revision's metadata (its commit and file listing).
 *
 * @example
 * ```ts
 * revisionInfoUrl({ hubUrl: 'https://huggingface.co', repo: 'allenai/fluid-benchmarking', revision: 'main' });
 * // returns 'https://huggingface.co/api/datasets/allenai/fluid-benchmarking/revision/main'
 * ```
 */
export function revisionInfoUrl(hub: HubLocation): string {
  return `${hub.hubUrl.replace(/\/+$/, '')}/api/datasets/${hub.repo}/revision/${encodeURIComponent(hub.revision)}`;
}

/**
 * Benchmarks, LMs and the optional JSON files named in a file listing.
 *
 * @example
 * ```ts
 * catalogOfListing(hub, ['data/irt_models/mmlu.csv', 'data/lm_eval_results/olmo2-7b.csv', 'README.md'], 'a'.repeat(40));
 * // returns { location: hub, commit: 'aaa…', benchmarks: ['mmlu'], lms: ['olmo2-7b'], hasLeaderboard: false, hasItemMap: false, fromCache: false }
 * ```
 */
export function catalogOfListing(location: HubLocation, paths: readonly string[], commit: string | null, fromCache = false): Catalog {
  const names = (pattern: RegExp) => paths.flatMap((path) => pattern.exec(path)?.[1] ?? []).sort();
  return {
    location,
    commit,
    benchmarks: names(IRT_MODEL),
    lms: names(LM_RESULTS),
    hasLeaderboard: paths.includes(LEADERBOARD_RESULTS_PATH),
    hasItemMap: paths.includes(ITEM_MAP_PATH),
    fromCache,
  };
}

/**
 * Reads the revision's commit and listing from the hub's API (network first, the cache when the hub does not
 * answer). A mirror without the API still works: the catalog then falls back to the paper's six benchmarks
 * and six LMs at the revision as given.
 *
 * @example
 * ```ts
 * const catalog = await openCatalog({ hubUrl: '', repo: '', revision: 'main' }); // the public hub, the paper's dataset
 * catalog.benchmarks; // returns ['arc_challenge', 'gsm8k', 'hellaswag', 'mmlu', 'truthfulqa_mc2', 'winogrande']
 * ```
 */
export async function openCatalog(requested: HubLocation): Promise<Catalog> {
  const hub = {
    hubUrl: requested.hubUrl || DEFAULT_HUB_URL,
    repo: requested.repo || DATASET_REPO,
    revision: requested.revision || 'main',
  };
  const url = revisionInfoUrl(hub);
  let info: unknown;
  let fromCache = false;
  try {
    const response = await fetch(url);
    if (response.ok) {
      info = await response.clone().json();
      await (await openCache())?.put(url, response);
    }
  } catch {
    // The hub is unreachable: the listing saved on an earlier visit serves.
  }
  if (info === undefined) {
    const cached = await (await openCache())?.match(url);
    if (cached) {
      info = await cached.json();
      fromCache = true;
    }
  }
  const listing = info as { sha?: unknown; siblings?: { rfilename?: unknown }[] } | undefined;
  const paths = Array.isArray(listing?.siblings) ? listing.siblings.flatMap((s) => (typeof s.rfilename === 'string' ? [s.rfilename] : [])) : [];
  const commit = typeof listing?.sha === 'string' && COMMIT.test(listing.sha) ? listing.sha : COMMIT.test(hub.revision) ? hub.revision : null;
  if (paths.length === 0) {
    return { location: hub, commit, benchmarks: [...BENCHMARKS], lms: [...LMS], hasLeaderboard: true, hasItemMap: true, fromCache };
  }
  return catalogOfListing(hub, paths, commit, fromCache);
}

/**
 * Fetches a file of the dataset as text through `@fluidbench/data`'s loader (its errors and URLs), pinned to
 * the catalog's commit, from Cache Storage when it is there, else from the hub (then stored).
 *
 * @throws {HubError} when the file is neither cached nor downloadable.
 * @example
 * ```ts
 * const text = await datasetText('data/irt_models/mmlu.csv', hub, catalog);
 * text.split('\n')[0]; // returns ',a,b'
 * ```
 */
export async function datasetText(path: string, hub: HubLocation, catalog: Catalog, onProgress?: DownloadListener): Promise<string> {
  const revision = catalog.commit ?? hub.revision;
  return fetchDatasetText(path, {
    hubUrl: hub.hubUrl,
    repo: hub.repo,
    revision,
    fetch: cachingFetch(path, catalog.commit !== null, onProgress),
  });
}

/**
 * A `fetch` that answers from Cache Storage first when the URL names a commit (its content never changes),
 * else from the network first; successful downloads are read with progress and stored.
 */
function cachingFetch(path: string, immutable: boolean, onProgress?: DownloadListener): typeof fetch {
  return async (input, init) => {
    const url = String(input);
    const cache = await openCache();
    if (immutable) {
      const hit = await cache?.match(url);
      if (hit) return hit;
    }
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      const hit = await cache?.match(url);
      if (hit) return hit;
      throw error;
    }
    if (!response.ok) return response;
    const body = await readWithProgress(response, (loaded, total) => onProgress?.(path, loaded, total));
    const headers = { 'Content-Type': response.headers.get('Content-Type') ?? 'text/plain' };
    await cache?.put(url, new Response(body, { headers }));
    return new Response(body, { headers });
  };
}

async function readWithProgress(response: Response, onProgress: (loaded: number, total: number | undefined) => void): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(response.headers.get('Content-Length'));
  const total = Number.isFinite(declared) && declared > 0 ? declared : undefined;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress(loaded, total);
  }
  const body = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

/** Marks the cache entry of a file's parsed form; bump it when the packed layout changes. */
const PARSED_KEY = 'fluidbench-parsed=v1';

/**
 * The Cache Storage key of a derived form of a dataset file (its parsed table, say), or undefined when the
 * file is not pinned to a commit (then its content may change, and nothing derived is kept).
 *
 * @example
 * ```ts
 * derivedKey('data/lm_eval_results/olmo2-7b.csv', hub, { ...catalog, commit: 'c'.repeat(40) });
 * // returns 'https://huggingface.co/datasets/allenai/fluid-benchmarking/resolve/ccc…/data/lm_eval_results/olmo2-7b.csv?fluidbench-parsed=v1'
 * ```
 */
export function derivedKey(path: string, hub: HubLocation, catalog: Catalog): string | undefined {
  if (catalog.commit === null) return undefined;
  return `${datasetFileUrl(path, { hubUrl: hub.hubUrl, repo: hub.repo, revision: catalog.commit })}?${PARSED_KEY}`;
}

/** Bytes stored under a key, or undefined. */
export async function cachedBytes(key: string): Promise<Uint8Array | undefined> {
  const hit = await (await openCache())?.match(key);
  return hit ? new Uint8Array(await hit.arrayBuffer()) : undefined;
}

/** Stores bytes under a key (nothing where the page has no Cache Storage). */
export async function storeBytes(key: string, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
  await (await openCache())?.put(key, new Response(bytes, { headers: { 'Content-Type': 'application/octet-stream' } }));
}

/** Cache Storage, or undefined where the page is not a secure context (then every load goes to the hub). */
async function openCache(): Promise<Cache | undefined> {
  if (typeof caches === 'undefined') return undefined;
  try {
    return await caches.open(CACHE_NAME);
  } catch {
    return undefined;
  }
}

