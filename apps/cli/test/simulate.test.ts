import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir, fluid } from './helpers';

const irt = join(fixturesDir, 'synthetic', 'mmlu_irt.csv');

describe('fluid simulate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluid-simulate-'));

  it('writes a responses CSV that fluid estimate reads back near the true abilities', () => {
    const out = join(dir, 'sim.csv');
    const run = fluid(['simulate', '--irt', irt, '--theta', '-1.5,0,1.2', '--seed', '7', '--out', out, '--quiet']);
    expect(run.status).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,sim_0,sim_1,sim_2');
    expect(lines).toHaveLength(14_042 + 1);
    const estimate = fluid(['estimate', '--irt', irt, '--responses', out, '--quiet']);
    expect(estimate.status).toBe(0);
    const rows = estimate.stdout.trim().split('\n').map((line) => JSON.parse(line));
    // 14,042 items pin θ to an SE of about 0.02: the estimate lies within 4 SE of the truth (plus the prior's
    // pull, which is SE² · θ ≈ 0.0006 here)
    [-1.5, 0, 1.2].forEach((theta, k) => expect(Math.abs(rows[k].ability - theta)).toBeLessThan(4 * rows[k].se + 0.001));
  });

  it('is reproducible from its seed, and certain items come out certain', () => {
    const first = fluid(['simulate', '--irt', irt, '--count', '3', '--seed', '3', '--quiet']).stdout;
    expect(fluid(['simulate', '--irt', irt, '--count', '3', '--seed', '3', '--quiet']).stdout).toBe(first);
    expect(fluid(['simulate', '--irt', irt, '--count', '3', '--seed', '4', '--quiet']).stdout).not.toBe(first);
    const easy = join(dir, 'easy.csv');
    writeFileSync(easy, 'id,a,b\nq0,3,-30\nq1,3,30\n');
    const truth = join(dir, 'truth.csv');
    const sure = fluid(['simulate', '--irt', easy, '--theta', '0,1', '--truth', truth, '--quiet']);
    expect(sure.stdout).toBe('id,sim_0,sim_1\nq0,1,1\nq1,0,0\n');
    expect(readFileSync(truth, 'utf8')).toBe('checkpoint,theta\nsim_0,0\nsim_1,1\n');
  });

  it('rejects a bad ability with one line', () => {
    const bad = fluid(['simulate', '--irt', irt, '--theta', '0,high']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe('fluid: --theta: must be a number (got "high")');
  });
});
