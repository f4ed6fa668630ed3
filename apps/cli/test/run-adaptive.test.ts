// `fluid run` with the adaptive-testing flags: selectors, randomesque, content balancing, exclusions, stop rules.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ItemBank, fluidBenchmarking, initSync } from '@fluidbench/core';
import { fluid } from './helpers';

type Line = { checkpoint: string; items: number[]; item_ids: string[]; abilities: number[]; se: number[]; stop_reason: string };
const parseLines = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line) as Line);

// a small MMLU-shaped bank: ids mmlu_<subject>_<n>, three subjects of unequal size
const dir = mkdtempSync(join(tmpdir(), 'fluid-adaptive-'));
const subjects = ['law', 'law', 'law', 'physics', 'physics', 'art'];
const n = 60;
const ids = Array.from({ length: n }, (_, i) => `mmlu_${subjects[i % subjects.length]}_${i}`);
const a = ids.map((_, i) => 0.6 + ((i * 17) % 13) / 8);
const b = ids.map((_, i) => -2.5 + ((i * 29) % n) / 12);
const answers = ids.map((_, i) => (((i * 31) % 7) < 4 ? 1 : 0));
const irt = join(dir, 'irt.csv');
const responses = join(dir, 'resp.csv');
writeFileSync(irt, `id,a,b\n${ids.map((id, i) => `${id},${a[i]},${b[i]}`).join('\n')}\n`);
writeFileSync(responses, `id,lm\n${ids.map((id, i) => `${id},${answers[i]}`).join('\n')}\n`);
const base = ['run', '--irt', irt, '--responses', responses, '--quiet'];

describe('fluid run: adaptive-testing flags', () => {
  it('--selector and its alias --select give what the library gives', () => {
    initSync();
    const bank = new ItemBank({ ids, a, b });
    const want = fluidBenchmarking(answers, bank, { nMax: 12, selector: 'klp', randomesque: 2, seed: 3 });
    for (const flag of ['--selector', '--select']) {
      const run = fluid([...base, flag, 'klp', '--randomesque', '2', '--seed', '3', '--n-max', '12']);
      expect(run.status, run.stderr).toBe(0);
      expect(parseLines(run.stdout)[0].items).toEqual(want.items);
    }
  });

  it('--stop ends the test by the named rule, after the floor', () => {
    const run = fluid([...base, '--stop', 'se<0.9|items>=30; min_items=7']);
    expect(run.status, run.stderr).toBe(0);
    const [line] = parseLines(run.stdout);
    expect(line.items.length).toBe(7);
    expect(line.stop_reason).toBe('min_se');
    const bad = fluid([...base, '--stop', 'se<<1']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^fluid: --stop: .*\(got "se<<1"\)/);
  });

  it('--exclude FILE: those items are never given; an unknown id names file, row and value', () => {
    const exclude = join(dir, 'exclude.txt');
    const first = parseLines(fluid([...base, '--n-max', '5']).stdout)[0].item_ids;
    writeFileSync(exclude, `id\n${first.slice(0, 3).join('\n')}\n`);
    const run = fluid([...base, '--n-max', '40', '--exclude', exclude]);
    expect(run.status, run.stderr).toBe(0);
    for (const id of first.slice(0, 3)) expect(parseLines(run.stdout)[0].item_ids).not.toContain(id);
    writeFileSync(exclude, 'id\nmmlu_law_0\nmmlu_nope_1\n');
    const bad = fluid([...base, '--exclude', exclude]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('exclude.txt, row 3, column "id": not an item of the IRT bank (got "mmlu_nope_1")');
  });

  it('--content subject balances MMLU subjects to the bank\'s shares; a FILE of groups with targets works too', () => {
    const run = fluid([...base, '--n-max', '12', '--content', 'subject']);
    expect(run.status, run.stderr).toBe(0);
    const counts: Record<string, number> = {};
    for (const id of parseLines(run.stdout)[0].item_ids) counts[id.split('_')[1]] = (counts[id.split('_')[1]] ?? 0) + 1;
    // shares 1/2, 1/3, 1/6 of 12 items, each group at most one over (and here exact, as no start deficit remains)
    expect(counts).toEqual({ law: 6, physics: 4, art: 2 });
    const groups = join(dir, 'groups.csv');
    writeFileSync(groups, `id,group\n${ids.map((id, i) => `${id},${i < 30 ? 'easy' : 'hard'}`).join('\n')}\n`);
    const split = fluid([...base, '--n-max', '10', '--content', groups, '--content-targets', 'easy=0.8,hard=0.2']);
    expect(split.status, split.stderr).toBe(0);
    const rows = parseLines(split.stdout)[0].items;
    expect(rows.filter((row) => row < 30)).toHaveLength(8);
  });
});

describe('fluid simulate --diagnose', () => {
  it('reports bias, RMSE, exposure and overlap per selector, as the library computes them', () => {
    const run = fluid(['simulate', '--irt', irt, '--count', '40', '--seed', '5', '--diagnose', 'mfi,random', '--n-max', '10', '--format', 'jsonl', '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((l) => l.selector)).toEqual(['mfi', 'random']);
    for (const line of lines) {
      expect(line.simulees).toBe(40);
      expect(line.mean_items).toBe(10);
      expect(line.rmse).toBeGreaterThanOrEqual(Math.abs(line.bias));
      expect(line.rmse_by_decile).toHaveLength(10);
      expect(line.overlap).toBeGreaterThan(0);
      expect(line.overlap).toBeLessThanOrEqual(1);
    }
    // MFI from the same start gives every simulee the same first item; a random order spreads items out
    expect(lines[0].exposure_max).toBe(1);
    expect(lines[1].overlap).toBeLessThan(lines[0].overlap);
  });
});
