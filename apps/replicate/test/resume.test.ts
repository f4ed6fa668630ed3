// Interrupted runs: a run killed midway, and a file cut inside a unit and inside a line, must resume to
// exactly the bytes of an uninterrupted run (nothing lost, nothing doubled).
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonl, runCli, scratchDir, startCli } from './helpers';

// A small synthetic world, one worker so units land one at a time.
const ARGS = ['--benchmarks', 'mmlu,arc_challenge,gsm8k', '--scale', '0.2', '--workers', '1', '--quiet'];
let root: string;
let cleanText: string;
let cleanRows: Record<string, unknown>[];

beforeAll(() => {
  root = scratchDir('resume');
  const clean = runCli([...ARGS, '--out', join(root, 'clean')]);
  expect(clean.status, clean.stderr).toBe(0);
  cleanText = readFileSync(join(root, 'clean', 'experiments.jsonl'), 'utf8');
  cleanRows = readJsonl(join(root, 'clean', 'experiments.jsonl'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function keysOf(rows: Record<string, unknown>[]): string[] {
  return rows.map((row) => `${row.benchmark}/${row.lm}/${row.checkpoint}`);
}

describe('resuming', () => {
  it('has a clean reference run with 3 benchmarks × 6 LMs and unique rows', () => {
    const keys = keysOf(cleanRows);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(cleanRows.map((row) => `${row.benchmark}/${row.lm}`)).size).toBe(18);
  });

  it('finishes a run killed after its first unit landed, with the same bytes as an uninterrupted run', async () => {
    const out = join(root, 'killed');
    const file = join(out, 'experiments.jsonl');
    const child = startCli([...ARGS, '--out', out]);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    let killedAt = -1;
    // Poll until a unit's rows are in the file, then kill the process without warning.
    while (killedAt < 0) {
      if (existsSync(file) && readFileSync(file, 'utf8').includes('\n')) {
        child.kill('SIGKILL');
        killedAt = readFileSync(file, 'utf8').split('\n').length - 1;
      }
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const { signal } = await exited;
    expect(signal).toBe('SIGKILL');
    // The kill may land in the middle of a write: count the complete lines only.
    const text = readFileSync(file, 'utf8');
    const complete = text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter(Boolean);
    expect(complete.length).toBeGreaterThanOrEqual(killedAt);
    expect(complete.length).toBeLessThan(cleanRows.length);
    for (const line of complete) expect(cleanText).toContain(line);

    const resumed = runCli([...ARGS, '--out', out]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(cleanText);
  });

  it('drops a unit cut short and a last line without its newline, then redoes them', () => {
    const out = join(root, 'cut');
    mkdirSync(out, { recursive: true });
    copyFileSync(join(root, 'clean', 'run.json'), join(out, 'run.json'));
    const lines = cleanText.split('\n');
    const firstUnit = `${cleanRows[0].benchmark}/${cleanRows[0].lm}`;
    const firstUnitRows = cleanRows.filter((row) => `${row.benchmark}/${row.lm}` === firstUnit).length;
    // The first unit whole, two rows of the second, then half of the third row of the second unit.
    const keep = firstUnitRows + 2;
    const partial = lines[keep].slice(0, Math.floor(lines[keep].length / 2));
    writeFileSync(join(out, 'experiments.jsonl'), `${lines.slice(0, keep).join('\n')}\n${partial}`);

    const resumed = runCli([...ARGS, '--out', out, '--progress'].filter((arg) => arg !== '--quiet'));
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('dropped 3 row(s) of interrupted units');
    expect(resumed.stderr).toContain('1 of 18 units already in');
    expect(readFileSync(join(out, 'experiments.jsonl'), 'utf8')).toBe(cleanText);
  });

  it('skips everything on a rerun of a finished run', () => {
    const out = join(root, 'clean');
    const again = runCli([...ARGS, '--out', out].filter((arg) => arg !== '--quiet'));
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain('18 of 18 units already in');
    expect(readFileSync(join(out, 'experiments.jsonl'), 'utf8')).toBe(cleanText);
  });

  it('refuses results whose settings it cannot tell', () => {
    const out = join(root, 'unknown');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'experiments.jsonl'), cleanText);
    const refused = runCli([...ARGS, '--out', out]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^fluid-replicate: --out: holds experiments\.jsonl without the run\.json .*--fresh/);
  });

  it('refuses to mix settings in one folder, and --fresh starts over', () => {
    const out = join(root, 'clean');
    const mixed = runCli([...ARGS, '--out', out, '--seed', '7']);
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toMatch(/^fluid-replicate: --out: holds results of a run with other settings .*--fresh/);
    expect(readFileSync(join(out, 'experiments.jsonl'), 'utf8')).toBe(cleanText);

    const fresh = runCli([...ARGS, '--out', out, '--seed', '7', '--fresh']);
    expect(fresh.status, fresh.stderr).toBe(0);
    const rows = readJsonl(join(out, 'experiments.jsonl'));
    expect(keysOf(rows)).toEqual(keysOf(cleanRows));
    // Other subsets: the random baselines change, the full-benchmark scores and Fluid runs do not.
    expect(rows.map((r) => r.random_accuracy_10)).not.toEqual(cleanRows.map((r) => r.random_accuracy_10));
    expect(rows.map((r) => r.full_ability)).toEqual(cleanRows.map((r) => r.full_ability));
    expect(rows.map((r) => r.items_fb)).toEqual(cleanRows.map((r) => r.items_fb));
  });
});
