import { existsSync } from 'node:fs';
import { lstat, mkdir, readFile, readdir, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BENCHMARKS,
  DATASET_FILES,
  HubError,
  InvalidArgumentError,
  LMS,
  cachePath,
  datasetFileUrl,
  downloadDataset,
  fetchIrtModel,
  fetchLmEvalResults,
  ensureDatasetFile,
  listCached,
  loadBenchmark,
  loadIrtModel,
  loadItemMap,
  loadLeaderboardResults,
  loadLmEvalResults,
  type Benchmark,
  type DownloadProgress,
} from '../src/node';
import { gitBlobSha1, type FakeHub, type FakeHubOptions } from '../src/testing';
import { useHubSandbox } from './hub-sandbox';

const REPO = 'allenai/fluid-benchmarking';
const COMMIT = 'a'.repeat(40);
const NEWER_COMMIT = 'b'.repeat(40);
// The last checkpoint's name differs per LM so that no two results files share a blob.
const checkpointsOf = (lm: string): string[] => ['step1000-tokens4B', 'step2000-tokens8B', `${lm}-final`];

// A miniature dataset in the real layout: a few items per benchmark, results rows for all benchmarks.
const ITEMS: Record<Benchmark, string[]> = {
  arc_challenge: ['arc_challenge_0', 'arc_challenge_1', 'arc_challenge_2'],
  gsm8k: ['gsm8k_0', 'gsm8k_1'],
  hellaswag: ['hellaswag_0', 'hellaswag_1'],
  mmlu: ['mmlu_abstract_algebra_0', 'mmlu_abstract_algebra_1', 'mmlu_anatomy_0'],
  truthfulqa_mc2: ['truthfulqa_mc2_0', 'truthfulqa_mc2_1', 'truthfulqa_mc2_2'],
  winogrande: ['winogrande_0', 'winogrande_1'],
};
// The results file lists benchmarks in another order than BENCHMARKS, so filtering is really exercised.
const RESULTS_ORDER: Benchmark[] = ['mmlu', 'winogrande', 'arc_challenge', 'truthfulqa_mc2', 'hellaswag', 'gsm8k'];

function irtParameters(i: number): { a: number; b: number } {
  return { a: 0.5 + i / 8, b: -1 + i / 4 };
}

/** Raw response of item `i` (position in its benchmark) at checkpoint `k`; TruthfulQA MC2 is continuous. */
function rawResponse(benchmark: Benchmark, i: number, k: number): number {
  return benchmark === 'truthfulqa_mc2' ? [0.25, 0.5, 0.8125][(i + k) % 3] : (i + k) % 2;
}

function datasetFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const benchmark of BENCHMARKS) {
    const rows = ITEMS[benchmark].map((id, i) => `${id},${irtParameters(i).a},${irtParameters(i).b}`);
    files[`data/irt_models/${benchmark}.csv`] = [',a,b', ...rows, ''].join('\n');
  }
  const resultRows = RESULTS_ORDER.flatMap((benchmark) =>
    ITEMS[benchmark].map((id, i) => [id, ...[0, 1, 2].map((k) => rawResponse(benchmark, i, k))].join(',')),
  );
  for (const lm of LMS) files[`data/lm_eval_results/${lm}.csv`] = [`,${checkpointsOf(lm).join(',')}`, ...resultRows, ''].join('\n');
  files['data/open_llm_leaderboard_results.json'] = JSON.stringify(
    Object.fromEntries(BENCHMARKS.map((benchmark) => [benchmark, { accuracy: { lm1: 0.5, lm2: 0.75 }, ability: { lm1: -0.5, lm2: 1.5 } }])),
  );
  files['data/id_to_item_map.json'] = JSON.stringify({ gsm8k_0: { question: 'What is 2 + 2?', answer: '4' } });
  return files;
}

const sandbox = useHubSandbox('fluidbench-data-');
let scratch: string;
let cacheDir: string;
beforeEach(() => ({ dir: scratch, cacheDir } = sandbox.current));

async function serve(extra: Partial<FakeHubOptions> = {}): Promise<FakeHub> {
  return sandbox.current.serve({ repo: REPO, commits: { [COMMIT]: datasetFiles() }, branches: { main: COMMIT }, ...extra });
}

