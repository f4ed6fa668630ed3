// Regression tests for the defects a hostile user found (issue 10): strict flags, one number grammar,
// conflicting inputs, errors that name file/row/column, outputs written all or none, closed pipes and full disks.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, fixturesDir, fluid } from './helpers';

const synthetic = join(fixturesDir, 'synthetic');
const irt = join(synthetic, 'arc_challenge_irt.csv');
const responses = join(synthetic, 'arc_challenge_responses.csv');
const files = ['--irt', irt, '--responses', responses];

/** One line on stderr, the given status, nothing on stdout. */
function expectRefused(run: ReturnType<typeof fluid>, pattern: RegExp, status = 2) {
  expect(run.status, run.stderr).toBe(status);
  expect(run.stdout).toBe('');
  expect(run.stderr.endsWith('\n')).toBe(true);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr.trim()).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('strict command line', { timeout: 120_000 }, () => {
  it('refuses an unknown or misspelt flag, naming the closest known one', () => {
    expectRefused(fluid(['run', ...files, '--nmax', '5']), /^fluid run: unknown option --nmax \(did you mean --n-max\?\)/);
    expectRefused(fluid(['fit', '--responses', responses, '--method', 'mml', '--prior', 'none']), /unknown option --prior \(did you mean --priors\?\)/);
    expectRefused(fluid(['simulate', '--irt', irt, '-x']), /unknown option -x/);
  });

  it('refuses a stray positional argument and an unknown command with status 2', () => {
    expectRefused(fluid(['run', ...files, 'extra']), /^fluid run: unexpected argument "extra"/);
    expectRefused(fluid(['rnu']), /^fluid: unknown command "rnu" \(did you mean run\?\)/);
    expectRefused(fluid([]), /^fluid: no command given; commands: run, /);
    expectRefused(fluid(['data', 'lss']), /^fluid data: unknown command "lss" \(did you mean ls\?\)/);
  });

  it('refuses an empty value, a value flag without a value, and a flag given twice', () => {
    expectRefused(fluid(['run', ...files, '--n-max=']), /--n-max needs a value \(got ""\)/);
    expectRefused(fluid(['run', ...files, '--out']), /--out needs a value$/);
    expectRefused(fluid(['run', ...files, '--n-max', '5', '--n-max', '6']), /--n-max given twice/);
    expectRefused(fluid(['run', ...files, '--select', 'mfi', '--selector', 'random']), /--select and --selector are the same option, given twice/);
  });

  it('reads numbers as the CSV reader does: no hex, no empty list element, integers that are exact', () => {
    expectRefused(fluid(['run', ...files, '--n-max', '0x10']), /^fluid: --n-max: must be a whole number ≥ 1 \(got "0x10"\)$/);
    expectRefused(fluid(['simulate', '--irt', irt, '--theta', '1,,2']), /^fluid: --theta: an empty element in the list .*\(got "1,,2"\)$/);
    expectRefused(fluid(['run', ...files, '--seed', '1e30']), /^fluid: --seed: must be a whole number \(at most 2\^53 - 1\) \(got "1e30"\)$/);
    expectRefused(fluid(['run', ...files, '--start', 'Infinity']), /--start: must be a number \(got "Infinity"\)/);
    expectRefused(fluid(['demo', '--items', '1e12']), /--items: must be a whole number ≥ 1 and ≤ 1000000/);
    // a negative number is a value, not a flag
    expect(fluid(['run', ...files, '--start', '-1', '--n-max', '3', '--checkpoint', 'ckpt_05', '--quiet']).status).toBe(0);
  });

  it('refuses conflicting inputs: files with the dataset, a checkpoint named twice', () => {
    expectRefused(fluid(['run', '--irt', irt, '--benchmark', 'mmlu', '--lm', 'olmo2-7b']), /--irt: give either files .* or the dataset .*, not both/);
    expectRefused(fluid(['run', ...files, '--checkpoint', 'ckpt_05', '--checkpoint', 'ckpt_05']), /^fluid: --checkpoint: named twice \(got "ckpt_05"\)$/);
    expectRefused(fluid(['run', ...files, '--revision', 'main']), /--revision: applies to the dataset only/);
    expectRefused(fluid(['simulate', '--irt', irt, '--theta', '0', '--count', '3']), /--count: draws abilities; --theta already gives them/);
  });

  it('keeps the old spellings as aliases: --select, --format, --raw', () => {
    const old = fluid(['run', ...files, '--checkpoint', 'ckpt_05', '--n-max', '5', '--select', 'random', '--seed', '3', '--format', 'table', '--raw', '--quiet']);
    const renamed = fluid(['run', ...files, '--checkpoint', 'ckpt_05', '--n-max', '5', '--selector', 'random', '--seed', '3', '--output-format', 'table', '--keep-scores', '--quiet']);
    expect(old.status, old.stderr).toBe(0);
    expect(old.stdout).toBe(renamed.stdout);
    expect(old.stdout).toMatch(/^checkpoint\s+items\s+ability/);
  });

  it('writes no colour: usage is plain text on stdout, status 0', () => {
    const help = fluid(['run', '--help'], { env: { FORCE_COLOR: '1' } });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--selector, --select VALUE/);
    expect(help.stdout).not.toMatch(/\x1b\[/);
  });
});

