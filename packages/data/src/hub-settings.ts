// Resolves the hub options against the environment variables Python's huggingface_hub reads. The JS
// client ignores HF_ENDPOINT and HF_HUB_OFFLINE, so we apply them ourselves, at call time.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DATASET_REPO, DEFAULT_HUB_URL } from './dataset';
import { InvalidArgumentError } from './errors';

/** Progress of one file download, for a progress bar. `total` is undefined when the server does not say. */
export interface DownloadProgress {
  /** Path of the file inside the dataset, e.g. `data/irt_models/mmlu.csv`. */
  file: string;
  loaded: number;
  total: number | undefined;
}

/** Where the Node loaders find the dataset. Every field has an environment default. */
export interface HubOptions {
  /** Branch, tag or 40-hex commit. Default `'main'`. A branch is resolved once and recorded in `refs/`. */
  revision?: string;
  /** Cache root. Default `HF_HUB_CACHE`, else `HF_HOME/hub`, else `~/.cache/huggingface/hub` (Python's). */
  cacheDir?: string;
  /** Default `HF_ENDPOINT`, else `https://huggingface.co`. */
  hubUrl?: string;
  /** Access token (starts with `hf_`). Default `HF_TOKEN`, else the token file Python's `hf auth login` writes. */
  token?: string;
  /** Never touch the network; fail when the cache lacks a file. Default: `HF_HUB_OFFLINE` is `1`/`true`/`yes`/`on`. */
  offline?: boolean;
  /** Re-resolve a branch on the hub even when the cache has a ref for it. Default `false` (cache first). */
  refresh?: boolean;
  /** Dataset repository. Default `allenai/fluid-benchmarking`. */
  repo?: string;
  /** Called as a download progresses (not for cache hits). */
  onProgress?: (progress: DownloadProgress) => void;
}

export interface HubSettings {
  repo: string;
  revision: string;
  cacheDir: string;
  hubUrl: string;
  offline: boolean;
  refresh: boolean;
  /** Read lazily: the token file is only looked at when a request is about to be made. */
  token: () => string | undefined;
  onProgress: ((progress: DownloadProgress) => void) | undefined;
}

const TRUE_SPELLINGS = new Set(['1', 'true', 'yes', 'on']);

/**
 * Fills every hub option from its environment variable or default; validates `repo` and `revision`.
 *
 * @example
 * ```ts
 * resolveHubSettings({ revision: 'main' }, { HF_HUB_OFFLINE: '1', HF_HOME: '/data/hf' });
 * // returns { revision: 'main', offline: true, cacheDir: '/data/hf/hub', hubUrl: 'https://huggingface.co', ... }
 * ```
 */
export function resolveHubSettings(options: HubOptions = {}, environment: NodeJS.ProcessEnv = process.env): HubSettings {
  const repo = options.repo ?? DATASET_REPO;
  const repoParts = repo.split('/');
  // The name becomes a cache folder: no dot-only parts, which would climb out of it.
  if (repoParts.length !== 2 || repoParts.some((part) => !/^[\w.-]+$/.test(part) || /^\.+$/.test(part))) {
    throw new InvalidArgumentError('repo', repo, 'expected "owner/name"');
  }
  const revision = options.revision ?? 'main';
  if (revision === '' || revision.split('/').some((part) => part === '..' || part === '.' || part === '') || revision.includes('\\')) {
    throw new InvalidArgumentError('revision', revision, 'expected a branch, tag or commit hash');
  }
  const hubUrl = (options.hubUrl ?? nonEmpty(environment['HF_ENDPOINT']) ?? DEFAULT_HUB_URL).replace(/\/+$/, '');
  return {
    repo,
    revision,
    cacheDir: options.cacheDir ?? defaultCacheDir(environment),
    hubUrl,
    offline: options.offline ?? TRUE_SPELLINGS.has((environment['HF_HUB_OFFLINE'] ?? '').trim().toLowerCase()),
    refresh: options.refresh ?? false,
    token: () => options.token ?? nonEmpty(environment['HF_TOKEN']) ?? nonEmpty(environment['HUGGING_FACE_HUB_TOKEN']) ?? readTokenFile(environment),
    onProgress: options.onProgress,
  };
}

/**
 * The hub cache root, as Python's huggingface_hub computes it.
 *
 * @example
 * ```ts
 * defaultCacheDir({ HF_HOME: '/data/hf' }); // returns '/data/hf/hub'
 * ```
 */
export function defaultCacheDir(environment: NodeJS.ProcessEnv = process.env): string {
  const explicit = nonEmpty(environment['HF_HUB_CACHE']) ?? nonEmpty(environment['HUGGINGFACE_HUB_CACHE']);
  if (explicit) return explicit;
  return join(huggingFaceHome(environment), 'hub');
}

function huggingFaceHome(environment: NodeJS.ProcessEnv): string {
  return nonEmpty(environment['HF_HOME']) ?? join(nonEmpty(environment['XDG_CACHE_HOME']) ?? join(homedir(), '.cache'), 'huggingface');
}

function readTokenFile(environment: NodeJS.ProcessEnv): string | undefined {
  const path = nonEmpty(environment['HF_TOKEN_PATH']) ?? join(huggingFaceHome(environment), 'token');
  try {
    return nonEmpty(readFileSync(path, 'utf8').trim());
  } catch {
    return undefined;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
