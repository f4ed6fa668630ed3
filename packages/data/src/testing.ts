// `@fluidbench/data/testing`: a loopback HTTP server that speaks the parts of the Hugging Face Hub protocol
// the loaders use, so the real @huggingface/hub client downloads through it (this package's tests and the
// apps' tests use it; so can yours). Binds 127.0.0.1 on a random port only. Node only.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** File contents: text, or bytes for binary files such as parquet. */
export type FakeFileContent = string | Uint8Array;

/** One dataset repository the fake hub serves. */
export interface FakeRepo {
  /** Commit hash -> files (path -> content) at that commit. */
  commits: Record<string, Record<string, FakeFileContent>>;
  /** Branch (or other ref, e.g. `refs/convert/parquet`) -> commit hash. */
  branches: Record<string, string>;
}

export interface FakeHubOptions extends FakeRepo {
  /** `owner/name`. */
  repo: string;
  /** More dataset repositories, by `owner/name`, served beside `repo`. */
  otherRepos?: Record<string, FakeRepo>;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  requiredToken?: string;
  /** Paths whose body is cut off halfway, as a dropped connection would. */
  truncate?: Set<string>;
  /** Answer every API (JSON) request with this HTML page and status 200, as a captive portal or a wrong HF_ENDPOINT does. */
  htmlInsteadOfJson?: string;
}

export interface FakeHub {
  url: string;
  /** `METHOD /path` of every request, in order. */
  requests: string[];
  options: FakeHubOptions;
  close(): Promise<void>;
}

/**
 * The git blob id of a file: the ETag the hub sends for files not stored with LFS.
 *
 * @example
 * ```ts
 * gitBlobSha1(''); // returns 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391'
 * ```
 */