async function expectHubError(promise: Promise<unknown>): Promise<HubError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HubError);
  return error as HubError;
}

describe('download through the real @huggingface/hub client', () => {
  it('downloads into a Python-compatible cache, then works offline with the server gone', async () => {
    const server = await serve();
    const { irt, responses } = await loadBenchmark('mmlu', 'olmo2-7b', { hubUrl: server.url, cacheDir });
    expect(irt.ids).toEqual(ITEMS.mmlu);
    expect([...irt.a]).toEqual(ITEMS.mmlu.map((_, i) => irtParameters(i).a));
    expect(responses.ids).toEqual(ITEMS.mmlu);
    expect(responses.checkpoints).toEqual(['step1000-tokens4B', 'step2000-tokens8B', 'olmo2-7b-final']);
    expect([...responses.columns[1]]).toEqual(ITEMS.mmlu.map((_, i) => rawResponse('mmlu', i, 1)));

    // The layout Python's huggingface_hub writes: refs/main, blobs named by ETag, relative symlinks.
    const folder = join(cacheDir, 'datasets--allenai--fluid-benchmarking');
    expect(cachePath({ cacheDir })).toBe(folder);
    expect((await readFile(join(folder, 'refs', 'main'), 'utf8')).trim()).toBe(COMMIT);
    const pointer = join(folder, 'snapshots', COMMIT, 'data', 'irt_models', 'mmlu.csv');
    expect((await lstat(pointer)).isSymbolicLink()).toBe(true);
    const blobId = gitBlobSha1(datasetFiles()['data/irt_models/mmlu.csv']);
    expect(await readlink(pointer)).toBe(join('..', '..', '..', '..', 'blobs', blobId));
    expect((await readdir(join(folder, 'blobs'))).sort()).toEqual(
      [blobId, gitBlobSha1(datasetFiles()['data/lm_eval_results/olmo2-7b.csv'])].sort(),
    );

    await server.close();
    const offline = await loadLmEvalResults('olmo2-7b', { hubUrl: server.url, cacheDir, offline: true, benchmark: 'truthfulqa_mc2' });
    // Continuous TruthfulQA MC2 scores are binarized at >= 0.5.
    expect([...offline.columns[0]]).toEqual(ITEMS.truthfulqa_mc2.map((_, i) => (rawResponse('truthfulqa_mc2', i, 0) >= 0.5 ? 1 : 0)));
    vi.stubEnv('HF_HUB_OFFLINE', '1');
    expect((await loadIrtModel('mmlu', { hubUrl: server.url, cacheDir })).ids).toEqual(ITEMS.mmlu);
  });

  it('reads the cache first: a second load makes no request', async () => {
    const server = await serve();
    await loadIrtModel('gsm8k', { hubUrl: server.url, cacheDir });
    const before = server.requests.length;
    expect(before).toBeGreaterThan(0);
    expect(server.requests.some((line) => line.startsWith('POST /api/datasets/allenai/fluid-benchmarking/paths-info/'))).toBe(true);
    const again = await ensureDatasetFile('data/irt_models/gsm8k.csv', { hubUrl: server.url, cacheDir });
    expect(again.fromCache).toBe(true);
    expect(again.commit).toBe(COMMIT);
    expect(server.requests.length).toBe(before);
  });

  it('reads a cache laid out by Python huggingface_hub without any request', async () => {
    const server = await serve();
    // Built by hand as Python writes it: blobs/<etag>, snapshots/<sha>/<path> -> ../../blobs/<etag>, refs/main.
    const folder = join(cacheDir, 'datasets--allenai--fluid-benchmarking');
    const content = ',a,b\nwinogrande_0,1.5,0.25\nwinogrande_1,0.5,-2\n';
    const etag = gitBlobSha1(content);
    await mkdir(join(folder, 'blobs'), { recursive: true });
    await writeFile(join(folder, 'blobs', etag), content);
    await mkdir(join(folder, 'snapshots', NEWER_COMMIT, 'data', 'irt_models'), { recursive: true });
    await symlink(join('..', '..', '..', '..', 'blobs', etag), join(folder, 'snapshots', NEWER_COMMIT, 'data', 'irt_models', 'winogrande.csv'));
    await mkdir(join(folder, 'refs'), { recursive: true });
    await writeFile(join(folder, 'refs', 'main'), NEWER_COMMIT);

    const irt = await loadIrtModel('winogrande', { hubUrl: server.url, cacheDir });
    expect(irt.ids).toEqual(['winogrande_0', 'winogrande_1']);
    expect([...irt.b]).toEqual([0.25, -2]);
    expect(server.requests).toEqual([]);

    const [revision] = await listCached({ cacheDir });
    expect(revision).toEqual({
      commit: NEWER_COMMIT,
      refs: ['main'],
      files: [{ path: 'data/irt_models/winogrande.csv', localPath: join(folder, 'snapshots', NEWER_COMMIT, 'data', 'irt_models', 'winogrande.csv'), size: content.length, broken: false }],
    });
  });

  it('downloads the whole dataset at one commit with progress, and lists it', async () => {
    const server = await serve();
    const events: DownloadProgress[] = [];
    const { commit, files } = await downloadDataset({ hubUrl: server.url, cacheDir, onProgress: (event) => events.push(event) });
    expect(commit).toBe(COMMIT);
    // every file the dataset lists (the leaderboard first: it resolves the branch), here the paper's fourteen
    expect(files.map((file) => file.path)).toEqual(['data/open_llm_leaderboard_results.json', ...[...DATASET_FILES].filter((path) => !path.endsWith('leaderboard_results.json')).sort()]);
    expect(DATASET_FILES).toHaveLength(14);
    const expected = datasetFiles();
    for (const file of files) {
      expect(file.size).toBe(Buffer.byteLength(expected[file.path]));
      const last = events.filter((event) => event.file === file.path).pop();
      expect(last).toEqual({ file: file.path, loaded: file.size, total: file.size });
    }
    const cached = await listCached({ cacheDir });
    expect(cached).toHaveLength(1);
    expect(cached[0].refs).toEqual(['main']);
    expect(cached[0].files.map((file) => file.path)).toEqual([...DATASET_FILES].sort());

    const leaderboard = await loadLeaderboardResults({ cacheDir, offline: true });
    expect(leaderboard.gsm8k.ability).toEqual({ lm1: -0.5, lm2: 1.5 });
    expect((await loadItemMap({ cacheDir, offline: true }))['gsm8k_0']).toEqual({ question: 'What is 2 + 2?', answer: '4' });

    // Everything is cached: a second full download only asks for the listing and reports no progress.
    const requestCount = server.requests.length;
    events.length = 0;
    await downloadDataset({ hubUrl: server.url, cacheDir, onProgress: (event) => events.push(event) });
    expect(server.requests.slice(requestCount)).toEqual([`GET /api/datasets/${REPO}/tree/${COMMIT}/data?recursive=true&expand=false`]);
    expect(events).toEqual([]);
    // offline, the listing is the cached snapshot's: no request at all
    await downloadDataset({ hubUrl: server.url, cacheDir, offline: true });
    expect(server.requests.length).toBe(requestCount + 1);
  });

  it('pins a commit revision: snapshot named by it, no ref written', async () => {
    const server = await serve();
    await loadIrtModel('hellaswag', { hubUrl: server.url, cacheDir, revision: COMMIT });
    const folder = cachePath({ cacheDir });
    expect(existsSync(join(folder, 'snapshots', COMMIT, 'data', 'irt_models', 'hellaswag.csv'))).toBe(true);
    expect(existsSync(join(folder, 'refs'))).toBe(false);
  });

  it('follows a moved branch only with refresh', async () => {
    const server = await serve();
    await loadIrtModel('gsm8k', { hubUrl: server.url, cacheDir });
    const changed = datasetFiles();
    changed['data/irt_models/gsm8k.csv'] = ',a,b\ngsm8k_0,2,0\n';
    server.options.commits[NEWER_COMMIT] = changed;
    server.options.branches['main'] = NEWER_COMMIT;
    expect((await loadIrtModel('gsm8k', { hubUrl: server.url, cacheDir })).ids).toEqual(ITEMS.gsm8k);
    expect((await loadIrtModel('gsm8k', { hubUrl: server.url, cacheDir, refresh: true })).ids).toEqual(['gsm8k_0']);
    expect((await readFile(join(cachePath({ cacheDir }), 'refs', 'main'), 'utf8')).trim()).toBe(NEWER_COMMIT);
  });

  it('honours HF_ENDPOINT and HF_HUB_CACHE', async () => {
    const server = await serve();
    const environmentCache = join(scratch, 'from-env');
    vi.stubEnv('HF_ENDPOINT', server.url);
    vi.stubEnv('HF_HUB_CACHE', environmentCache);
    await loadIrtModel('arc_challenge');
    expect(server.requests.length).toBeGreaterThan(0);
    expect(existsSync(join(environmentCache, 'datasets--allenai--fluid-benchmarking', 'refs', 'main'))).toBe(true);
  });

  it('honours HF_HOME when nothing else is set', async () => {
    const server = await serve();
    await loadIrtModel('arc_challenge', { hubUrl: server.url });
    expect(cachePath()).toBe(join(scratch, 'hf-home', 'hub', 'datasets--allenai--fluid-benchmarking'));
    expect(existsSync(join(cachePath(), 'refs', 'main'))).toBe(true);
  });
});

