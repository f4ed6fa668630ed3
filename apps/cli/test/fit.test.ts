import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir, fluid } from './helpers';

/** LSAT7 (fixtures/classic) expanded to one subject per examinee: 5 items × 1,000 subjects. */
function lsat7() {
  const lines = readFileSync(join(fixturesDir, 'classic', 'LSAT7_patterns.csv'), 'utf8').trim().split('\n');
  const items = lines[0].split(',').slice(0, 5).map((cell) => cell.replace(/"/g, ''));
  const subjects: number[][] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',').map(Number);
    for (let k = 0; k < cells[5]; k++) subjects.push(cells.slice(0, 5));
  }
  const ltm = readFileSync(join(fixturesDir, 'classic', 'LSAT7_ltm_2pl_items.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
  return { items, subjects, ltm: { a: ltm.map((r) => Number(r[1])), b: ltm.map((r) => Number(r[2])) } };
}

function writeWide(dir: string, data: ReturnType<typeof lsat7>): string {
  const path = join(dir, 'lsat7.csv');
  const header = `item,${data.subjects.map((_, n) => `s${n}`).join(',')}`;
  const rows = data.items.map((id, j) => `${id},${data.subjects.map((s) => s[j]).join(',')}`);
  writeFileSync(path, `${header}\n${rows.join('\n')}\n`);
  return path;
}

function readIrt(path: string) {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  return { header: lines[0], rows: lines.slice(1).map((line) => line.split(',')) };
}

describe('fluid fit', () => {
  const data = lsat7();

  it('fits LSAT7 from a wide CSV into an IRT CSV within 2e-3 of ltm, with progress on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fluid-fit-'));
    const out = join(dir, 'irt.csv');
    const run = fluid(['fit', '--responses', writeWide(dir, data), '--priors', 'none', '--tolerance', '1e-9', '--max-iterations', '5000', '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^fluid fit: 5 items × 1000 subjects, mml, priors none\n/);
    expect(run.stderr).toMatch(/fluid fit: iteration 1 {2}log-likelihood -\d+\.\d{4} {2}max change /);
    expect(run.stderr).toMatch(/fluid fit: converged after \d+ iterations, log-likelihood -2658\.805/);
    const irt = readIrt(out);
    expect(irt.header).toBe(',a,b');
    expect(irt.rows.map((r) => r[0])).toEqual(data.items);
    irt.rows.forEach((row, j) => {
      // the shortest text that reads back as the same double (JavaScript's own number form)
      expect(String(Number(row[1]))).toBe(row[1]);
      expect(String(Number(row[2]))).toBe(row[2]);
      expect(Math.abs(Number(row[1]) - data.ltm.a[j])).toBeLessThan(2e-3);
      expect(Math.abs(Number(row[2]) - data.ltm.b[j])).toBeLessThan(2e-3);
    });
    // No temporary files are left beside the output.
    expect(readdirSync(dir).sort()).toEqual(['irt.csv', 'lsat7.csv']);
  });

  it('writes a model that `fluid run` reads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fluid-fit-'));
    const wide = writeWide(dir, data);
    const out = join(dir, 'irt.csv');
    expect(fluid(['fit', '--responses', wide, '--out', out, '--quiet']).status).toBe(0);
    const run = fluid(['run', '--irt', out, '--responses', wide, '--checkpoint', 's0,s999', '--n-max', '5', '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.checkpoint)).toEqual(['s0', 's999']);
    expect(lines[0].items.length).toBe(5);
  });

  it('reads py-irt JSONL and gives the same model as the wide CSV', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fluid-fit-'));
    const jsonl = join(dir, 'lsat7.jsonl');
    writeFileSync(jsonl, data.subjects.map((s, n) => JSON.stringify({ subject_id: `s${n}`, responses: Object.fromEntries(data.items.map((id, j) => [id, s[j]])) })).join('\n'));
    const fromJsonl = fluid(['fit', '--responses', jsonl, '--format', 'pyirt', '--quiet']);
    const fromWide = fluid(['fit', '--responses', writeWide(dir, data), '--quiet']);
    expect(fromJsonl.status, fromJsonl.stderr).toBe(0);
    expect(fromJsonl.stderr).toBe('');
    expect(fromJsonl.stdout).toBe(fromWide.stdout);
    expect(fromJsonl.stdout.startsWith(',a,b\nItem.1,')).toBe(true);
  });

  it('fits with the hierarchical priors and writes the abilities on request', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fluid-fit-'));
    const abilities = join(dir, 'abilities.csv');
    const run = fluid(['fit', '--responses', writeWide(dir, data), '--method', 'hierarchical', '--abilities', abilities, '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    const rows = readFileSync(abilities, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('subject,theta,sd');
    expect(rows.length).toBe(1001);
    // The hierarchical fit standardizes the abilities over the sample: mean 0, SD 1.
    const theta = rows.slice(1).map((row) => Number(row.split(',')[1]));
    const mean = theta.reduce((s, x) => s + x, 0) / theta.length;
    const sd = Math.sqrt(theta.reduce((s, x) => s + (x - mean) ** 2, 0) / theta.length);
    expect(Math.abs(mean)).toBeLessThan(1e-9);
    expect(Math.abs(sd - 1)).toBeLessThan(1e-9);
  });

  it('rejects a bad response with one line naming the file, row and column, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fluid-fit-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'item,lm1,lm2\nq1,1,0\nq2,0,7\n');
    const out = join(dir, 'irt.csv');
    const run = fluid(['fit', '--responses', bad, '--out', out]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^fluid: .*bad\.csv.*row 3.*lm2.*7/);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects bad options before reading anything', () => {
    const negative = fluid(['fit', '--responses', 'unused.csv', '--allow-negative']);
    expect(negative.status).toBe(2);
    expect(negative.stderr).toMatch(/--allow-negative.*--priors none/);
    const nodes = fluid(['fit', '--responses', 'unused.csv', '--nodes', '2.5']);
    expect(nodes.status).toBe(2);
    expect(nodes.stderr).toBe('fluid: --nodes: must be a whole number ≥ 3 (got "2.5")\n');
  });
});
