// The built site in Debian's Chromium against the loopback hub: load a benchmark × LM, move the budget,
// compare the page's Fluid abilities with fluidBenchmarkingMany on the same files, drop malformed files,
// reload with the hub gone. Screenshots of each view go to test-artifacts/ (git-ignored).
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parseResponsesCsv } from '@fluidbench/data';
import type { FakeHub } from '@fluidbench/data/testing';
import { CHROMIUM_PATH, DIST_DIR, EXPLORER_DIR, ensureBuilt, expectedFluidAbilities as expectedAbilitiesOf, launchChromium, serveStatic, startDatasetHub, syntheticDataset } from './harness';
import { hasChromium } from '../../../vitest.browser.shared';

/** Same engine, same operations, in Node and in the page: abilities agree to rounding. */
const ABILITY_TOLERANCE = 1e-9;
const ARTIFACTS = join(EXPLORER_DIR, 'test-artifacts');
const BENCHMARK = 'arc_challenge';
const LM = 'pythia-test';
const FILES = syntheticDataset({ benchmarks: { arc_challenge: 240, gsm8k: 150 }, lms: { [LM]: 7, 'olmo-test': 5 } });

if (!hasChromium) console.log(`explorer end-to-end tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set FLUIDBENCH_CHROMIUM)`);

const expectedFluidAbilities = (budget: number) => expectedAbilitiesOf(FILES, BENCHMARK, LM, budget);

async function waitForView(page: Page, budget: number): Promise<void> {
  await page.waitForFunction(
    (wanted) => document.documentElement.dataset.busy === 'false' && document.querySelector('#ability-figure thead')?.textContent?.includes(`fluid_ability_${wanted}`),
    budget,
  );
}

async function tableColumn(page: Page, panel: string, column: number): Promise<number[]> {
  return page.$$eval(`details[data-panel="${panel}"] tbody tr`, (rows, j) => rows.map((row) => Number(row.children[j].getAttribute('data-value'))), column);
}

