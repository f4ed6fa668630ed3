// What the end-to-end test and the bench share: a seeded dataset in the hub's layout, the loopback hub
// serving it, the built site on a loopback static server, and Debian's Chromium driven by Playwright.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ItemBank, SeededRandom, fluidBenchmarkingMany, initSync } from '@fluidbench/core';
import { benchmarkOfItemId, parseIrtCsv, parseLeaderboardResults, parseResponsesCsv, selectRows } from '@fluidbench/data';
import { chromium, type Browser } from 'playwright-core';
import { startFakeHub, type FakeHub } from '@fluidbench/data/testing';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../vitest.browser.shared';

export const EXPLORER_DIR = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const DIST_DIR = join(EXPLORER_DIR, 'dist');
export const REPO = 'allenai/fluid-benchmarking';
export const COMMIT = 'c'.repeat(40);
export { CHROMIUM_PATH };

/** A seeded dataset's shape: items per benchmark, checkpoints per LM. */
export interface DatasetShape {
  benchmarks: Record<string, number>;
  lms: Record<string, number>;
  /** Leaderboard LMs per benchmark. */
  leaderboardLms?: number;
  seed?: number;
}

/** Item id `k` of a benchmark, in the dataset's style (every MMLU id carries a subject). */
export function itemId(benchmark: string, k: number): string {
  return benchmark === 'mmlu' ? `mmlu_${['anatomy', 'virology', 'astronomy'][k % 3]}_${k}` : `${benchmark}_${k}`;
}

/**
 * The files of a dataset in the paper's layout: per benchmark a 2PL bank (a log-normal, b normal), per LM a
 * results file whose checkpoints improve along training (θ from −1.5 to 1.5 with noise), answers drawn from the
 * 2PL; the leaderboard JSON and an item map with a question per item.
 */
export function syntheticDataset(shape: DatasetShape): Record<string, string> {
  const random = new SeededRandom(shape.seed ?? 1);
  const files: Record<string, string> = {};
  const banks = new Map<string, { ids: string[]; a: number[]; b: number[] }>();
  for (const [benchmark, size] of Object.entries(shape.benchmarks)) {
    const ids = Array.from({ length: size }, (_, k) => itemId(benchmark, k));
    const a = ids.map(() => Math.exp(0.4 * random.nextNormal()));
    const b = ids.map(() => random.nextNormal());
    banks.set(benchmark, { ids, a, b });
    files[`data/irt_models/${benchmark}.csv`] = `,a,b\n${ids.map((id, k) => `${id},${a[k]},${b[k]}`).join('\n')}\n`;
  }
  for (const [lm, count] of Object.entries(shape.lms)) {
    const thetas = Array.from({ length: count }, (_, c) => -1.5 + (3 * c) / Math.max(1, count - 1) + 0.3 * random.nextNormal());
    const header = `,${thetas.map((_, c) => `step${(c + 1) * 1000}-tokens${(c + 1) * 4}B`).join(',')}`;
    const lines = [header];
    for (const { ids, a, b } of banks.values()) {
      ids.forEach((id, k) => {
        const cells = thetas.map((theta) => (random.next() < 1 / (1 + Math.exp(-a[k] * (theta - b[k]))) ? '1.0' : '0.0'));
        lines.push(`${id},${cells.join(',')}`);
      });
    }
    files[`data/lm_eval_results/${lm}.csv`] = `${lines.join('\n')}\n`;
  }
  const leaderboardLms = shape.leaderboardLms ?? 20;
  const leaderboard: Record<string, { accuracy: Record<string, number>; ability: Record<string, number> }> = {};
  for (const benchmark of banks.keys()) {
    leaderboard[benchmark] = { accuracy: {}, ability: {} };
    for (let k = 0; k < leaderboardLms; k++) {
      const ability = 0.5 + random.nextNormal();
      leaderboard[benchmark].ability[`leaderboard-lm-${k}`] = ability;
      leaderboard[benchmark].accuracy[`leaderboard-lm-${k}`] = 1 / (1 + Math.exp(-ability));
    }
  }
  files['data/open_llm_leaderboard_results.json'] = JSON.stringify(leaderboard);
  const items: Record<string, { question: string }> = {};
  for (const { ids } of banks.values()) for (const id of ids) items[id] = { question: `Question ${id}: which answer is right?` };
  files['data/id_to_item_map.json'] = JSON.stringify(items);
  return files;
}

/**
 * The Fluid abilities the page should show for a benchmark × LM at a budget, computed in Node from the same
 * files: the benchmark's rows of the LM's results, `fluidBenchmarkingMany` from the leaderboard's mean ability
 * on the benchmark (the paper's start), the last ability of each checkpoint's run.
 */
export function expectedFluidAbilities(files: Record<string, string>, benchmark: string, lm: string, budget: number): number[] {
  initSync();
  const irt = parseIrtCsv(files[`data/irt_models/${benchmark}.csv`]);
  const results = parseResponsesCsv(files[`data/lm_eval_results/${lm}.csv`]);
  const rows = selectRows(results, results.ids.flatMap((id, i) => (benchmarkOfItemId(id) === benchmark ? [i] : [])));
  if (rows.ids.join() !== irt.ids.join()) throw new Error(`${lm}'s ${benchmark} rows do not match the IRT model`);
  const abilities = Object.values(parseLeaderboardResults(files['data/open_llm_leaderboard_results.json'])[benchmark].ability);
  const start = abilities.reduce((sum, x) => sum + x, 0) / abilities.length;
  return fluidBenchmarkingMany(rows.columns, new ItemBank(irt), { nMax: budget, start }).map((run) => run.abilities[run.abilities.length - 1]);
}

/** The loopback hub serving a dataset at one commit, with `main` pointing at it. */
export function startDatasetHub(files: Record<string, string>): Promise<FakeHub> {
  return startFakeHub({ repo: REPO, commits: { [COMMIT]: files }, branches: { main: COMMIT } });
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** A static file server for a folder on 127.0.0.1 (a random port), as any static host serves the site. */
export async function serveStatic(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) && file !== root) {
      response.statusCode = 403;
      return void response.end();
    }
    readFile(file).then(
      (body) => {
        response.setHeader('Content-Type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
        response.end(body);
      },
      () => {
        response.statusCode = 404;
        response.end('not found');
      },
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}

/** Builds the site with Vite when `dist/` is missing (`pnpm build` normally has). */
export async function ensureBuilt(): Promise<void> {
  if (existsSync(join(DIST_DIR, 'index.html'))) return;
  const { build } = await import('vite');
  await build({ root: EXPLORER_DIR, logLevel: 'warn' });
}

/** Debian's Chromium, headless, with the flags the repository's browser tests use. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** The same Chromium, with the id of its browser process (the bench reads the CPU time of its process tree). */
export async function launchChromiumWithPid(): Promise<{ browser: Browser; pid: number; close(): Promise<void> }> {
  const server = await chromium.launchServer({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const browser = await chromium.connect(server.wsEndpoint());
  return { browser, pid: server.process().pid!, close: async () => { await browser.close(); await server.close(); } };
}
