import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '@fluidbench/core';
import { fixturesDir, fluid, hasNumpyReference, referenceScript } from './helpers';

const synthetic = join(fixturesDir, 'synthetic');
type Line = { checkpoint: string; items: number[]; item_ids: string[]; abilities: number[]; se: number[]; stop_reason: string };
const parseLines = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line) as Line);
const numpyReference = hasNumpyReference();
if (!numpyReference) console.warn('fresh-bank comparison skipped: python3 with numpy, or ../shared/reference/ref_numpy.py, is not available');

describe('fluid run', () => {
  it('writes one JSONL line per checkpoint that reproduces the reference', () => {
    const run = fluid(['run', '--irt', join(synthetic, 'truthfulqa_mc2_irt.csv'), '--responses', join(synthetic, 'truthfulqa_mc2_responses.csv'), '--n-max', '500', '--format', 'jsonl', '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = parseLines(run.stdout);
    const expected = readFileSync(join(synthetic, 'expected_map_start0.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.bank === 'truthfulqa_mc2');
    expect(lines.map((l) => l.checkpoint)).toEqual(expected.map((e) => e.checkpoint));
    lines.forEach((line, k) => {
      expect(Object.keys(line)).toEqual(['checkpoint', 'items', 'item_ids', 'abilities', 'se', 'stop_reason']);
      expect(line.items).toEqual(expected[k].items);
      expect(line.item_ids).toEqual(expected[k].items.map(String));
      line.abilities.forEach((theta, i) => expect(Math.abs(theta - expected[k].abilities[i])).toBeLessThanOrEqual(1e-9));
      expect(line.stop_reason).toBe('max_items');
    });
  });

  it('runs only the chosen checkpoints, with --start and --min-se', () => {
    const run = fluid(['run', '--irt', join(synthetic, 'arc_challenge_irt.csv'), '--responses', join(synthetic, 'arc_challenge_responses.csv'),
      '--checkpoint', 'ckpt_05,ckpt_40', '--start', '-1', '--min-se', '0.25', '--quiet']);
    expect(run.status).toBe(0);
    const lines = parseLines(run.stdout);
    expect(lines.map((l) => l.checkpoint)).toEqual(['ckpt_05', 'ckpt_40']);
    const expected = readFileSync(join(synthetic, 'expected_map_start-1.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    for (const line of lines) {
      const golden = expected.find((e) => e.bank === 'arc_challenge' && e.checkpoint === line.checkpoint);
      const stopAt = golden.se.findIndex((se: number) => se < 0.25);
      expect(line.items).toEqual(golden.items.slice(0, stopAt + 1));
      expect(line.stop_reason).toBe('min_se');
    }
  });

  it.skipIf(!numpyReference)('reproduces the numpy reference engine on a bank it has never seen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fluid-fresh-'));
    const rng = new SeededRandom(20261128);
    const nItems = 1500;
    const a = Array.from({ length: nItems }, () => Math.exp(0.6 * rng.nextNormal()));
    const b = Array.from({ length: nItems }, () => 1.3 * rng.nextNormal());
    const thetas = [-1.5, 0, 0.7, 2.2];
    writeFileSync(join(dir, 'fresh_irt.csv'), `id,a,b\n${a.map((ai, i) => `${i},${ai.toPrecision(17)},${b[i].toPrecision(17)}`).join('\n')}\n`);
    const rows = a.map((ai, i) => `${i},${thetas.map((t) => (rng.next() < 1 / (1 + Math.exp(-ai * (t - b[i]))) ? 1 : 0)).join(',')}`);
    writeFileSync(join(dir, 'fresh_responses.csv'), `id,${thetas.map((_, c) => `lm_${c}`).join(',')}\n${rows.join('\n')}\n`);
    const reference = spawnSync('python3', [referenceScript, '--data', dir, '--banks', 'fresh', '--out', join(dir, 'ref.jsonl'), '--n-max', '300', '--start', '0.5'], { encoding: 'utf8' });
    expect(reference.status, reference.stderr).toBe(0);
    const expected = readFileSync(join(dir, 'ref.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const ours = parseLines(fluid(['run', '--irt', join(dir, 'fresh_irt.csv'), '--responses', join(dir, 'fresh_responses.csv'), '--n-max', '300', '--start', '0.5', '--quiet']).stdout);
    expect(ours.length).toBe(thetas.length);
    ours.forEach((line, k) => {
      expect(line.items).toEqual(expected[k].items);
      line.abilities.forEach((theta, i) => expect(Math.abs(theta - expected[k].abilities[i])).toBeLessThanOrEqual(1e-9));
    });
  });

  it('prints a table', () => {
    const run = fluid(['run', '--irt', join(synthetic, 'arc_challenge_irt.csv'), '--responses', join(synthetic, 'arc_challenge_responses.csv'), '--checkpoint', 'ckpt_45', '--n-max', '50', '--format', 'table', '--quiet']);
    expect(run.stdout.split('\n')[0].split(/\s+/)).toEqual(['checkpoint', 'items', 'ability', 'se', 'stop']);
    expect(run.stdout).toMatch(/^ckpt_45\s+50\s+/m);
  });
});

describe('bad input: one clear line, exit 2, nothing half-written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluid-bad-'));
  const irt = join(dir, 'irt.csv');
  writeFileSync(irt, ',a,b\nq0,1.2,0.1\nq1,0.8,-0.3\nq2,1.5,0.4\n');
  const cases: [string, string, RegExp][] = [
    ['a non-numeric response', 'id,lm\nq0,1\nq1,yes\nq2,0\n', /resp\.csv.*row 3.*column "lm".*"yes"/],
    ['an id that differs from the IRT model', 'id,lm\nq0,1\nq9,1\nq2,0\n', /row 3.*"q1".*"q9"/],
    ['a ragged row', 'id,lm,lm2\nq0,1,0\nq1,1\nq2,0,1\n', /resp\.csv.*row 3/],
  ];
  it.each(cases)('%s', (_, text, message) => {
    const responses = join(dir, 'resp.csv');
    writeFileSync(responses, text);
    const out = join(dir, 'out.jsonl');
    const run = fluid(['run', '--irt', irt, '--responses', responses, '--out', out]);
    expect(run.status).toBe(2);
    const errorLines = run.stderr.trim().split('\n').filter((line) => line.startsWith('fluid: '));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatch(message);
    expect(readdirSync(dir).sort()).toEqual(['irt.csv', 'resp.csv']);
  });

  it('a missing file and a bad option value', () => {
    expect(fluid(['run', '--irt', join(dir, 'nope.csv'), '--responses', irt]).stderr).toMatch(/^fluid: --irt: no such file or directory \(got ".*nope\.csv"\)$/m);
    const bad = fluid(['run', '--irt', irt, '--responses', irt, '--estimator', 'bayes']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--estimator: must be one of map, mle, eap, wle \(got "bayes"\)/);
    // option values are checked before any file is read
    const fraction = fluid(['run', '--irt', join(dir, 'nope.csv'), '--responses', irt, '--n-max', '2.5']);
    expect(fraction.stderr.trim()).toBe('fluid: --n-max: must be a whole number ≥ 1 (got "2.5")');
    expect(fluid(['run', '--irt', irt, '--responses', irt, '--min-se', '-1']).stderr.trim()).toBe('fluid: --min-se: must be a number ≥ 0 (got "-1")');
  });

  it('--out is written whole', () => {
    const out = join(dir, 'results.jsonl');
    const run = fluid(['run', '--irt', join(synthetic, 'arc_challenge_irt.csv'), '--responses', join(synthetic, 'arc_challenge_responses.csv'), '--n-max', '20', '--out', out, '--quiet']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(10);
  });
});

describe('fluid estimate and fluid demo', () => {
  it('estimate gives the reference full-bank MAP and accuracy', () => {
    const run = fluid(['estimate', '--irt', join(synthetic, 'gsm8k_irt.csv'), '--responses', join(synthetic, 'gsm8k_responses.csv'), '--quiet']);
    expect(run.status).toBe(0);
    const rows = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const expected = readFileSync(join(synthetic, 'expected_full_bank_map.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.bank === 'gsm8k');
    rows.forEach((row, k) => {
      expect(row.checkpoint).toBe(expected[k].checkpoint);
      expect(row.accuracy).toBe(expected[k].accuracy);
      expect(Math.abs(row.ability - expected[k].theta_map)).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(row.se - expected[k].se_map)).toBeLessThanOrEqual(1e-9);
    });
  });

  it('demo runs offline and prints a table ending in the estimate', () => {
    const run = fluid(['demo', '--n-max', '15']);
    expect(run.status).toBe(0);
    const stepRows = run.stdout.split('\n').filter((line) => /^\d+\s+demo_\d+/.test(line));
    expect(stepRows).toHaveLength(15);
    expect(run.stdout).toMatch(/After 15 items \(reached the item budget of 15\): ability -?\d\.\d{3} ± 0\.\d{3}/);
  });
});
