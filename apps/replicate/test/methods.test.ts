// The methods beyond the paper's: randomesque and content-balanced Fluid Benchmarking (the fast loops give
// core's picks exactly), the graded method on the synthetic world's graded benchmark, their diagnostics
// (exposure and overlap worked out by hand), and resuming a folder written before they existed.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ItemBank, PolytomousItemBank, SeededRandom, abilityMany, fitPolytomous, fluidBenchmarkingMany, initSync, mmluSubject, simulateResponses } from '@fluidbench/core';
import { filterBenchmark, readResponsesCsv } from '@fluidbench/data/node';
import { analyze, learningCurves } from '../src/analysis';
import { FIT_PRIORS, FIT_SCORE_VALUES, folderWorld } from '../src/dataset-world';
import { writeDataset } from '../src/export-dataset';
import { categoriesOf } from '../src/graded';
import { contentGroupsOf, gridTasks, runGrid, type MethodSettings } from '../src/grid';
import { compareMethods } from '../src/method-comparison';
import { writeReport } from '../src/report';
import { contentBalancedRuns, randomesqueRuns } from '../src/rule-methods';
import { GRADED_SCORE_VALUES, syntheticColumns, syntheticWorld } from '../src/synthetic';
import { runUnit, type ExperimentRow } from '../src/unit';
import type { World } from '../src/world';
import { runCli, scratchDir } from './helpers';

beforeAll(() => initSync());

/** A 2PL bank of MMLU-style ids over four subjects of unequal size (5 : 3 : 2 : 1), and 0/1 answers with one missing. */
function mmluCase(n: number) {
  const rng = new SeededRandom(77);
  const subjectOf = (i: number) => (i % 11 < 5 ? 'law' : i % 11 < 8 ? 'art' : i % 11 < 10 ? 'virology' : 'anatomy');
  const ids = Array.from({ length: n }, (_, i) => `mmlu_${subjectOf(i)}_${i}`);
  const bank = new ItemBank({ ids, a: ids.map(() => 0.5 + 2 * rng.next()), b: ids.map(() => 3 * rng.next() - 1.5) });
  const columns = simulateResponses(bank, [-1.2, 0.1, 0.9, 2], { seed: 5 });
  columns[1][3] = NaN;
  return { bank, columns };
}

async function unitRows(world: World, benchmarks: string[], methods: MethodSettings, nMax = 40): Promise<ExperimentRow[]> {
  const tasks = gridTasks(world, 0, nMax, [], methods).filter((task) => benchmarks.includes(task.benchmark));
  return (await Promise.all(tasks.map(runUnit))).flatMap((unit) => unit.lines.trim().split('\n').map((line) => JSON.parse(line) as ExperimentRow));
}

describe('rule methods', () => {
  it('randomesque k gives exactly core\'s randomesque picks, draws and MAP estimates', () => {
    const { bank, columns } = mmluCase(90);
    for (const k of [2, 5]) {
      const fast = randomesqueRuns(columns, bank, k, { nMax: 60, start: 0.2, seed: 31 });
      const core = fluidBenchmarkingMany(columns, bank, { nMax: 60, start: 0.2, seed: 31, randomesque: k });
      expect(fast.map((run) => run.items)).toEqual(core.map((run) => run.items));
      expect(fast.map((run) => run.abilities)).toEqual(core.map((run) => run.abilities));
      // the missing answer is never asked
      expect(fast[1].items).not.toContain(3);
    }
  });

  it('randomesque 1 is Fluid Benchmarking; randomesque 5 is not', () => {
    const { bank, columns } = mmluCase(90);
    const plain = fluidBenchmarkingMany(columns.slice(0, 1), bank, { nMax: 30 });
    expect(randomesqueRuns(columns.slice(0, 1), bank, 1, { nMax: 30, start: 0, seed: 0 })[0].items).toEqual(plain[0].items);
    expect(randomesqueRuns(columns.slice(0, 1), bank, 5, { nMax: 30, start: 0, seed: 0 })[0].items).not.toEqual(plain[0].items);
  });

  it('content balancing gives exactly core\'s content-balanced picks, every subject once first', () => {
    const { bank, columns } = mmluCase(90);
    const fast = contentBalancedRuns(columns, bank, 'mmlu', { nMax: 50, start: -0.3, seed: 8 });
    const core = fluidBenchmarkingMany(columns, bank, { nMax: 50, start: -0.3, seed: 8, content: { groups: 'mmlu' } });
    expect(fast.map((run) => run.items)).toEqual(core.map((run) => run.items));
    expect(fast.map((run) => run.abilities)).toEqual(core.map((run) => run.abilities));
    for (const run of fast) expect(new Set(run.items.slice(0, 4).map((i) => mmluSubject(bank.ids[i])))).toEqual(new Set(['law', 'art', 'virology', 'anatomy']));
  });

  it('applies content balancing to MMLU only, where ids carry two subjects or more', () => {
    expect(contentGroupsOf({ name: 'mmlu', ids: ['mmlu_law_0', 'mmlu_art_0'] })).toBe(true);
    expect(contentGroupsOf({ name: 'mmlu', ids: ['mmlu_law_0', 'mmlu_law_1'] })).toBe(false);
    expect(contentGroupsOf({ name: 'mmlu', ids: ['mmlu_law_0', 'q7'] })).toBe(false);
    expect(contentGroupsOf({ name: 'arc_challenge', ids: ['mmlu_law_0', 'mmlu_art_0'] })).toBe(false);
    // the synthetic MMLU has MMLU's subjects
    const mmlu = syntheticWorld({ scale: 0.05 }).benchmarks.find((b) => b.name === 'mmlu')!;
    expect(contentGroupsOf(mmlu)).toBe(true);
  });
});