describe.skipIf(!hasChromium)('the explorer in Chromium', () => {
  let browser: Browser;
  let hub: FakeHub;
  let site: { url: string; close(): Promise<void> };
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await ensureBuilt();
    [hub, site, browser] = await Promise.all([startDatasetHub(FILES), serveStatic(DIST_DIR), launchChromium()]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([hub?.close(), site?.close()]);
  });

  it('draws a benchmark × LM read from the hub, and its Fluid abilities equal fluidBenchmarkingMany at each budget', async () => {
    await page.goto(`${site.url}/?hub=${encodeURIComponent(hub.url)}&benchmark=${BENCHMARK}&lm=${LM}&budget=20`);
    await waitForView(page, 20);
    // The lists come from the hub's file listing, not from a built-in list.
    expect(await page.$$eval('#benchmark option', (options) => options.map((o) => o.textContent))).toEqual(['arc_challenge', 'gsm8k']);
    expect(await page.$$eval('#lm option', (options) => options.map((o) => o.textContent))).toEqual(['olmo-test', LM]);
    expect(await page.textContent('#dataset-note')).toContain(`commit ${'c'.repeat(12)}`);
    const fluid20 = await tableColumn(page, 'ability', 3);
    expectedFluidAbilities(20).forEach((theta, c) => expect(Math.abs(fluid20[c] - theta)).toBeLessThan(ABILITY_TOLERANCE));

    await page.locator('#budget').fill('37');
    await waitForView(page, 37);
    expect(new URL(page.url()).searchParams.get('budget')).toBe('37');
    const fluid37 = await tableColumn(page, 'ability', 3);
    const expected37 = expectedFluidAbilities(37);
    expect(fluid37).toHaveLength(7);
    expected37.forEach((theta, c) => expect(Math.abs(fluid37[c] - theta)).toBeLessThan(ABILITY_TOLERANCE));
    expect(fluid37).not.toEqual(fluid20);
    // Metrics are there for every method, rank distance included (the leaderboard is loaded).
    const rankDistances = await tableColumn(page, 'metrics', 3);
    expect(rankDistances.every(Number.isFinite)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'curves.png'), fullPage: true });

    // The CSV download holds the same exact numbers as the table.
    await page.click('details[data-panel="ability"] summary');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('details[data-panel="ability"] button.download')]);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('checkpoint,full_ability,random_ability_37,fluid_ability_37');
    expect(lines.slice(1).map((line) => Number(line.split(',')[3]))).toEqual(fluid37);
  });

  it('steps through the last checkpoint’s run: the items the engine chose, θ after each', async () => {
    await page.locator('#step').fill('5');
    await page.waitForFunction(() => document.querySelector('#step-value')?.textContent === '5 of 37' && document.documentElement.dataset.busy === 'false');
    await page.keyboard.press(']');
    await page.waitForFunction(() => document.querySelector('#step-value')?.textContent === '6 of 37' && document.documentElement.dataset.busy === 'false');
    expect(new URL(page.url()).searchParams.get('step')).toBe('6');
    const card = await page.textContent('#item-card');
    const thetas = await tableColumn(page, 'steps', 5);
    expect(thetas).toHaveLength(37);
    // The step table's last θ is the Fluid ability of the last checkpoint at this budget.
    expect(Math.abs(thetas[36] - expectedFluidAbilities(37)[6])).toBeLessThan(ABILITY_TOLERANCE);
    const ids = await page.$$eval('details[data-panel="steps"] tbody tr', (rows) => rows.map((row) => row.children[1].textContent));
    expect(card).toContain(ids[5]);
    await page.click('#item-map');
    await page.waitForFunction(() => document.querySelector('#item-card .item-text')?.textContent?.startsWith('Question'));
    expect(await page.textContent('#item-card .item-text')).toBe(`Question ${ids[5]}: which answer is right?`);
    await page.screenshot({ path: join(ARTIFACTS, 'steps.png'), fullPage: true });
  });

  it('drops malformed files and shows the parser’s one-line error, keeping the view', async () => {
    const irt = ',a,b\nq_0,1.2,-0.4\nq_1,0.8,0.9\n';
    const responses = ',step1,step2\nq_0,1,0\nq_1,yes,1\n';
    let expected = '';
    try {
      parseResponsesCsv(responses, { file: 'resp.csv' });
    } catch (error) {
      expected = (error as Error).message;
    }
    expect(expected).toBe('resp.csv, row 3, column "step1": not a number (got "yes")');
    await page.evaluate(
      (files) => {
        const transfer = new DataTransfer();
        for (const file of files) transfer.items.add(new File([file.text], file.name, { type: 'text/csv' }));
        document.getElementById('drop-zone')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      },
      [{ name: 'irt.csv', text: irt }, { name: 'resp.csv', text: responses }],
    );
    await page.waitForFunction(() => document.querySelector('#error')?.textContent !== '');
    expect(await page.textContent('#error')).toBe(expected);
    expect(await page.textContent('#summary')).toContain(`${BENCHMARK} × ${LM}`);

    await page.setInputFiles('#files', [{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') }]);
    await page.waitForFunction(() => document.querySelector('#error')?.textContent?.startsWith('file:'));
    expect(await page.textContent('#error')).toMatch(/^file: expected a \.csv .* \(got "notes\.txt"\)$/);
    await page.screenshot({ path: join(ARTIFACTS, 'error.png'), fullPage: true });

    // Well-formed files replace the dataset's curves with their own.
    await page.setInputFiles('#files', [
      { name: 'irt.csv', mimeType: 'text/csv', buffer: Buffer.from(irt) },
      { name: 'resp.csv', mimeType: 'text/csv', buffer: Buffer.from(',step1,step2\nq_0,1,0\nq_1,0,1\n') },
    ]);
    await page.waitForFunction(() => document.querySelector('#summary')?.textContent?.startsWith('irt.csv × resp.csv'));
    expect(await page.textContent('#error')).toBe('');

    // lm-eval-harness logs: one checkpoint per run, items it lacks are noted.
    const log = (answers: number[]) => answers.map((acc, docId) => JSON.stringify({ doc_id: docId, acc, acc_norm: acc })).join('\n');
    const logIrt = ',a,b\narc_challenge_0,1.2,-0.4\narc_challenge_1,0.8,0.9\narc_challenge_2,1.1,0.2\n';
    await page.setInputFiles('#files', [
      { name: 'irt.csv', mimeType: 'text/csv', buffer: Buffer.from(logIrt) },
      { name: 'samples_arc_challenge_2025-01-01T10-00-00.000001.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(log([1, 0])) },
      { name: 'samples_arc_challenge_2025-03-01T10-00-00.000001.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(log([1, 1, 1])) },
    ]);
    await page.waitForFunction(() => document.querySelector('#summary')?.textContent?.startsWith('irt.csv × 2 lm-eval logs'));
    expect(await page.$$eval('#checkpoint option', (options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual(['2025-01-01T10-00-00.000001', '2025-03-01T10-00-00.000001']);
    expect(await page.textContent('#notes')).toContain('2025-01-01T10-00-00.000001: item arc_challenge_2 of irt.csv not in the logs (left out)');
    expect(await tableColumn(page, 'accuracy', 1)).toEqual([0.5, 1]);
    await page.click('#back-to-dataset');
    await waitForView(page, 37);
  });

  it('names every control and chart for screen readers, and fits a phone’s width', async () => {
    for (const label of ['Benchmark', 'LM', 'Rank-distance reference', 'Item budget', 'Checkpoint', 'Method', 'Step']) {
      expect(await page.getByLabel(label, { exact: true }).count(), label).toBe(1);
    }
    const charts = await page.$$eval('svg.chart', (svgs) => svgs.map((svg) => (svg.getAttribute('aria-labelledby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ')));
    expect(charts).toHaveLength(4);
    expect(charts.every((name) => name.length > 20)).toBe(true);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ARTIFACTS, 'phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('reloads from the browser cache with the hub gone', async () => {
    expect(consoleErrors).toEqual([]);
    const before = await tableColumn(page, 'ability', 3);
    const requestsBefore = hub.requests.length;
    await hub.close();
    await page.reload();
    await waitForView(page, 37);
    expect(await page.textContent('#dataset-note')).toContain('working from this browser’s cache');
    expect(await tableColumn(page, 'ability', 3)).toEqual(before);
    expect(hub.requests.length).toBe(requestsBefore);
    await page.screenshot({ path: join(ARTIFACTS, 'offline.png'), fullPage: true });
    // Offline, the only console errors are Chromium's own reports of the refused connections to the closed hub.
    const unexpected = consoleErrors.filter((text) => !/Failed to load resource: net::ERR_CONNECTION_REFUSED/.test(text));
    expect(unexpected).toEqual([]);
  });
});