describe('errors name file, row and column', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluid-hardening-'));

  it('a directory given as a file is one clear line, not EISDIR', () => {
    expectRefused(fluid(['run', '--irt', '.', '--responses', responses]), /^fluid: --irt: is a directory, expected a file \(got "\."\)$/);
  });

  it('a duplicate column in an IRT file is refused, naming the file, row 1 and the column', () => {
    const dup = join(dir, 'dup.csv');
    writeFileSync(dup, 'id,a,a,b\nq0,1,2,0\n');
    expectRefused(fluid(['simulate', '--irt', dup, '--theta', '0']), /dup\.csv, row 1, column "a": duplicate column name/);
  });

  it('an unusable item names the file and the 1-based row an editor shows', () => {
    const zero = join(dir, 'zero.csv');
    writeFileSync(zero, 'id,a,b\nq0,1,0\n\nq1,0,0\n');
    // q1 sits on the fourth line of the file (the blank line counts, as in an editor)
    expectRefused(fluid(['simulate', '--irt', zero, '--theta', '0']), /zero\.csv, row 4, column "a": a discrimination must not be 0 \(got "0"\)/);
  });

  it('--out naming a folder names that folder, not a temporary file', () => {
    const folder = join(dir, 'results');
    mkdirSync(folder);
    const run = fluid(['run', ...files, '--checkpoint', 'ckpt_05', '--n-max', '3', '--out', folder, '--quiet']);
    expectRefused(run, new RegExp(`^fluid: ${folder.replace(/[/\\]/g, '.')}: is a directory`));
    expect(run.stderr).not.toMatch(/partial/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('fit --require-binary (--raw) on fractions names the file, row and column', () => {
    const fractions = join(dir, 'fractions.csv');
    writeFileSync(fractions, 'id,lm1,lm2\nq0,1,0\nq1,0.5,1\n');
    expectRefused(fluid(['fit', '--responses', fractions, '--raw']), /fractions\.csv, row 3, column "lm1": a response must be 0 or 1 .*\(got "0\.5"\)/);
  });
});

describe('the hierarchical fit on too few subjects', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluid-force-'));
  const three = join(dir, 'three.csv');
  writeFileSync(three, `id,lm1,lm2,lm3\n${Array.from({ length: 12 }, (_, i) => `q${i},${i % 2},${i % 3 === 0 ? 1 : 0},${i < 6 ? 1 : 0}`).join('\n')}\n`);

  it('is refused without --force, naming the count and the way out', () => {
    expectRefused(fluid(['fit', '--responses', three, '--method', 'hierarchical']), /^fluid: --method: needs at least 20 subjects for stable parameters and .*three\.csv has 3; pass --force to fit anyway, or use --method mml/);
    expectRefused(fluid(['fit', '--responses', three, '--force']), /--force: applies to --method hierarchical only/);
  });

  it('runs with --force and says why its numbers may not hold', () => {
    const run = fluid(['fit', '--responses', three, '--method', 'hierarchical', '--force', '--max-iterations', '30']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/warning: only 3 subjects: the hierarchical fit needs 20 for stable parameters/);
    expect(run.stdout.split('\n')[0]).toBe(',a,b');
  });
});

describe('outputs are written all or none', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluid-outputs-'));

  it('refuses the same file for two outputs, and an output over an input, before reading anything', () => {
    const same = join(dir, 'same.csv');
    expectRefused(fluid(['simulate', '--irt', irt, '--theta', '0', '--out', same, '--truth', same]), /^fluid: --truth: the same file as --out; give each output its own file/);
    expectRefused(fluid(['fit', '--responses', join(dir, 'never-read.csv'), '--out', join(dir, 'x.csv'), '--abilities', join(dir, '.', 'x.csv')]), /--abilities: the same file as --out/);
    expectRefused(fluid(['run', ...files, '--out', responses]), /--out: the same file as the input --responses/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('simulate --truth into a folder that cannot be made leaves --out unwritten too', () => {
    const blocker = join(dir, 'blocker');
    writeFileSync(blocker, 'a file where a folder should be\n');
    const out = join(dir, 'sim.csv');
    const run = fluid(['simulate', '--irt', irt, '--theta', '0,1', '--out', out, '--truth', join(blocker, 'truth.csv'), '--quiet']);
    expectRefused(run, /blocker.truth\.csv: /);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['blocker']);
  });

  it('fit writes the model and the abilities together', () => {
    const wide = join(dir, 'wide.csv');
    writeFileSync(wide, `id,${Array.from({ length: 30 }, (_, k) => `s${k}`).join(',')}\n${Array.from({ length: 6 }, (_, i) => `q${i},${Array.from({ length: 30 }, (_, k) => ((i * 7 + k * 3) % 5 < 2 + (k % 3) ? 1 : 0)).join(',')}`).join('\n')}\n`);
    const out = join(dir, 'irt.csv');
    const abilities = join(dir, 'abilities.csv');
    const run = fluid(['fit', '--responses', wide, '--out', out, '--abilities', abilities, '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe(',a,b');
    expect(readFileSync(abilities, 'utf8').split('\n')).toHaveLength(30 + 2);
  });
});

describe('closed pipes and full disks', { timeout: 120_000 }, () => {
  it('a reader that closes the pipe early ends the run quietly with status 0', async () => {
    const child = spawn(process.execPath, [cliPath, 'simulate', '--irt', join(synthetic, 'mmlu_irt.csv'), '--count', '20', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // read one chunk, then close our end, as `| head -c 1` does
    await new Promise<void>((resolve) => child.stdout.once('data', () => {
      child.stdout.destroy();
      resolve();
    }));
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  it.skipIf(!existsSync('/dev/full'))('stdout on a full device is one line and status 1', async () => {
    const { openSync } = await import('node:fs');
    const full = openSync('/dev/full', 'w');
    const child = spawn(process.execPath, [cliPath, 'simulate', '--irt', irt, '--count', '2', '--quiet'], { stdio: ['ignore', full, 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect(status).toBe(1);
    expect(stderr).toBe('fluid: cannot write the output: no space left on device\n');
  });
});