describe('diagnostics per method', () => {
  it('reports exposure and overlap Σr²/Σr as worked out by hand', () => {
    // Three runs on a 4-item bank: [0, 1], [0, 2], [0, 1]. Exposure rates r = (3/3, 2/3, 1/3, 0/3):
    // min 0, max 1, never used 1/4; Σr = 2, Σr² = 1 + 4/9 + 1/9 = 14/9, overlap = 7/9.
    // Final abilities 0.5, −0.5, 1 against full-bank abilities 0.3, −0.4, 1: errors 0.2, −0.1, 0;
    // bias 0.1/3, RMSE √(0.05/3).
    const world: World = {
      description: 'hand-built', identity: {}, isPaperDataset: false,
      benchmarks: [{ name: 'gsm8k', ids: ['q0', 'q1', 'q2', 'q3'], a: new Float64Array(4), b: new Float64Array(4), leaderboard: { names: ['p', 'q'], accuracy: Float64Array.of(0.2, 0.6), ability: Float64Array.of(-1, 1) } }],
      lms: [{ name: 'lm', checkpoints: ['c1', 'c2', 'c3'] }],
      recipe: () => ({ kind: 'csv', path: 'unused.csv', benchmark: 'gsm8k', irtFile: 'unused.csv' }),
    };
    const items = [[0, 1], [0, 2], [0, 1]];
    const finals = [0.5, -0.5, 1];
    const full = [0.3, -0.4, 1];
    const rows: ExperimentRow[] = items.map((run, t) => ({
      full_accuracy: 0.5, full_ability: full[t], abilities_fb: [0, finals[t]], items_fb: [3, 2],
      abilities_fb_randomesque_5: [0, finals[t]], items_fb_randomesque_5: run, benchmark: 'gsm8k', lm: 'lm', checkpoint: `c${t + 1}`,
    }));
    const { diagnostics } = compareMethods(learningCurves(rows, world), world, []);
    const randomesque = diagnostics.find((d) => d.method === 'fb:randomesque_5')!;
    expect(randomesque.reference).toBe('full-bank ability');
    expect(randomesque.diagnostics.exposure).toEqual({ min: 0, max: 1, neverUsed: 0.25 });
    expect(randomesque.diagnostics.overlap).toBeCloseTo(7 / 9, 12);
    expect(randomesque.diagnostics.bias).toBeCloseTo(0.1 / 3, 12);
    expect(randomesque.diagnostics.rmse).toBeCloseTo(Math.sqrt(0.05 / 3), 12);
    // plain Fluid gave items 3 and 2 every time: both always exposed, overlap Σr²/Σr = 2/2 = 1
    const fluid = diagnostics.find((d) => d.method === 'fluid')!;
    expect(fluid.diagnostics.exposure).toEqual({ min: 0, max: 1, neverUsed: 0.5 });
    expect(fluid.diagnostics.overlap).toBe(1);
  });

  it('cuts every run at the new methods\' item budget, fewer items where a bank has fewer', () => {
    // randomesque ran to 3 items on the 5-item bank and ran out at 2 on the 2-item one; plain Fluid gave every item
    const bank = (name: string, n: number) => ({ name, ids: Array.from({ length: n }, (_, i) => `${name}_${i}`), a: new Float64Array(n), b: new Float64Array(n),
      leaderboard: { names: ['p', 'q'], accuracy: Float64Array.of(0.2, 0.6), ability: Float64Array.of(-1, 1) } });
    const world: World = {
      description: 'hand-built', identity: {}, isPaperDataset: false, benchmarks: [bank('gsm8k', 5), bank('winogrande', 2)],
      lms: [{ name: 'lm', checkpoints: ['c1', 'c2'] }],
      recipe: () => ({ kind: 'csv', path: 'unused.csv', benchmark: 'unused', irtFile: 'unused.csv' }),
    };
    const row = (benchmark: string, checkpoint: string, plain: number[], randomesque: number[]): ExperimentRow => ({
      full_ability: 0, abilities_fb: plain.map(() => 0), items_fb: plain, abilities_fb_randomesque_5: randomesque.map(() => 0), items_fb_randomesque_5: randomesque, benchmark, lm: 'lm', checkpoint,
    });
    const rows = [
      row('gsm8k', 'c1', [0, 1, 2, 3, 4], [1, 0, 2]), row('gsm8k', 'c2', [0, 2, 1, 4, 3], [0, 2, 4]),
      row('winogrande', 'c1', [0, 1], [1, 0]), row('winogrande', 'c2', [1, 0], [0, 1]),
    ];
    const { diagnostics, diagnosedItems } = compareMethods(learningCurves(rows, world), world, []);
    expect(diagnosedItems).toBe(3);
    const of = (method: string, benchmark: string) => diagnostics.find((d) => d.method === method && d.benchmark === benchmark)!.diagnostics;
    expect(of('fluid', 'gsm8k').meanItems).toBe(3);
    expect(of('fluid', 'winogrande').meanItems).toBe(2);
    // plain Fluid's first three items: {0, 1, 2} and {0, 2, 1}: items 3 and 4 never given in the cut runs
    expect(of('fluid', 'gsm8k').exposure).toEqual({ min: 0, max: 1, neverUsed: 0.4 });
  });

  it('randomesque 5 differs from Fluid Benchmarking and exposes items less on the synthetic world', async () => {
    const world = syntheticWorld({ scale: 0.1 });
    const rows = await unitRows(world, ['arc_challenge', 'gsm8k'], { randomesque: 5, content: false, graded: false, nMax: 20 });
    expect(rows.some((row) => JSON.stringify(row.items_fb_randomesque_5) !== JSON.stringify((row.items_fb as number[]).slice(0, 20)))).toBe(true);
    const selected = { ...world, benchmarks: world.benchmarks.filter((b) => b.name === 'arc_challenge' || b.name === 'gsm8k') };
    const { diagnostics, diagnosedItems } = analyze(rows, selected).methods;
    expect(diagnosedItems).toBe(20);
    for (const benchmark of ['arc_challenge', 'gsm8k']) {
      const of = (method: string) => diagnostics.find((d) => d.method === method && d.benchmark === benchmark)!.diagnostics;
      // a fixed start gives every plain run the same first item; randomesque spreads it over five
      expect(of('fluid').exposure.max).toBe(1);
      expect(of('fb:randomesque_5').exposure.max).toBeLessThan(1);
      expect(of('fb:randomesque_5').overlap).toBeLessThan(of('fluid').overlap);
      // the truth is known here: both are compared with the true abilities
      expect(diagnostics.find((d) => d.benchmark === benchmark)!.reference).toBe('true ability');
    }
  });
});

