// `--data DIR` end to end through the built CLI, on a tiny folder in the dataset's layout whose responses
// the test knows: rows are recomputed here from the CSV values with core's public functions.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ItemBank, SAMPLE_SIZES, fluidBenchmarking, initSync, itemsToReachSe } from '@fluidbench/core';
import { TINY, readJsonl, runCli, scratchDir, tinyDataset, writeDataset } from './helpers';

const dataset = tinyDataset();
let root: string;
let dataDir: string;
let out: string;
let run: ReturnType<typeof runCli>;

/** The reference's keys in its order (random keys over the paper's sample sizes), then ours. */
const PAPER_KEYS = [
  'full_accuracy', 'full_ability',
  ...SAMPLE_SIZES.map((n) => `random_accuracy_${n}`), ...SAMPLE_SIZES.map((n) => `random_ability_${n}`),
  'abilities_fb', 'items_fb',
];
const OUR_KEYS = ['benchmark', 'lm', 'checkpoint', 'n_items_dynamic_fb'];
/** Randomesque 5 runs on every benchmark; content balancing on MMLU only (its ids carry subjects); no graded bank here. */
const RULE_KEYS = ['abilities_fb_randomesque_5', 'items_fb_randomesque_5'];
const CONTENT_KEYS = ['abilities_fb_content', 'items_fb_content'];
const expectedKeys = (benchmark: string) => [...PAPER_KEYS, ...RULE_KEYS, ...(benchmark === 'mmlu' ? CONTENT_KEYS : []), ...OUR_KEYS];

