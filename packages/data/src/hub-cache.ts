// The dataset's files through a cache laid out exactly as Python's huggingface_hub lays it out:
//   <cacheDir>/datasets--<owner>--<name>/blobs/<etag>
//   <cacheDir>/datasets--<owner>--<name>/snapshots/<commit>/<path>   (relative symlink to the blob)
//   <cacheDir>/datasets--<owner>--<name>/refs/<branch>               (the commit, no newline)
// Cache first: a file present under the resolved commit is read without any request.
import { lstat, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { writeFileAtomically } from './atomic-write';
import { LEADERBOARD_RESULTS_PATH, hubErrorFromStatus } from './dataset';
import { FluidDataError, HubError, InvalidArgumentError, quote } from './errors';
import { resolveHubSettings, type DownloadProgress, type HubOptions, type HubSettings } from './hub-settings';

const COMMIT_HASH = /^[0-9a-f]{40}$/;

/** A file of the dataset in the local cache. */
export interface CachedFile {
  /** Path inside the dataset, e.g. `data/irt_models/mmlu.csv`. */
  path: string;
  /** Absolute path of the snapshot entry (a symlink into `blobs/`). */
  localPath: string;
  /** Size in bytes (0 when broken). */
  size: number;
  /** The snapshot link points to a blob that is gone: the entry must be downloaded again. */
  broken: boolean;
}

/** One cached commit of the dataset with the refs (branches) that point at it. */
export interface CachedRevision {
  commit: string;
  refs: string[];
  files: CachedFile[];
}

/**
 * The dataset's folder in the cache (`<cacheDir>/datasets--allenai--fluid-benchmarking`). Whether or not
 * it exists yet.
 *
 * @example
 * ```ts
 * cachePath({ cacheDir: '/home/me/.cache/huggingface/hub' });
 * // returns '/home/me/.cache/huggingface/hub/datasets--allenai--fluid-benchmarking'
 * ```
 */
export function cachePath(options: Pick<HubOptions, 'cacheDir' | 'repo'> = {}): string {
  const settings = resolveHubSettings(options);
  return repoFolder(settings);
}

function repoFolder(settings: Pick<HubSettings, 'cacheDir' | 'repo'>): string {
  return join(settings.cacheDir, `datasets--${settings.repo.replace('/', '--')}`);
}

/**
 * Returns the local path of one file of the dataset, downloading it into the cache if needed.
 *
 * @throws {HubError} not found, token needed, network failure, or (offline) not cached.
 * @example
 * ```ts
 * const file = await ensureDatasetFile('data/irt_models/gsm8k.csv', { revision: 'main' });
 * file.localPath; // returns '<cache>/datasets--allenai--fluid-benchmarking/snapshots/<commit>/data/irt_models/gsm8k.csv'
 * file.fromCache; // returns true on the second call
 * ```
 */
export async function ensureDatasetFile(
  path: string,
  options: HubOptions = {},
): Promise<{ localPath: string; commit: string; fromCache: boolean }> {
  const settings = resolveHubSettings(options);
  return ensureFile(path, settings);
}

async function ensureFile(path: string, settings: HubSettings): Promise<{ localPath: string; commit: string; fromCache: boolean }> {
  if (path.split('/').includes('..') || path.startsWith('/')) throw new InvalidArgumentError('path', path, 'expected a path inside the dataset');
  const fields = { repo: settings.repo, path, revision: settings.revision };
  const commit = await resolveCommit(path, settings);
  const pointer = join(repoFolder(settings), 'snapshots', commit, ...path.split('/'));
  if (await isFile(pointer)) return { localPath: pointer, commit, fromCache: true };
  const link = await lstat(pointer).catch(() => undefined);
  if (link?.isSymbolicLink()) {
    // the snapshot names the file but its blob is gone (deleted, or a copy of the cache without blobs/)
    const target = await readlink(pointer).catch(() => '?');
    if (settings.offline) {
      throw new HubError({ ...fields, reason: 'corrupt-cache', detail: `${pointer} points to a missing blob (${target}); with network access, \`fluid data download\` fetches it again` });
    }
    await rm(pointer, { force: true });
  }
  if (settings.offline) throw new HubError({ ...fields, reason: 'offline-miss', detail: `looked for ${pointer}` });

  const token = settings.token();
  // the client is loaded on the first cache miss only, so reading from the cache stays cheap
  const { downloadFileToCacheDir } = await import('@huggingface/hub');
  const localPath = await withHubErrors(fields, settings.hubUrl, () =>
    withoutClientChatter(() =>
      downloadFileToCacheDir({
        repo: { type: 'dataset', name: settings.repo },
        path,
        revision: commit,
        hubUrl: settings.hubUrl,
        cacheDir: settings.cacheDir,
        accessToken: token,
        fetch: progressFetch(path, settings.onProgress),
      }),
    ),
  );
  return { localPath, commit, fromCache: false };
}

/**
 * The commit a revision stands for: a commit hash as is; a branch from `refs/<branch>` in the cache
 * (unless `refresh`), else from the hub's `X-Repo-Commit` header, recorded in `refs/` as Python does.
 */
async function resolveCommit(path: string, settings: HubSettings): Promise<string> {
  if (COMMIT_HASH.test(settings.revision)) return settings.revision;
  const refFile = join(repoFolder(settings), 'refs', ...settings.revision.split('/'));
  const fields = { repo: settings.repo, path, revision: settings.revision };
  if (!settings.refresh || settings.offline) {
    const ref = await readRefFile(refFile);
    if (ref.commit) return ref.commit;
    if (settings.offline && ref.text !== undefined) {
      throw new HubError({ ...fields, reason: 'corrupt-cache', detail: `${refFile} holds ${quote(ref.text)}, not a commit hash; delete it, then resolve the branch again with network access` });
    }
    if (settings.offline) throw new HubError({ ...fields, reason: 'offline-miss', detail: `no ${refFile}` });
    // online, a garbled ref is resolved again and overwritten below
  }
  const url = `${settings.hubUrl}/datasets/${settings.repo}/resolve/${encodeURIComponent(settings.revision)}/${path}`;
  const token = settings.token();
  let response: Response;
  try {
    // Like Python: HEAD without following redirects (the CDN's answer lacks the commit header).
    response = await fetch(url, {
      method: 'HEAD',
      redirect: 'manual',
      headers: { 'Accept-Encoding': 'identity', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    });
  } catch (error) {
    throw new HubError({ ...fields, url, reason: 'network', detail: describeNetworkError(error), cause: error });
  }
  if (response.status >= 400) throw hubErrorFromStatus(response.status, { ...fields, url });
  const commit = response.headers.get('x-repo-commit')?.trim().toLowerCase();
  if (!commit || !COMMIT_HASH.test(commit)) {
    throw new HubError({ ...fields, url, status: response.status, reason: 'http', detail: 'no X-Repo-Commit header in the answer' });
  }
  writeFileAtomically(refFile, commit);
  return commit;
}

/**
 * Downloads every file of the dataset (or the `files` given) at one commit into the cache, skipping
 * those already there, and reports where they are.
 *
 * @throws {HubError} as {@link ensureDatasetFile}.
 * @example
 * ```ts
 * const { commit, files } = await downloadDataset({ onProgress: ({ file, loaded, total }) => bar.update(file, loaded, total) });
 * files.length; // returns 14
 * ```
 */
export async function downloadDataset(
  options: HubOptions & { files?: readonly string[] } = {},
): Promise<{ commit: string; files: CachedFile[] }> {
  const settings = resolveHubSettings(options);
  let paths = options.files;
  let pinned = settings;
  if (paths === undefined) {
    // every file the dataset lists under data/ at one commit (the leaderboard file resolves the branch)
    const listing = await listDatasetFiles(options);
    pinned = { ...settings, revision: listing.commit };
    paths = [LEADERBOARD_RESULTS_PATH, ...listing.files.filter((path) => path !== LEADERBOARD_RESULTS_PATH)];
  }
  if (paths.length === 0) throw new InvalidArgumentError('files', paths, 'expected at least one file');
  // Resolve the branch once so that every file comes from the same commit.
  const first = await ensureFile(paths[0], pinned);
  pinned = { ...pinned, revision: first.commit };
  const files: CachedFile[] = [{ path: paths[0], localPath: first.localPath, size: (await stat(first.localPath)).size, broken: false }];
  for (const path of paths.slice(1)) {
    const { localPath } = await ensureFile(path, pinned);
    files.push({ path, localPath, size: (await stat(localPath)).size, broken: false });
  }
  return { commit: first.commit, files };
}

/**
 * Lists the cached commits of the dataset with their refs and files, newest layout as Python writes it.
 * Returns `[]` when nothing is cached.
 *
 * @example
 * ```ts
 * const [revision] = await listCached();
 * revision.refs; // returns ['main']
 * revision.files.map((file) => file.path); // returns ['data/irt_models/arc_challenge.csv', ...]
 * ```
 */
export async function listCached(options: Pick<HubOptions, 'cacheDir' | 'repo'> = {}): Promise<CachedRevision[]> {
  const folder = cachePath(options);
  const snapshots = join(folder, 'snapshots');
  let commits: string[];
  try {
    commits = (await readdir(snapshots, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return [];
  }
  const refsByCommit = new Map<string, string[]>();
  const refsRoot = join(folder, 'refs');
  for (const refFile of await walkFiles(refsRoot)) {
    const commit = await readRef(refFile);
    if (!commit) continue;
    const name = relative(refsRoot, refFile).split(sep).join('/');
    refsByCommit.set(commit, [...(refsByCommit.get(commit) ?? []), name]);
  }
  const revisions: CachedRevision[] = [];
  for (const commit of commits.sort()) {
    const root = join(snapshots, commit);
    const files: CachedFile[] = [];
    for (const localPath of await walkFiles(root)) {
      // stat follows the symlink: a dangling link (blob deleted) is listed as broken.
      const size = await stat(localPath).then((stats) => (stats.isFile() ? stats.size : undefined), () => undefined);
      files.push({ path: relative(root, localPath).split(sep).join('/'), localPath, size: size ?? 0, broken: size === undefined });
    }
    files.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
    revisions.push({ commit, refs: (refsByCommit.get(commit) ?? []).sort(), files });
  }
  return revisions;
}

async function walkFiles(root: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    const full = join(root, entry.name);
    if (entry.isDirectory()) files.push(...(await walkFiles(full)));
    else if (!entry.name.endsWith('.incomplete') && !entry.name.endsWith('.tmp')) files.push(full);
  }
  return files;
}

/** A ref file's commit; `text` without `commit` when the file holds something else (corrupt); neither when missing. */
async function readRefFile(refFile: string): Promise<{ commit?: string; text?: string }> {
  let text: string;
  try {
    text = (await readFile(refFile, 'utf8')).trim();
  } catch {
    return {};
  }
  return COMMIT_HASH.test(text) ? { commit: text, text } : { text };
}

async function readRef(refFile: string): Promise<string | undefined> {
  return (await readRefFile(refFile)).commit;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((stats) => stats.isFile(), () => false);
}

/** Maps the client's errors (HubApiError, plain Errors, fetch failures) to HubError. */
async function withHubErrors<T>(fields: { repo: string; path: string; revision: string }, hubUrl: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (FluidDataError.isInstance(error)) throw error;
    const { HubApiError } = await import('@huggingface/hub');
    if (error instanceof HubApiError) {
      throw new HubError({ ...fields, reason: reasonOf(error.statusCode), status: error.statusCode, url: error.url, cause: error });
    }
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof SyntaxError) {
      throw new HubError({ ...fields, url: hubUrl, reason: 'invalid-answer', detail: message.split('\n')[0].slice(0, 80), cause: error });
    }
    if (error instanceof TypeError && message.includes("must start with 'hf_'")) {
      // The client's own check; restate it without the value.
      throw new InvalidArgumentError('token', '(hidden)', "a Hugging Face access token starts with 'hf_'");
    }
    // paths-info answers [] for a path that the commit does not have.
    if (message.startsWith('cannot get path info') || message.startsWith('invalid response for file')) {
      throw new HubError({ ...fields, reason: 'not-found', cause: error });
    }
    throw new HubError({ ...fields, url: hubUrl, reason: 'network', detail: describeNetworkError(error), cause: error });
  }
}

function reasonOf(status: number): 'not-found' | 'unauthorized' | 'http' {
  return status === 404 ? 'not-found' : status === 401 || status === 403 ? 'unauthorized' : 'http';
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const message = error instanceof Error ? error.message : String(error);
  return cause?.code ?? cause?.message ?? message;
}

/** A fetch that reports the body of plain GETs (the file download itself) through `onProgress`. */
function progressFetch(file: string, onProgress: ((progress: DownloadProgress) => void) | undefined): typeof fetch {
  if (!onProgress) return fetch;
  return async (input, init) => {
    const response = await fetch(input, init);
    const isProbe = new Headers(init?.headers).has('range');
    const method = (init?.method ?? 'GET').toUpperCase();
    if (method !== 'GET' || isProbe || !response.ok || !response.body) return response;
    const declared = Number(response.headers.get('content-length'));
    const total = Number.isFinite(declared) && declared > 0 ? declared : undefined;
    let loaded = 0;
    onProgress({ file, loaded, total });
    const counter = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        onProgress({ file, loaded, total });
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(counter), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

// downloadFileToCacheDir logs "Downloading <path> to <blob>.incomplete" with console.debug, which Node
// writes to stdout, where the CLI writes its results. Drop that one message while our downloads run.
let quietDepth = 0;
let originalDebug: typeof console.debug = console.debug;
async function withoutClientChatter<T>(run: () => Promise<T>): Promise<T> {
  if (quietDepth++ === 0) {
    originalDebug = console.debug;
    console.debug = (...args: unknown[]) => {
      const first = args[0];
      if (typeof first === 'string' && first.startsWith('Downloading ') && first.endsWith('.incomplete')) return;
      originalDebug.apply(console, args);
    };
  }
  try {
    return await run();
  } finally {
    if (--quietDepth === 0) console.debug = originalDebug;
  }
}

/** Files of the dataset at one commit, and where the listing came from. */
export interface DatasetListing {
  commit: string;
  /** Paths inside the dataset under `data/`, sorted. */
  files: string[];
  /** `'hub'`: the file listing at the commit; `'cache'`: the cached snapshot (offline). */
  source: 'hub' | 'cache';
}

/**
 * Lists the dataset's files under `data/` at the revision's commit: from the hub's file listing, or, offline,
 * from the cached snapshot (what the cache holds is what there is).
 *
 * @throws {HubError} as {@link ensureDatasetFile}; `invalid-answer` when the listing is not the hub's JSON.
 * @example
 * ```ts
 * const { files } = await listDatasetFiles({ repo: 'allenai/fluid-benchmarking' });
 * files.includes('data/irt_models/mmlu.csv'); // returns true
 * ```
 */
export async function listDatasetFiles(options: HubOptions = {}): Promise<DatasetListing> {
  const settings = resolveHubSettings(options);
  const commit = await resolveCommit(LEADERBOARD_RESULTS_PATH, settings);
  if (settings.offline) {
    const root = join(repoFolder(settings), 'snapshots', commit);
    const files = (await walkFiles(root)).map((path) => relative(root, path).split(sep).join('/')).filter((path) => path.startsWith('data/')).sort();
    if (files.length === 0) {
      throw new HubError({ repo: settings.repo, path: 'data/', revision: settings.revision, reason: 'offline-miss', detail: `no cached snapshot at ${root}` });
    }
    return { commit, files, source: 'cache' };
  }
  const { listFiles } = await import('@huggingface/hub');
  const fields = { repo: settings.repo, path: 'data/', revision: settings.revision };
  const files = await withHubErrors(fields, settings.hubUrl, async () => {
    const paths: string[] = [];
    for await (const entry of listFiles({
      repo: { type: 'dataset', name: settings.repo }, revision: commit, path: 'data', recursive: true, hubUrl: settings.hubUrl, accessToken: settings.token(),
    })) {
      if (entry.type === 'file') paths.push(entry.path);
    }
    return paths.sort();
  });
  return { commit, files, source: 'hub' };
}