describe('the graded method', () => {
  it('maps raw scores to the nearest category (a tie goes up: with score values 0, 1 that is binarizing at ≥ 0.5)', () => {
    expect(Array.from(categoriesOf([0, 0.3, 0.875, 1, NaN, 0.62, 0.125], GRADED_SCORE_VALUES))).toEqual([0, 1, 4, 4, NaN, 2, 1]);
    expect(Array.from(categoriesOf([0.5, 0.49, 0.7], [0, 1]))).toEqual([1, 0, 1]);
  });

  it('has a synthetic graded benchmark whose binarized items are exactly its 2PL items', () => {
    const world = syntheticWorld({ scale: 0.05 });
    const truthful = world.benchmarks.find((b) => b.name === 'truthfulqa_mc2')!;
    const graded = truthful.graded!;
    // GRM: P(X ≥ k) = σ(a(θ − b_k)); a score ≥ 0.5 is category ≥ 2, so P(correct) = σ(a(θ − b_2)): the 2PL item (a, b)
    expect(GRADED_SCORE_VALUES.findIndex((x) => x >= 0.5)).toBe(2);
    truthful.b.forEach((b, i) => {
      expect(graded.thresholds[i][1]).toBe(b);
      expect(graded.a[i]).toBe(truthful.a[i]);
    });
    // answers are raw scores of the five categories
    const recipe = world.recipe(truthful, world.lms[0]);
    if (recipe.kind !== 'synthetic') throw new Error('expected the synthetic world');
    const values = new Set(syntheticColumns(recipe, truthful).flatMap((column) => Array.from(column)));
    for (const x of values) expect(GRADED_SCORE_VALUES).toContain(x);
    expect(values.size).toBeGreaterThan(2);
    expect(truthful.leaderboard.gradedAbility?.length).toBe(truthful.leaderboard.names.length);
    expect(world.benchmarks.filter((b) => b.graded).map((b) => b.name)).toEqual(['truthfulqa_mc2']);
  });

  it('runs MFI + MAP on the graded bank and reports it beside the binarized method', async () => {
    const world = syntheticWorld({ scale: 0.05 });
    const selected = { ...world, benchmarks: world.benchmarks.filter((b) => b.name === 'truthfulqa_mc2') };
    const rows = await unitRows(selected, ['truthfulqa_mc2'], { randomesque: null, content: false, graded: true, nMax: 20 });
    const truthful = selected.benchmarks[0];
    const bank = new PolytomousItemBank({ ids: truthful.ids, model: 'grm', a: truthful.graded!.a, thresholds: truthful.graded!.thresholds });
    const lm = world.lms[0];
    const recipe = world.recipe(truthful, lm);
    if (recipe.kind !== 'synthetic') throw new Error('expected the synthetic world');
    const categories = syntheticColumns(recipe, truthful).map((column) => categoriesOf(column, GRADED_SCORE_VALUES));
    const mean = (x: Float64Array) => x.reduce((sum, v) => sum + v, 0) / x.length;
    const expected = fluidBenchmarkingMany(categories, bank, { nMax: 20, start: mean(truthful.leaderboard.gradedAbility!) });
    const own = rows.filter((row) => row.lm === lm.name);
    expect(own.map((row) => row.abilities_fb_graded)).toEqual(expected.map((run) => run.abilities));
    expect(own.map((row) => row.full_ability_graded)).toEqual(Array.from(abilityMany(categories, bank, null).theta));

    const analysis = analyze(rows, selected);
    const labels = analysis.methods.comparisons.map((c) => c.label);
    expect(labels).toEqual(['Fluid Benchmarking, graded', 'Full ability, graded']);
    expect(analysis.methods.comparisons[0].budgets).toEqual([10]); // 20 items reach the budget of 10 only
    const out = scratchDir('graded');
    writeReport(out, { world: selected, analysis, nMax: 20, seed: 0, gridSeconds: 1, unitsRan: 6, unitsSkipped: 0 });
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('| Fluid Benchmarking (binarized) | truthfulqa_mc2 | 10 |');
    expect(report).toContain('| Fluid Benchmarking, graded | truthfulqa_mc2 | 10 |');
    expect(report).toContain('| Full ability, graded | truthfulqa_mc2 | all |');
    expect(readFileSync(join(out, 'tables', 'diagnostics.csv'), 'utf8')).toMatch(/^"Fluid Benchmarking, graded",truthfulqa_mc2,true ability,30,/m);
  });

  it('says what it needs where the data has no graded bank', async () => {
    const world = syntheticWorld({ scale: 0.05 });
    const plain = { ...world, benchmarks: world.benchmarks.filter((b) => b.name === 'gsm8k') };
    const rows = await unitRows(plain, ['gsm8k'], { randomesque: null, content: false, graded: true, nMax: 10 });
    const out = scratchDir('ungraded');
    writeReport(out, { world: plain, analysis: analyze(rows, plain), nMax: 10, seed: 0, gridSeconds: 1, unitsRan: 6, unitsSkipped: 0 });
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('The graded method found no graded bank in this data; it needs a graded bank in the fork\'s layout');
  });
});

