// The packed packages in a web page: bundled with esbuild from the scratch project's node_modules, served on
// loopback, opened in headless Chromium; the page's result is read back and compared with the reference runs.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../vitest.browser.shared';
import { ABILITY_TOLERANCE, arcIrtFile, arcResponsesFile, expectedArcFullBank, expectedArcRuns, maxAbsDiff, serveFiles, type StaticServer } from './helpers';

const scratch = inject('scratch');
const site = join(scratch, 'site');
let browser: Browser;
let server: StaticServer;

interface PageResult {
  error?: string;
  items?: number[];
  abilities?: number[];
  stopReason?: string;
  checkpoints?: string[];
  runs?: { items: number[]; abilities: number[] }[];
  fullBank?: { theta: number[] };
}

beforeAll(async () => {
  mkdirSync(join(site, 'dist'), { recursive: true });
  // bundled as a user would, from the installed packages (the published `import` entries, never `source`)
  const bundle = { bundle: true, format: 'esm', platform: 'browser', target: 'es2022', absWorkingDir: scratch, logLevel: 'silent' } as const;
  await build({ ...bundle, entryPoints: { 'adaptive-page.bundle': join(scratch, 'adaptive-page.js') }, outdir: site });
  // examples/worker's own build: `esbuild browser-main.js web-worker.js --bundle --format=esm --outdir=dist`
  await build({ ...bundle, entryPoints: [join(scratch, 'worker', 'browser-main.js'), join(scratch, 'worker', 'web-worker.js')], outdir: join(site, 'dist') });
  copyFileSync(join(scratch, 'adaptive.html'), join(site, 'adaptive.html'));
  copyFileSync(join(scratch, 'worker', 'index.html'), join(site, 'index.html'));
  server = await serveFiles({
    '/adaptive.html': join(site, 'adaptive.html'),
    '/adaptive-page.bundle.js': join(site, 'adaptive-page.bundle.js'),
    '/index.html': join(site, 'index.html'),
    '/dist/browser-main.js': join(site, 'dist', 'browser-main.js'),
    '/dist/web-worker.js': join(site, 'dist', 'web-worker.js'),
    '/irt.csv': arcIrtFile,
    '/responses.csv': arcResponsesFile,
    '/irt.wasm': join(scratch, 'node_modules', '@fluidbench', 'irt-wasm', 'dist', 'irt.wasm'),
  });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a page of the loopback site and waits for the result it leaves in window.fluidResult. */
async function resultOf(path: string): Promise<{ result: PageResult; consoleErrors: string[] }> {
  const page = await browser.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  try {
    await page.goto(`${server.origin}${path}`);
    await page.waitForFunction(() => (window as unknown as { fluidResult?: unknown }).fluidResult !== undefined, undefined, { timeout: 30_000 });
    const result = await page.evaluate(() => (window as unknown as { fluidResult: PageResult }).fluidResult);
    return { result, consoleErrors };
  } finally {
    await page.close();
  }
}

describe('the installed packages in headless Chromium', () => {
  it('run one adaptive test on a page with the embedded WASM', async () => {
    const { result, consoleErrors } = await resultOf('/adaptive.html?checkpoint=ckpt_20&n=100');
    expect(consoleErrors).toEqual([]);
    expect(result.error).toBeUndefined();
    const expected = expectedArcRuns.find((run) => run.checkpoint === 'ckpt_20')!;
    expect(result.items).toEqual(expected.items.slice(0, 100));
    expect(maxAbsDiff(result.abilities!, expected.abilities.slice(0, 100))).toBeLessThanOrEqual(ABILITY_TOLERANCE);
    expect(result.stopReason).toBe('max_items');
    expect(server.requests).not.toContain('/irt.wasm');
  });

  it('load the engine from ./irt.wasm with init({ wasm: URL })', async () => {
    const { result } = await resultOf('/adaptive.html?wasm&checkpoint=ckpt_45&n=70');
    expect(result.error).toBeUndefined();
    expect(server.requests).toContain('/irt.wasm');
    const expected = expectedArcRuns.find((run) => run.checkpoint === 'ckpt_45')!;
    expect(result.items).toEqual(expected.items.slice(0, 70));
    expect(maxAbsDiff(result.abilities!, expected.abilities.slice(0, 70))).toBeLessThanOrEqual(ABILITY_TOLERANCE);
  });

  it('run the worker example: every checkpoint replayed in a Web Worker', async () => {
    const { result, consoleErrors } = await resultOf('/index.html');
    expect(consoleErrors).toEqual([]);
    expect(result.error).toBeUndefined();
    expect(result.checkpoints).toEqual(expectedArcRuns.map((run) => run.checkpoint));
    expectedArcRuns.forEach((expected, k) => {
      expect(result.runs![k].items).toEqual(expected.items);
      expect(maxAbsDiff(result.runs![k].abilities, expected.abilities)).toBeLessThanOrEqual(ABILITY_TOLERANCE);
    });
    const expectedTheta = result.checkpoints!.map((name) => expectedArcFullBank.find((row) => row.checkpoint === name)!.theta_map);
    expect(maxAbsDiff(result.fullBank!.theta, expectedTheta)).toBeLessThanOrEqual(ABILITY_TOLERANCE);
  });
});
