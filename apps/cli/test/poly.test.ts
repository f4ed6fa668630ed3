// Graded banks (GRM, GPCM, PCM) through the `fluid` command: simulate, run, estimate, raw scores, errors.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PolytomousItemBank, fluidBenchmarkingMany, initSync } from '@fluidbench/core';
import { fixturesDir, fluid } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'fluid-poly-'));
const SCORE_VALUES = [0, 0.25, 0.5, 0.75, 1];

/** The catR GRM bank of fixtures/catr-poly as a bank CSV (`item_id,a,b1…b4`, trailing cells empty). */
function writeGrmBank(path: string): { a: number[]; thresholds: number[][] } {
  const rows = readFileSync(join(fixturesDir, 'catr-poly', 'banks.csv'), 'utf8').trim().split('\n').slice(1)
    .map((line) => line.split(',')).filter(([model]) => model === 'GRM')
    .map(([, , quoted]) => quoted.replace(/"/g, '').split(' ').filter((v) => v !== 'NA').map(Number));
  const cells = rows.map((r, i) => [`q${i}`, ...r, ...Array(5 - r.length).fill('')].join(','));
  writeFileSync(path, `item_id,a,b1,b2,b3,b4\n${cells.join('\n')}\n`);
  return { a: rows.map((r) => r[0]), thresholds: rows.map((r) => r.slice(1)) };
}

beforeAll(() => initSync());

describe('fluid with a graded bank', () => {
  const bankPath = join(dir, 'grm.csv');
  const params = writeGrmBank(bankPath);
  const responsesPath = join(dir, 'responses.csv');

  it('simulate writes categories in 0…K_j; run replays them as the core API does', () => {
    const sim = fluid(['simulate', '--irt', bankPath, '--theta', '-1,0,1.5', '--seed', '5', '--out', responsesPath, '--quiet']);
    expect(sim.stderr).toBe('');
    expect(sim.status).toBe(0);
    const lines = readFileSync(responsesPath, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,sim_0,sim_1,sim_2');
    const columns = [0, 1, 2].map((k) => lines.slice(1).map((line) => Number(line.split(',')[k + 1])));
    columns.forEach((column) => column.forEach((x, i) => {
      expect(Number.isInteger(x)).toBe(true);
      expect(x).toBeLessThanOrEqual(params.thresholds[i].length);
    }));
    // higher ability, higher mean category
    const means = columns.map((column) => column.reduce((s, x) => s + x, 0) / column.length);
    expect(means[0]).toBeLessThan(means[1]);
    expect(means[1]).toBeLessThan(means[2]);

    const run = fluid(['run', '--irt', bankPath, '--responses', responsesPath, '--n-max', '20', '--quiet']);
    expect(run.status).toBe(0);
    const results = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const bank = new PolytomousItemBank({ ids: params.a.map((_, i) => `q${i}`), model: 'grm', ...params });
    const expected = fluidBenchmarkingMany(columns, bank, { nMax: 20 });
    results.forEach((result, k) => {
      expect(result.checkpoint).toBe(`sim_${k}`);
      expect(result.items).toEqual(expected[k].items);
      expect(result.item_ids).toEqual(expected[k].itemIds);
      expect(result.abilities).toEqual(expected[k].abilities);
      expect(result.stop_reason).toBe('max_items');
    });
  });

  it('estimate finds the simulated abilities within 4 SE and reports the mean share of the top score', () => {
    const estimate = fluid(['estimate', '--irt', bankPath, '--responses', responsesPath, '--estimator', 'mle', '--quiet']);
    expect(estimate.status).toBe(0);
    const rows = estimate.stdout.trim().split('\n').map((line) => JSON.parse(line));
    [-1, 0, 1.5].forEach((theta, k) => expect(Math.abs(rows[k].ability - theta)).toBeLessThan(4 * rows[k].se));
    rows.forEach((row) => expect(row.accuracy > 0 && row.accuracy < 1).toBe(true));
  });

  it('raw scores with --score-values, or the fork\'s metadata, give the same run as categories', () => {
    const categories = readFileSync(responsesPath, 'utf8').trim().split('\n');
    const raw = [categories[0], ...categories.slice(1).map((line) => {
      const [id, ...xs] = line.split(',');
      return [id, ...xs.map((x) => String(SCORE_VALUES[Number(x)] + 1e-7))].join(',');
    })].join('\n');
    const rawPath = join(dir, 'raw.csv');
    writeFileSync(rawPath, `${raw}\n`);
    const byCategories = fluid(['run', '--irt', bankPath, '--responses', responsesPath, '--n-max', '10', '--quiet']).stdout;
    const byFlag = fluid(['run', '--irt', bankPath, '--responses', rawPath, '--n-max', '10', '--score-values', SCORE_VALUES.join(','), '--quiet']);
    expect(byFlag.status).toBe(0);
    expect(byFlag.stdout).toBe(byCategories);
    writeFileSync(join(dir, 'bench_grm_items.csv'), readFileSync(bankPath));
    writeFileSync(join(dir, 'bench_metadata.json'), JSON.stringify({ score_values: SCORE_VALUES }));
    const byMetadata = fluid(['run', '--irt', join(dir, 'bench_grm_items.csv'), '--responses', rawPath, '--n-max', '10', '--quiet']);
    expect(byMetadata.stdout).toBe(byCategories);
  });

  it('the adaptive-testing flags work on a graded bank as in the core API; bopt is one line, exit 2', () => {
    const groupsPath = join(dir, 'groups.csv');
    const groups = params.a.map((_, i) => `g${i % 3}`);
    writeFileSync(groupsPath, `id,group\n${groups.map((g, i) => `q${i},${g}`).join('\n')}\n`);
    const excludePath = join(dir, 'exclude.txt');
    writeFileSync(excludePath, 'q0\nq5\n');
    const flags = ['--selector', 'kl', '--randomesque', '3', '--content', groupsPath, '--exclude', excludePath, '--stop', 'se<0.45; min_items=4', '--seed', '4'];
    const run = fluid(['run', '--irt', bankPath, '--responses', responsesPath, '--n-max', '15', ...flags, '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = readFileSync(responsesPath, 'utf8').trim().split('\n');
    const columns = [0, 1, 2].map((k) => lines.slice(1).map((line) => Number(line.split(',')[k + 1])));
    const bank = new PolytomousItemBank({ ids: params.a.map((_, i) => `q${i}`), model: 'grm', ...params });
    const expected = fluidBenchmarkingMany(columns, bank, {
      nMax: 15, selector: 'kl', randomesque: 3, content: { groups }, exclude: [0, 5], stop: 'se<0.45; min_items=4', seed: 4,
    });
    run.stdout.trim().split('\n').map((line) => JSON.parse(line)).forEach((result, k) => {
      expect(result.items).toEqual(expected[k].items);
      expect(result.items).not.toContain(0);
      expect(result.stop_reason).toBe(expected[k].stopReason);
    });
    const bopt = fluid(['run', '--irt', bankPath, '--responses', responsesPath, '--selector', 'bopt', '--quiet']);
    expect(bopt.status).toBe(2);
    expect(bopt.stderr.trim().split('\n')).toHaveLength(1);
    expect(bopt.stderr).toMatch(/selector: catR defines bOpt and thOpt for dichotomous items only/);
    const diagnosed = fluid(['simulate', '--irt', bankPath, '--count', '6', '--diagnose', 'mfi,mepv', '--n-max', '8', '--output-format', 'jsonl', '--quiet']);
    expect(diagnosed.status).toBe(0);
    const reports = diagnosed.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(reports.map((r) => r.selector)).toEqual(['mfi', 'mepv']);
    for (const report of reports) expect(report.mean_items).toBe(8);
  });

  it('a bad response is one line naming file, row, column and value, exit 2, nothing written', () => {
    const bad = join(dir, 'bad.csv');
    const out = join(dir, 'never.jsonl');
    // q2 has two thresholds in the fixture: categories 0…2 (file row 4)
    const lines = readFileSync(responsesPath, 'utf8').trim().split('\n');
    lines[3] = 'q2,3,0,0';
    writeFileSync(bad, `${lines.join('\n')}\n`);
    const run = fluid(['run', '--irt', bankPath, '--responses', bad, '--out', out]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
    expect(run.stderr).toContain(`${bad}, row 4, column "sim_0": item "q2" has categories 0…2 (got "3")`);
    const raw = fluid(['run', '--irt', bankPath, '--responses', responsesPath, '--score-values', '0,0.5']);
    expect(raw.status).toBe(2);
    expect(raw.stderr).toMatch(/row \d+, column "sim_\d": matches no category score within 0.00001/);
    const model = fluid(['run', '--irt', bankPath, '--responses', responsesPath, '--model', 'rasch']);
    expect(model.stderr).toMatch(/--model: must be one of grm, gpcm, pcm \(got "rasch"\)/);
  });
});