describe('the graded method on files', () => {
  it('reads the fork\'s graded bank beside the 2PL models, or fits one with --fit-graded, or says what it needs', async () => {
    const dir = scratchDir('fit-graded');
    const world = syntheticWorld({ scale: 0.05 });
    writeDataset({ ...world, benchmarks: world.benchmarks.filter((b) => b.name === 'truthfulqa_mc2'), lms: world.lms.slice(0, 3) }, dir);
    // with the fork's files (written by --write-dataset): the same bank as the synthetic world's
    const withBank = await folderWorld(dir);
    expect(withBank.benchmarks[0].graded!.thresholds).toEqual(world.benchmarks.find((b) => b.name === 'truthfulqa_mc2')!.graded!.thresholds);
    rmSync(join(dir, 'data', 'irt_models', 'truthfulqa_mc2_grm_items.csv'));
    rmSync(join(dir, 'data', 'irt_models', 'truthfulqa_mc2_metadata.json'));
    expect((await folderWorld(dir)).benchmarks[0].graded).toBeUndefined();

    const fitted = await folderWorld(dir, {}, { fit: true });
    expect(fitted.identity.fitGraded).toBe(true);
    const graded = fitted.benchmarks[0].graded!;
    expect(graded.inSample).toBe(true);
    // the same fit, made here from the files: every checkpoint of every LM, raw scores to the nearest of five
    const columns: Float64Array[] = [];
    for (const lm of fitted.lms) {
      const rows = filterBenchmark(await readResponsesCsv(join(dir, 'data', 'lm_eval_results', `${lm.name}.csv`), { binarize: false }), 'truthfulqa_mc2');
      columns.push(...rows.columns.map((column) => categoriesOf(column, FIT_SCORE_VALUES)));
    }
    const fit = fitPolytomous(columns, { model: 'grm', ids: fitted.benchmarks[0].ids, categories: 5, ...FIT_PRIORS });
    expect(graded.thresholds).toEqual(fit.table.thresholds);
    const rows = await unitRows(fitted, ['truthfulqa_mc2'], { randomesque: null, content: false, graded: true, nMax: 15 });
    const first = fitted.lms[0];
    const expected = fluidBenchmarkingMany(columns.slice(0, first.checkpoints.length), fit.bank, { nMax: 15, start: 0 });
    expect(rows.filter((row) => row.lm === first.name).map((row) => row.abilities_fb_graded)).toEqual(expected.map((run) => run.abilities));
    const out = scratchDir('fit-graded-report');
    writeReport(out, { world: fitted, analysis: analyze(rows, fitted), nMax: 15, seed: 0, gridSeconds: 1, unitsRan: 3, unitsSkipped: 0 });
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('The graded bank was fitted on the very answers it scores (in-sample)');
  });

  it('refuses --fit-graded on the synthetic world, which has its graded bank', () => {
    const run = runCli(['--fit-graded', '--out', scratchDir('fit-synthetic')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^fluid-replicate: --fit-graded: applies to --data hf or DIR/);
  });
});

describe('resuming a folder written before these methods', () => {
  it('continues it: the units whose rows lack the new methods are redone, the settings brought up to date', async () => {
    const world = syntheticWorld({ scale: 0.05 });
    const small = { ...world, benchmarks: world.benchmarks.filter((b) => b.name === 'arc_challenge'), lms: world.lms.slice(0, 2) };
    const out = scratchDir('upgrade');
    const settings = { out, seed: 0, nMax: 20, workers: 1, fresh: false, progress: 'off' as const, log: () => {} };
    const methods = { randomesque: 5, content: true, graded: true, nMax: 10 };
    // an older run: only the paper's methods, and a manifest without them
    const old = await runGrid(small, { ...settings, methods: { randomesque: null, content: false, graded: false, nMax: 10 } });
    const manifest = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    delete manifest.methods;
    writeFileSync(join(out, 'run.json'), JSON.stringify(manifest));
    const resumed = await runGrid(small, { ...settings, methods });
    expect(resumed.dropped).toBe(old.rows.length);
    expect(resumed.ran).toBe(2);
    expect(resumed.rows.every((row) => Array.isArray(row.abilities_fb_randomesque_5))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).methods).toEqual(methods);
    // the paper's methods are unchanged by the new ones
    expect(resumed.rows.map((row) => row.abilities_fb)).toEqual(old.rows.map((row) => row.abilities_fb));
    const again = await runGrid(small, { ...settings, methods });
    expect(again.skipped).toBe(2);
    // other method settings are other results: refused
    await expect(runGrid(small, { ...settings, methods: { ...methods, randomesque: 3 } })).rejects.toThrow(/holds results of a run with other settings/);
  });

  it('refuses --randomesque 1 (Fluid Benchmarking itself) in one line', () => {
    const run = runCli(['--randomesque', '1', '--out', scratchDir('k1')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^fluid-replicate: --randomesque: k = 1 is Fluid Benchmarking itself/);
  });
});