describe('hub failures', () => {
  it('404 names repository, path and revision', async () => {
    const server = await serve();
    delete server.options.commits[COMMIT]['data/irt_models/mmlu.csv'];
    const missingFile = await expectHubError(ensureDatasetFile('data/irt_models/mmlu.csv', { hubUrl: server.url, cacheDir }));
    expect([missingFile.reason, missingFile.status, missingFile.repo, missingFile.path, missingFile.revision]).toEqual([
      'not-found',
      404,
      REPO,
      'data/irt_models/mmlu.csv',
      'main',
    ]);
    expect(missingFile.message).toContain('allenai/fluid-benchmarking: data/irt_models/mmlu.csv at revision "main" not found');

    const missingRevision = await expectHubError(loadIrtModel('gsm8k', { hubUrl: server.url, cacheDir, revision: 'v9' }));
    expect([missingRevision.reason, missingRevision.revision]).toEqual(['not-found', 'v9']);

    // With a pinned commit the client's paths-info call is what finds the file missing.
    const missingAtCommit = await expectHubError(ensureDatasetFile('data/irt_models/mmlu.csv', { hubUrl: server.url, cacheDir, revision: COMMIT }));
    expect(missingAtCommit.reason).toBe('not-found');
    expect(missingAtCommit.message).toContain(`data/irt_models/mmlu.csv at revision "${COMMIT}"`);
    // the loader, asked for a benchmark the dataset no longer has, says what it has instead
    await expect(loadIrtModel('mmlu', { hubUrl: server.url, cacheDir, revision: COMMIT })).rejects.toThrow(/^benchmark: no such benchmark in allenai\/fluid-benchmarking at a{40}; it has arc_challenge, gsm8k, hellaswag, truthfulqa_mc2, winogrande \(got "mmlu"\)$/);
  });

  it('401 asks for a token without printing one; a token from the option or HF_TOKEN works', async () => {
    const token = 'hf_fakeTokenForLoopbackTests123';
    const server = await serve({ requiredToken: token });
    const noToken = await expectHubError(loadIrtModel('gsm8k', { hubUrl: server.url, cacheDir }));
    expect([noToken.reason, noToken.status]).toEqual(['unauthorized', 401]);
    expect(noToken.message).toContain('HF_TOKEN');

    const wrongToken = 'hf_wrongTokenValue987';
    const wrong = await expectHubError(loadIrtModel('gsm8k', { hubUrl: server.url, cacheDir, token: wrongToken }));
    expect(wrong.message).not.toContain(wrongToken);
    expect(String(wrong.stack)).not.toContain(wrongToken);

    expect((await loadIrtModel('gsm8k', { hubUrl: server.url, cacheDir, token })).ids).toEqual(ITEMS.gsm8k);
    vi.stubEnv('HF_TOKEN', token);
    expect((await loadIrtModel('hellaswag', { hubUrl: server.url, cacheDir })).ids).toEqual(ITEMS.hellaswag);

    const malformed = await loadIrtModel('winogrande', { hubUrl: server.url, cacheDir, revision: COMMIT, token: 'not-a-token-secret' }).catch((error: unknown) => error);
    expect(malformed).toBeInstanceOf(InvalidArgumentError);
    expect(String((malformed as Error).message)).not.toContain('not-a-token-secret');
  });

  it('a network failure points at the cache and HF_HUB_OFFLINE=1', async () => {
    const server = await serve();
    const url = server.url;
    await server.close();
    const error = await expectHubError(loadIrtModel('gsm8k', { hubUrl: url, cacheDir }));
    expect(error.reason).toBe('network');
    expect(error.message).toContain('HF_HUB_OFFLINE=1');
    expect(error.message).toContain('cache');
  });

  it('offline with an empty cache fails without a request', async () => {
    const server = await serve();
    vi.stubEnv('HF_HUB_OFFLINE', 'true');
    const error = await expectHubError(loadIrtModel('gsm8k', { hubUrl: server.url, cacheDir }));
    expect(error.reason).toBe('offline-miss');
    expect(error.message).toContain('offline');
    expect(server.requests).toEqual([]);
  });

  it('an interrupted download leaves nothing that looks complete, and a retry succeeds', async () => {
    const path = 'data/lm_eval_results/k2-65b.csv';
    const server = await serve({ truncate: new Set([path]) });
    const error = await loadLmEvalResults('k2-65b', { hubUrl: server.url, cacheDir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HubError);
    const folder = cachePath({ cacheDir });
    const blobId = gitBlobSha1(datasetFiles()[path]);
    expect(existsSync(join(folder, 'blobs', blobId))).toBe(false);
    expect(existsSync(join(folder, 'snapshots', COMMIT, ...path.split('/')))).toBe(false);
    expect((await listCached({ cacheDir }))[0]?.files ?? []).toEqual([]);

    server.options.truncate?.clear();
    const table = await loadLmEvalResults('k2-65b', { hubUrl: server.url, cacheDir, benchmark: 'gsm8k' });
    expect(table.ids).toEqual(ITEMS.gsm8k);
    expect(existsSync(join(folder, 'blobs', blobId))).toBe(true);
  });

  it('an LM or benchmark the dataset lacks is an error listing what it has', async () => {
    const server = await serve();
    await expect(loadLmEvalResults('gpt-9', { hubUrl: server.url, cacheDir })).rejects.toThrow(
      `lm: no such LM in allenai/fluid-benchmarking at main; it has ${[...LMS].sort().join(', ')} (got "gpt-9")`,
    );
    await expect(loadIrtModel('mmlu_pro', { hubUrl: server.url, cacheDir })).rejects.toThrow(/^benchmark: no such benchmark .*; it has arc_challenge, gsm8k/);
  });

  it('rejects names that are not file names before any request', async () => {
    const server = await serve();
    await expect(loadIrtModel('../mmlu', { hubUrl: server.url, cacheDir })).rejects.toThrow(InvalidArgumentError);
    await expect(loadLmEvalResults('gpt 9/x', { hubUrl: server.url, cacheDir })).rejects.toThrow(/^lm: expected a model name/);
    await expect(ensureDatasetFile('../escape.csv', { hubUrl: server.url, cacheDir })).rejects.toThrow(InvalidArgumentError);
    await expect(ensureDatasetFile('data/x.csv', { hubUrl: server.url, cacheDir, revision: '../main' })).rejects.toThrow(InvalidArgumentError);
    expect(server.requests).toEqual([]);
  });
});

describe('browser loaders (fetch, no cache)', () => {
  it('fetch and parse through the resolve URL, mapping HTTP errors', async () => {
    const server = await serve();
    expect(datasetFileUrl('data/irt_models/gsm8k.csv', { hubUrl: `${server.url}/` })).toBe(
      `${server.url}/datasets/allenai/fluid-benchmarking/resolve/main/data/irt_models/gsm8k.csv`,
    );
    expect((await fetchIrtModel('arc_challenge', { hubUrl: server.url })).ids).toEqual(ITEMS.arc_challenge);
    const results = await fetchLmEvalResults('pythia-3b', { hubUrl: server.url, revision: COMMIT, benchmark: 'winogrande', binarize: false });
    expect(results.ids).toEqual(ITEMS.winogrande);
    expect(results.checkpoints[2]).toBe('pythia-3b-final');
    const error = await expectHubError(fetchIrtModel('gsm8k', { hubUrl: server.url, revision: 'nope' }));
    expect([error.reason, error.status]).toEqual(['not-found', 404]);
    expect(existsSync(cacheDir)).toBe(false);
  });
});
