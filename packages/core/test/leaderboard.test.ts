// Real Open LLM Leaderboard ARC responses (metabench; CC BY-NC-SA 4.0): read from ../shared beside the
// checkout, never copied. Negative discriminations and slopes up to 12.5 make it a robustness case.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ItemBank, abilityMany, fluidBenchmarkingMany, initSync } from '../src/index';
import { hasLeaderboard, leaderboardDir, maxAbsDiff, readCsv, readJsonl } from './fixtures';

if (!hasLeaderboard) console.warn(`leaderboard tests skipped: ${leaderboardDir} is absent (its license forbids copying it into the repository)`);

describe.runIf(hasLeaderboard)('metabench ARC bank (4,280 LLMs, 100 items)', () => {
  const dir = join(leaderboardDir, 'arc-2PL-MAP-0.005-seed=1');
  let bank: ItemBank;
  let llms: string[];
  let columns: number[][];
  beforeAll(() => {
    initSync();
    const items = readCsv(join(dir, 'items.csv'));
    const head = items[0];
    bank = new ItemBank({
      ids: items.slice(1).map((r) => r[head.indexOf('item')]),
      a: items.slice(1).map((r) => Number(r[head.indexOf('a')])),
      b: items.slice(1).map((r) => Number(r[head.indexOf('b')])),
    });
    const responses = readCsv(join(dir, 'responses_train.csv'));
    expect(responses[0].slice(1)).toEqual(bank.ids);
    llms = responses.slice(1).map((r) => r[0]);
    columns = responses.slice(1).map((r) => r.slice(1).map(Number));
  });

  it('MAP of all 4,280 patterns within 1e-4 of mirt, SE within 0.03', () => {
    const mirt = new Map(readCsv(join(dir, 'theta_train.csv')).slice(1).map((r) => [r[0], { theta: Number(r[1]), se: Number(r[2]) }]));
    const { theta, se } = abilityMany(columns, bank, null);
    expect(theta.length).toBe(4280);
    llms.forEach((llm, k) => {
      const golden = mirt.get(llm)!;
      expect(Math.abs(theta[k] - golden.theta), llm).toBeLessThan(1e-4);
      expect(Math.abs(se[k] - golden.se), llm).toBeLessThan(0.03);
    });
  });

  it('reproduces the Fluid reference on 160 runs: identical items, abilities within 1e-9', () => {
    type Run = { llm: string; start: number; n_max: number; items: number[]; abilities: number[] };
    const runs = readJsonl<Run>(join(leaderboardDir, 'arc_fluid_ref_numpy.jsonl'));
    expect(runs.length).toBe(160);
    for (const run of runs) {
      const [ours] = fluidBenchmarkingMany([columns[llms.indexOf(run.llm)]], bank, { nMax: run.n_max, start: run.start });
      expect(ours.items, run.llm).toEqual(run.items);
      expect(maxAbsDiff(ours.abilities, run.abilities)).toBeLessThanOrEqual(1e-9);
    }
  });

  it('matches catR randomCAT within 5e-4 on identical prefixes', () => {
    type Run = { llm: string; start_ability: number; n_max: number; items_fb: number[]; abilities_fb: number[] };
    const lines = readFileSync(join(leaderboardDir, 'arc_2pl_catR317.jsonl'), 'utf8').trim().split('\n');
    let identical = 0;
    for (const line of lines) {
      const run = JSON.parse(line) as Run;
      const [ours] = fluidBenchmarkingMany([columns[llms.indexOf(run.llm)]], bank, { nMax: run.n_max, start: run.start_ability });
      let prefix = 0;
      while (prefix < run.items_fb.length && ours.items[prefix] === run.items_fb[prefix]) prefix++;
      if (prefix === run.items_fb.length) identical++;
      for (let k = 0; k < prefix; k++) expect(Math.abs(ours.abilities[k] - run.abilities_fb[k])).toBeLessThan(5e-4);
    }
    expect(identical / lines.length).toBeGreaterThanOrEqual(0.95);
  });
});