beforeAll(() => {
  initSync();
  root = scratchDir('folder');
  dataDir = join(root, 'dataset');
  out = join(root, 'out');
  writeDataset(dataDir, dataset.files);
  run = runCli(['--data', dataDir, '--out', out, '--workers', '2', '--quiet']);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const mean = (values: number[]) => values.reduce((sum, x) => sum + x, 0) / values.length;

describe('--data DIR', () => {
  it('exits 0 and writes one row per benchmark × LM × checkpoint, in order', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const rows = readJsonl(join(out, 'experiments.jsonl'));
    const expected = TINY.modelled.flatMap((benchmark) => Object.entries(TINY.checkpoints).flatMap(([lm, checkpoints]) => checkpoints.map((c) => `${benchmark}/${lm}/${c}`)));
    expect(rows.map((r) => `${r.benchmark}/${r.lm}/${r.checkpoint}`)).toEqual(expected);
  });

  it('writes the reference\'s keys in its order, plus ours', () => {
    for (const row of readJsonl(join(out, 'experiments.jsonl'))) {
      expect(Object.keys(row)).toEqual(expectedKeys(row.benchmark as string));
      for (const key of PAPER_KEYS.slice(0, 2 + 2 * SAMPLE_SIZES.length)) expect(typeof row[key]).toBe('number');
      const size = TINY.items[row.benchmark as string];
      // n_max 500 exceeds these banks: the run gives every item once.
      expect([...(row.items_fb as number[])].sort((x, y) => x - y)).toEqual(Array.from({ length: size }, (_, i) => i));
      expect((row.abilities_fb as number[]).length).toBe(size);
    }
  });

  it('scores the CSV responses (binarized at 0.5) as core does, from the leaderboard\'s mean ability', () => {
    for (const row of readJsonl(join(out, 'experiments.jsonl'))) {
      const benchmark = row.benchmark as string;
      const lm = row.lm as string;
      const t = TINY.checkpoints[lm].indexOf(row.checkpoint as string);
      const responses = dataset.responses[lm][benchmark][t].map((x) => (x >= 0.5 ? 1 : 0));
      expect(row.full_accuracy).toBeCloseTo(mean(responses), 12);
      // A subset as large as the bank holds every item: the same accuracy, and the same MAP ability.
      expect(row.random_accuracy_500).toBeCloseTo(mean(responses), 12);
      expect(row.random_ability_500 as number).toBeCloseTo(row.full_ability as number, 5);
      const bank = dataset.banks[benchmark];
      const leaderboard = TINY.leaderboard[benchmark].ability;
      const fluid = fluidBenchmarking(responses, new ItemBank({ ids: bank.ids, a: bank.a, b: bank.b }), { nMax: 500, start: mean(leaderboard) });
      expect(row.items_fb).toEqual(fluid.items);
      expect(row.abilities_fb).toEqual(fluid.abilities);
      // Threshold: the leaderboard abilities are sorted already, so the mean gap is (max − min)/(count − 1).
      const threshold = (leaderboard[leaderboard.length - 1] - leaderboard[0]) / (leaderboard.length - 1);
      expect(row.n_items_dynamic_fb).toBe(itemsToReachSe(fluid.se, threshold));
    }
  });

  it('writes summary.json, the tables, the figures and the report', () => {
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, Record<string, Record<string, number | null>>>;
    expect(Object.keys(summary)).toEqual(['random', 'random_irt', 'fluid', 'full_accuracy', 'full_ability']);
    // ARC ↔ MMLU is a validity pair, so the rank distance is measured.
    expect(typeof summary.fluid['10'].rank_distance).toBe('number');
    for (const table of ['overall.csv', 'by_benchmark.csv', 'by_lm.csv', 'dynamic_stopping.csv', 'dynamic_stopping_items.csv']) {
      expect(existsSync(join(out, 'tables', table)), table).toBe(true);
    }
    expect(readFileSync(join(out, 'tables', 'by_lm.csv'), 'utf8').split('\n')[0]).toBe('group,method,budget,rank_distance,total_variation,monotonicity');
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    // The report opens with the headline table (after the title and the data line).
    const firstTable = report.indexOf('\n| Items | Method |');
    expect(firstTable).toBeGreaterThan(0);
    expect(report.indexOf('## Headline')).toBeLessThan(firstTable);
    expect(report.slice(0, firstTable)).not.toMatch(/\n\| /);
    // Not the paper's dataset: no paper column.
    expect(report).not.toContain('| paper |');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const figures = ['metrics-vs-budget.svg', 'curves-arc_challenge.svg', 'curves-mmlu.svg', 'dynamic-stopping.svg'];
    for (const figure of figures) {
      expect(readFileSync(join(out, 'figures', figure), 'utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      const spec = JSON.parse(readFileSync(join(out, 'figures', figure.replace('.svg', '.vl.json')), 'utf8')) as { $schema: string; data: { values: unknown[] } };
      expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
      expect(spec.data.values.length).toBeGreaterThan(0);
    }
    // Dynamic stopping: one data point per checkpoint of each curve (2 benchmarks × 9 checkpoints).
    const dynamic = JSON.parse(readFileSync(join(out, 'figures', 'dynamic-stopping.vl.json'), 'utf8')) as { data: { values: unknown[] } };
    expect(dynamic.data.values).toHaveLength(18);
    expect(html.match(/<svg /g)?.length).toBe(figures.length);
    expect(run.stdout.split('\n')[0]).toMatch(/^Items\s+Method\s+Rank distance/);
  });

  it('reads leaderboard accuracies given in percent on the fraction scale', () => {
    const percent = join(root, 'percent');
    const leaderboard = JSON.parse(dataset.files['data/open_llm_leaderboard_results.json']) as Record<string, { accuracy: Record<string, number> }>;
    for (const entry of Object.values(leaderboard)) for (const name of Object.keys(entry.accuracy)) entry.accuracy[name] *= 100;
    writeDataset(percent, { ...dataset.files, 'data/open_llm_leaderboard_results.json': JSON.stringify(leaderboard) });
    const rerun = runCli(['--data', percent, '--out', join(root, 'percent-out'), '--workers', '1', '--quiet']);
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(readFileSync(join(root, 'percent-out', 'summary.json'), 'utf8')).toBe(readFileSync(join(out, 'summary.json'), 'utf8'));
  });

  it('names the file and row when a results file and the IRT model disagree', () => {
    const broken = join(root, 'broken');
    writeDataset(broken, dataset.files);
    // Swap two ARC rows of olmo2-7b's results: the ids no longer line up with the model.
    const path = join(broken, 'data', 'lm_eval_results', 'olmo2-7b.csv');
    const lines = readFileSync(path, 'utf8').split('\n');
    const first = lines.findIndex((line) => line.startsWith('arc_challenge_0,'));
    [lines[first], lines[first + 1]] = [lines[first + 1], lines[first]];
    writeFileSync(path, lines.join('\n'));
    const failed = runCli(['--data', broken, '--out', join(root, 'broken-out'), '--workers', '2', '--quiet']);
    expect(failed.status).toBe(2);
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    expect(failed.stderr).toMatch(/^fluid-replicate: .*arc_challenge_0.*arc_challenge_1/);
    expect(failed.stderr).toContain('olmo2-7b.csv');
  });

  it('rejects unknown benchmarks and a missing leaderboard file in one line', () => {
    const unknown = runCli(['--data', dataDir, '--out', join(root, 'x'), '--benchmarks', 'arc', '--quiet']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^fluid-replicate: --benchmarks: no such benchmark in folder .*; it has arc_challenge, mmlu \(got "arc"\)\n$/);
    const empty = scratchDir('empty');
    const missing = runCli(['--data', empty, '--out', join(root, 'y'), '--quiet']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('open_llm_leaderboard_results.json');
    rmSync(empty, { recursive: true, force: true });
  });
});