export function gitBlobSha1(content: FakeFileContent): string {
  const bytes = Buffer.from(content);
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/**
 * Starts a fake hub serving `options.repo` at the given commits and branches; `close()` it when done.
 *
 * @example
 * ```ts
 * const hub = await startFakeHub({ repo: 'allenai/fluid-benchmarking', commits: { [sha]: { 'data/a.csv': ',a,b\n' } }, branches: { main: sha } });
 * const file = await ensureDatasetFile('data/a.csv', { hubUrl: hub.url, revision: sha, cacheDir }); // through the real client
 * file.commit === sha; // returns true
 * hub.requests.length > 0; // returns true
 * await hub.close();
 * ```
 */
export async function startFakeHub(options: FakeHubOptions): Promise<FakeHub> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    handle(options, request, response).catch((error: unknown) => {
      response.statusCode = 500;
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    options,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(options: FakeHubOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  // As the hub does, so that pages on other origins (the explorer) can read files and headers.
  response.setHeader('Access-Control-Allow-Origin', '*');
  response.setHeader('Access-Control-Expose-Headers', 'ETag, X-Repo-Commit, Content-Range, Content-Length, X-Error-Code, X-Error-Message');
  if (request.method === 'OPTIONS') {
    response.statusCode = 204;
    response.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, OPTIONS');
    response.setHeader('Access-Control-Allow-Headers', 'Authorization, Range, Content-Type');
    return void response.end();
  }
  const repoName = /^\/(?:api\/)?datasets\/([^/]+\/[^/]+)\//.exec(url.pathname)?.[1] ?? options.repo;
  const repo: FakeRepo | undefined = repoName === options.repo ? options : options.otherRepos?.[repoName];
  if (!repo) return sendError(response, 401, 'RepoNotFound', `Repository not found: ${repoName}`);
  const resolvePrefix = `/datasets/${repoName}/resolve/`;
  const pathsInfoPrefix = `/api/datasets/${repoName}/paths-info/`;
  const revisionPrefix = `/api/datasets/${repoName}/revision/`;
  const treePrefix = `/api/datasets/${repoName}/tree/`;
  if (options.requiredToken && request.headers.authorization !== `Bearer ${options.requiredToken}`) {
    return sendError(response, 401, 'GatedRepo', 'Access to this dataset is restricted.');
  }

  if (options.htmlInsteadOfJson !== undefined && url.pathname.startsWith('/api/')) {
    response.setHeader('Content-Type', 'text/html');
    return void response.end(options.htmlInsteadOfJson);
  }

  // The file listing (`listFiles`): GET /api/datasets/{repo}/tree/{rev}/{path}?recursive=true, one page.
  if (url.pathname.startsWith(treePrefix) && request.method === 'GET') {
    const rest = url.pathname.slice(treePrefix.length);
    const slash = rest.indexOf('/');
    const revision = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash));
    const folder = slash < 0 ? '' : `${rest.slice(slash + 1).replace(/\/+$/, '')}/`;
    const commit = commitOf(repo, revision);
    if (!commit) return sendError(response, 404, 'RevisionNotFound', `Invalid rev id: ${revision}`);
    const recursive = url.searchParams.get('recursive') === 'true';
    const entries = Object.entries(repo.commits[commit])
      .filter(([path]) => path.startsWith(folder) && (recursive || !path.slice(folder.length).includes('/')))
      .map(([path, content]) => ({ type: 'file', oid: gitBlobSha1(content), size: Buffer.byteLength(content), path }));
    response.setHeader('Content-Type', 'application/json');
    return void response.end(JSON.stringify(entries));
  }

  if (url.pathname.startsWith(pathsInfoPrefix) && request.method === 'POST') {
    const revision = decodeURIComponent(url.pathname.slice(pathsInfoPrefix.length));
    const commit = commitOf(repo, revision);
    if (!commit) return sendError(response, 404, 'RevisionNotFound', `Invalid rev id: ${revision}`);
    const body = JSON.parse(await readBody(request)) as { paths: string[] };
    const files = repo.commits[commit];
    const infos = body.paths
      .filter((path) => path in files)
      .map((path) => ({
        type: 'file',
        oid: gitBlobSha1(files[path]),
        size: Buffer.from(files[path]).length,
        path,
        lastCommit: { id: commit, title: 'Add data', date: '2025-09-01T00:00:00.000Z' },
      }));
    response.setHeader('Content-Type', 'application/json');
    return void response.end(JSON.stringify(infos));
  }

  // The dataset's metadata at a revision: its commit (`sha`) and file listing (`siblings`).
  if (url.pathname.startsWith(revisionPrefix) && request.method === 'GET') {
    const revision = decodeURIComponent(url.pathname.slice(revisionPrefix.length));
    const commit = commitOf(repo, revision);
    if (!commit) return sendError(response, 404, 'RevisionNotFound', `Invalid rev id: ${revision}`);
    response.setHeader('Content-Type', 'application/json');
    const siblings = Object.keys(repo.commits[commit]).map((rfilename) => ({ rfilename }));
    return void response.end(JSON.stringify({ id: repoName, sha: commit, siblings }));
  }

  if (url.pathname.startsWith(resolvePrefix) && (request.method === 'GET' || request.method === 'HEAD')) {
    const rest = url.pathname.slice(resolvePrefix.length);
    const slash = rest.indexOf('/');
    const revision = decodeURIComponent(rest.slice(0, slash));
    const path = rest.slice(slash + 1);
    const commit = commitOf(repo, revision);
    if (!commit) return sendError(response, 404, 'RevisionNotFound', `Invalid rev id: ${revision}`);
    const content = repo.commits[commit][decodeURIComponent(path)];
    if (content === undefined) return sendError(response, 404, 'EntryNotFound', `${path} does not exist`);
    const bytes = Buffer.from(content);
    response.setHeader('ETag', `"${gitBlobSha1(bytes)}"`);
    response.setHeader('X-Repo-Commit', commit);
    response.setHeader('Accept-Ranges', 'bytes');
    response.setHeader('Content-Type', 'text/plain; charset=utf-8');
    if (request.headers.range === 'bytes=0-0') {
      response.statusCode = 206;
      response.setHeader('Content-Range', `bytes 0-0/${bytes.length}`);
      response.setHeader('Content-Length', '1');
      return void response.end(request.method === 'HEAD' ? undefined : bytes.subarray(0, 1));
    }
    response.setHeader('Content-Length', String(bytes.length));
    if (request.method === 'HEAD') return void response.end();
    if (options.truncate?.has(path)) {
      response.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      return void setTimeout(() => response.socket?.destroy(), 20);
    }
    return void response.end(bytes);
  }
  sendError(response, 404, 'NotFound', `no route for ${request.method} ${url.pathname}`);
}

function commitOf(repo: FakeRepo, revision: string): string | undefined {
  if (revision in repo.commits) return revision;
  return repo.branches[revision];
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  response.statusCode = status;
  response.setHeader('X-Error-Code', code);
  response.setHeader('X-Error-Message', message);
  response.setHeader('Content-Type', 'application/json');
  response.end(JSON.stringify({ error: message }));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Every environment variable the hub loaders read (HF_HOME aside): a test blanks them all. */
export const HUB_ENVIRONMENT_VARIABLES = Object.freeze([
  'HF_HUB_CACHE', 'HUGGINGFACE_HUB_CACHE', 'HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'HF_TOKEN_PATH', 'HF_HUB_OFFLINE', 'HF_ENDPOINT', 'XDG_CACHE_HOME',
]);

/**
 * A scratch folder for one hub test, with the environment that isolates the loaders from the machine's own
 * Hugging Face settings (every variable they read blanked, `HF_HOME` inside the folder) and the fake hub it
 * serves, closed with the folder by `dispose()`.
 *
 * @example
 * ```ts
 * const sandbox = await HubSandbox.create('fluidbench-data-');
 * for (const [name, value] of Object.entries(sandbox.environment)) vi.stubEnv(name, value);
 * const hub = await sandbox.serve({ repo: 'allenai/fluid-benchmarking', commits: { [sha]: files } });
 * sandbox.cacheDir; // returns '<dir>/hub-cache'
 * await sandbox.dispose();
 * ```
 */
export class HubSandbox {
  /** The hub this sandbox serves (until `dispose()`). */
  hub: FakeHub | undefined;
  readonly cacheDir: string;

  private constructor(readonly dir: string) {
    this.cacheDir = join(dir, 'hub-cache');
  }

  /** Makes a fresh scratch folder under the system's temporary folder. */
  static async create(prefix: string): Promise<HubSandbox> {
    return new HubSandbox(await mkdtemp(join(tmpdir(), prefix)));
  }

  /** The variables to set for the test: the loaders' own ones empty, `HF_HOME` in the scratch folder. */
  get environment(): Record<string, string> {
    return { ...Object.fromEntries(HUB_ENVIRONMENT_VARIABLES.map((name) => [name, ''])), HF_HOME: join(this.dir, 'hf-home') };
  }

  /** Starts a fake hub (see {@link startFakeHub}); `dispose()` closes it. */
  async serve(options: FakeHubOptions): Promise<FakeHub> {
    this.hub = await startFakeHub(options);
    return this.hub;
  }

  /** Closes the hub (closing twice is harmless) and removes the scratch folder. */
  async dispose(): Promise<void> {
    await this.hub?.close();
    this.hub = undefined;
    await rm(this.dir, { recursive: true, force: true });
  }
}
