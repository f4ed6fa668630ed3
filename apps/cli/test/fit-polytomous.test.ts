// `fluid fit --model grm|gpcm|pcm` end to end: simulate categories from a known bank, fit, write the bank CSV
// that `fluid run` reads, raw scores through --score-values / --metadata, and one-line errors.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fluid } from './helpers';

const SCORE_VALUES = [0, 0.25, 0.5, 0.75, 1];

/** A seeded Park–Miller generator and Box–Muller normals (the test's own, to draw the true bank). */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
  return { next, normal: () => Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next()) };
}

/** 200 items, 5 categories (4 thresholds) each, a ~ LogNormal(0, 0.3), thresholds N(0, 1) sorted for the GRM. */
function writeTrueBank(dir: string, model: 'grm' | 'gpcm' | 'pcm') {
  const rng = generator(17);
  const a: number[] = [];
  const thresholds: number[][] = [];
  const lines = [model === 'pcm' ? 'id,d1,d2,d3,d4' : `id,a,${model === 'grm' ? 'b1,b2,b3,b4' : 'd1,d2,d3,d4'}`];
  for (let j = 0; j < 200; j++) {
    a.push(model === 'pcm' ? 1 : Math.exp(0.3 * rng.normal()));
    const row = Array.from({ length: 4 }, () => rng.normal());
    if (model === 'grm') row.sort((x, y) => x - y);
    thresholds.push(row);
    lines.push([`q${j}`, ...(model === 'pcm' ? [] : [a[j]]), ...row].join(','));
  }
  const path = join(dir, 'truth.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  const thetas = Array.from({ length: 80 }, () => rng.normal().toFixed(4));
  return { path, a, thresholds, thetas };
}

function pearson(x: number[], y: number[]): number {
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((v, i) => {
    sxy += (v - mx) * (y[i] - my);
    sxx += (v - mx) ** 2;
    syy += (y[i] - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

describe.each(['grm', 'gpcm', 'pcm'] as const)('fluid fit --model %s', (model) => {
  const dir = mkdtempSync(join(tmpdir(), `fluid-fit-${model}-`));
  const truth = writeTrueBank(dir, model);
  const responses = join(dir, 'responses.csv');
  const simulated = fluid(['simulate', '--irt', truth.path, '--theta', truth.thetas.join(','), '--seed', '4', '--out', responses, '--quiet']);

  it('recovers the bank it was simulated from and writes it in the layout data reads', () => {
    expect(simulated.status, simulated.stderr).toBe(0);
    const out = join(dir, `bench_${model}_items.csv`);
    const abilities = join(dir, 'abilities.csv');
    const run = fluid(['fit', '--model', model, '--responses', responses, '--out', out, '--abilities', abilities]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^fluid fit: 200 items × 80 subjects, ${model} by mml, priors weak\\n`));
    expect(run.stderr).toMatch(/fluid fit: converged after \d+ iterations, log-likelihood -\d+\.\d{4}/);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(model === 'pcm' ? 'id,d1,d2,d3,d4' : `id,a,${model === 'grm' ? 'b1,b2,b3,b4' : 'd1,d2,d3,d4'}`);
    const rows = lines.slice(1).map((line) => line.split(','));
    expect(rows.map((r) => r[0])).toEqual(truth.thresholds.map((_, j) => `q${j}`));
    const first = model === 'pcm' ? 1 : 2;
    const fitted = rows.flatMap((r) => r.slice(first).map(Number));
    // 80 subjects answer each item: a threshold's SE is about 0.3–0.5 against an SD of 1 across thresholds,
    // so corr ≈ 1/√(1 + 0.5²) ≈ 0.89 at worst
    expect(pearson(fitted, truth.thresholds.flat())).toBeGreaterThan(0.85);
    if (model === 'grm') for (const r of rows) for (let k = 3; k < 6; k++) expect(Number(r[k])).toBeGreaterThan(Number(r[k - 1]));
    // `fluid run` reads the fitted bank (the model from the fork-style name) with the same responses
    const replay = fluid(['run', '--irt', out, '--responses', responses, '--n-max', '10', '--quiet']);
    expect(replay.status, replay.stderr).toBe(0);
    expect(replay.stdout.trim().split('\n')).toHaveLength(80);
    // the calibration sample's EAP abilities, one row per LM: 200 five-category items give posterior SDs near
    // 0.2, so corr(EAP, θ) ≈ 1/√(1 + 0.2²) ≈ 0.98
    const rowsOut = readFileSync(abilities, 'utf8').trim().split('\n');
    expect(rowsOut[0]).toBe('subject,theta,sd');
    expect(rowsOut).toHaveLength(81);
    expect(pearson(rowsOut.slice(1).map((line) => Number(line.split(',')[1])), truth.thetas.map(Number))).toBeGreaterThan(0.95);
    expect(readdirSync(dir).sort()).toEqual(['abilities.csv', `bench_${model}_items.csv`, 'responses.csv', 'truth.csv']);
  });

  it('reads raw scores with --score-values (same bank as from categories) and writes the metadata beside the bank', () => {
    const raw = join(dir, 'raw.csv');
    const lines = readFileSync(responses, 'utf8').trim().split('\n');
    writeFileSync(raw, `${[lines[0], ...lines.slice(1).map((line) => line.split(',').map((cell, c) => (c === 0 ? cell : String(SCORE_VALUES[Number(cell)]))).join(','))].join('\n')}\n`);
    // five categories everywhere, as the score values say (an item may never see its top category)
    const fromCategories = fluid(['fit', '--model', model, '--responses', responses, '--categories', '5', '--quiet']);
    const sub = mkdtempSync(join(tmpdir(), `fluid-fit-raw-`));
    const out = join(sub, `bench_${model}_items.csv`);
    const fromScores = fluid(['fit', '--model', model, '--responses', raw, '--score-values', SCORE_VALUES.join(','), '--out', out, '--quiet']);
    expect(fromScores.status, fromScores.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(fromCategories.stdout);
    expect(JSON.parse(readFileSync(join(sub, 'bench_metadata.json'), 'utf8'))).toEqual({ score_values: SCORE_VALUES });
    // `fluid run` maps the raw scores through that metadata: the same runs as the categories on the same bank
    // without metadata
    const plain = join(mkdtempSync(join(tmpdir(), 'fluid-fit-plain-')), 'bank.csv');
    writeFileSync(plain, fromCategories.stdout);
    const byMetadata = fluid(['run', '--irt', out, '--responses', raw, '--n-max', '10', '--quiet']);
    const byCategories = fluid(['run', '--irt', plain, '--model', model, '--responses', responses, '--n-max', '10', '--quiet']);
    expect(byMetadata.status, byMetadata.stderr).toBe(0);
    expect(byMetadata.stdout).toBe(byCategories.stdout);
    // --metadata gives the same score values
    const metadataPath = join(sub, 'bench_metadata.json');
    const viaFile = fluid(['fit', '--model', model, '--responses', raw, '--metadata', metadataPath, '--quiet']);
    expect(viaFile.stdout).toBe(fromCategories.stdout);
  });
});

describe('fluid fit --model: errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluid-fit-errors-'));
  const responses = join(dir, 'r.csv');
  writeFileSync(responses, 'id,lm1,lm2,lm3\nq1,0,1,2\nq2,1,,0.5\n');

  it('names file, row, column and value of a bad cell, in one line with status 2, and writes nothing', () => {
    const out = join(dir, 'out.csv');
    const run = fluid(['fit', '--model', 'gpcm', '--responses', responses, '--out', out]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`fluid: ${responses}, row 3, column "lm3": a category must be an integer ≥ 0 (raw scores need score values) (got "0.5")\n`);
    expect(existsSync(out)).toBe(false);
    const scores = fluid(['fit', '--model', 'grm', '--responses', responses, '--score-values', '0,0.5,1', '--quiet']);
    expect(scores.status).toBe(2);
    expect(scores.stderr).toBe(`fluid: ${responses}, row 2, column "lm3": matches no category score within 0.00001 (score values 0, 0.5, 1) (got "2")\n`);
    writeFileSync(join(dir, 'whole.csv'), 'id,lm1,lm2,lm3\nq1,0,1,2\nq2,1,,3\n');
    const declared = fluid(['fit', '--model', 'pcm', '--responses', join(dir, 'whole.csv'), '--categories', '3', '--quiet']);
    expect(declared.status).toBe(2);
    expect(declared.stderr).toBe(`fluid: ${join(dir, 'whole.csv')}, row 3, column "lm3": item "q2" has categories 0…2 (got "3")\n`);
  });

  it('refuses options that belong to the 2PL fit, and graded options without a graded model', () => {
    for (const [args, message] of [
      [['--method', 'hierarchical'], '--method: applies to --model 2pl only'],
      [['--input-format', 'pyirt'], '--input-format: applies to --model 2pl only'],
      [['--require-binary'], '--require-binary: applies to --model 2pl only'],
    ] as const) {
      const run = fluid(['fit', '--model', 'grm', '--responses', responses, ...args]);
      expect(run.status).toBe(2);
      expect(run.stderr.split('\n')).toHaveLength(2);
      expect(run.stderr).toContain(`fluid: ${message}`);
    }
    const plain = fluid(['fit', '--responses', responses, '--score-values', '0,1']);
    expect(plain.status).toBe(2);
    expect(plain.stderr).toContain('fluid: --score-values: applies to graded banks: add --model grm, gpcm or pcm');
    const unknown = fluid(['fit', '--model', '3pl', '--responses', responses]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--model');
  });
});
