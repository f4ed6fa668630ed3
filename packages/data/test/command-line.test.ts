import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DataFormatError,
  InvalidArgumentError,
  UsageError,
  closestName,
  csvCell,
  formatCsv,
  formatIrtCsv,
  formatResponsesCsv,
  listArgument,
  numberArgument,
  parseFlags,
  parseIrtCsv,
  parsePyIrtJsonl,
  parseResponsesCsv,
  uniqueListArgument,
  type FlagSpec,
} from '../src/index';
import { describeError, writeFilesAtomically } from '../src/node';

const flags: Record<string, FlagSpec> = {
  'n-max': { type: 'string', default: '500' },
  selector: { type: 'string', alias: 'select', default: 'mfi' },
  checkpoint: { type: 'string', multiple: true },
  start: { type: 'string' },
  quiet: { type: 'boolean', default: false },
};

describe('parseFlags', () => {
  it('reads --name value, --name=value, aliases, repeatable flags and booleans, with defaults', () => {
    expect(parseFlags(['--n-max', '20', '--select=random', '--checkpoint', 'a', '--checkpoint=b,c', '--quiet', '--start', '-1.5'], flags, 'fluid run')).toEqual({
      'n-max': '20', selector: 'random', checkpoint: ['a', 'b,c'], quiet: true, start: '-1.5',
    });
    expect(parseFlags([], flags, 'fluid run')).toEqual({ 'n-max': '500', selector: 'mfi', quiet: false });
    expect(parseFlags(['--no-quiet'], flags, 'fluid run').quiet).toBe(false);
  });

  it('names the closest known flag for a misspelt one', () => {
    expect(() => parseFlags(['--nmax', '5'], flags, 'fluid run')).toThrow(new UsageError('fluid run: unknown option --nmax (did you mean --n-max?); see fluid run --help'));
    expect(() => parseFlags(['--selectr=x'], flags, 'fluid run')).toThrow(/unknown option --selectr \(did you mean --selector\?\)/);
    expect(() => parseFlags(['--zzzzzzzz'], flags, 'fluid run')).toThrow('fluid run: unknown option --zzzzzzzz; see fluid run --help');
  });

  it('refuses stray arguments, missing and empty values, repeats, and values on booleans', () => {
    expect(() => parseFlags(['quiet'], flags, 'fluid run')).toThrow('fluid run: unexpected argument "quiet" (did you mean --quiet?); this command takes options only');
    expect(() => parseFlags(['--', 'x'], flags, 'fluid run')).toThrow(/unexpected argument "x"/);
    expect(() => parseFlags(['--start'], flags, 'fluid run')).toThrow('fluid run: --start needs a value');
    expect(() => parseFlags(['--start', '--quiet'], flags, 'fluid run')).toThrow('fluid run: --start needs a value');
    expect(() => parseFlags(['--n-max='], flags, 'fluid run')).toThrow('fluid run: --n-max needs a value (got "")');
    expect(() => parseFlags(['--start', '1', '--start', '2'], flags, 'fluid run')).toThrow('fluid run: --start given twice');
    expect(() => parseFlags(['--quiet=yes'], flags, 'fluid run')).toThrow('fluid run: --quiet takes no value (got "yes")');
  });
});

describe('numbers and lists, one grammar', () => {
  it('accepts what the CSV reader accepts and refuses the rest', () => {
    expect(numberArgument('start', '-1.5e-1')).toBe(-0.15);
    expect(numberArgument('n-max', '20', { integer: true, min: 1 })).toBe(20);
    for (const text of ['', ' ', '0x10', 'Infinity', '1,5', '1_000', 'NaN', '2.5.1']) {
      expect(() => numberArgument('start', text), text).toThrow(InvalidArgumentError);
    }
    expect(() => numberArgument('seed', '1e30', { integer: true })).toThrow('--seed: must be a whole number (at most 2^53 - 1) (got "1e30")');
    expect(() => numberArgument('n-max', '0', { integer: true, min: 1 })).toThrow('--n-max: must be a whole number ≥ 1 (got "0")');
    expect(() => numberArgument('tolerance', '0', { min: 0, exclusiveMin: true })).toThrow('--tolerance: must be a number > 0 (got "0")');
  });

  it('splits lists on commas and refuses empty elements and repeats where they are mistakes', () => {
    expect(listArgument('theta', ['1, 2', '-3'])).toEqual(['1', '2', '-3']);
    expect(() => listArgument('theta', '1,,2')).toThrow(/--theta: an empty element/);
    expect(() => listArgument('theta', '1,')).toThrow(/--theta: an empty element/);
    expect(() => uniqueListArgument('checkpoint', ['a', 'b,a'])).toThrow('--checkpoint: named twice (got "a")');
  });

  it('finds the closest name within a third of its length', () => {
    expect(closestName('nmax', ['n-max', 'min-se', 'seed'])).toBe('n-max');
    expect(closestName('estimater', ['estimator', 'start'])).toBe('estimator');
    expect(closestName('xyz', ['n-max'])).toBeUndefined();
  });
});

describe('the CSV writer', () => {
  it('writes numbers in their shortest round-trip form and quotes only when needed', () => {
    expect(csvCell(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvCell(1e-300)).toBe('1e-300');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell('say "hi", twice')).toBe('"say ""hi"", twice"');
    expect(formatCsv(['a', 'b'], [[1, 'x\ny']])).toBe('a,b\n1,"x\ny"\n');
  });

  it('round-trips IRT and response tables bit for bit through the readers', () => {
    const irt = { ids: ['q,1', 'q"2'], a: Float64Array.of(Math.PI, 1 / 3), b: Float64Array.of(-Math.E, 1e-17), c: Float64Array.of(0.2, 0), d: Float64Array.of(1, 0.95) };
    const back = parseIrtCsv(formatIrtCsv(irt));
    expect(back).toEqual(irt);
    const responses = { ids: ['q1', 'q2'], checkpoints: ['s 1', 's,2'], columns: [Float64Array.of(0.25, Number.NaN), Float64Array.of(1, 0)] };
    expect(parseResponsesCsv(formatResponsesCsv(responses), { binarize: false })).toEqual(responses);
  });
});

describe('reader checks', () => {
  it('refuses a column named twice in an IRT file (row 1, the column)', () => {
    expect(() => parseIrtCsv('id,a,a,b\nq,1,2,0\n', { file: 'irt.csv' })).toThrow(new DataFormatError('irt.csv', 1, 'a', 'a', 'duplicate column name'));
  });

  it('refuses a = 0 and c ≥ d, naming the 1-based row', () => {
    expect(() => parseIrtCsv('id,a,b\nq0,1,0\nq1,0,0\n', { file: 'irt.csv' })).toThrow('irt.csv, row 3, column "a": a discrimination must not be 0 (got "0")');
    expect(() => parseIrtCsv('id,a,b,c,d\nq0,1,0,0.5,0.5\n', { file: 'irt.csv' })).toThrow(/irt\.csv, row 2, column "c": the lower asymptote c \(0\.5\) must be below the upper d \(0\.5\)/);
  });

  it('requireBinary refuses fractions with file, row and column, in CSV and py-irt JSONL', () => {
    expect(() => parseResponsesCsv('id,lm\nq0,1\nq1,0.5\n', { file: 'r.csv', binarize: false, requireBinary: true })).toThrow(/^r\.csv, row 3, column "lm": a response must be 0 or 1/);
    expect(() => parsePyIrtJsonl('{"subject_id":"s","responses":{"q":0.5}}\n', { file: 'r.jsonl', binarize: false, requireBinary: true })).toThrow(/^r\.jsonl, row 1, column "responses\.q": a response must be 0 or 1/);
  });
});

describe('writeFilesAtomically', () => {
  it('writes every file or none, and names the path as given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    writeFileSync(join(dir, 'blocker'), 'x');
    let thrown: unknown;
    try {
      writeFilesAtomically([{ path: join(dir, 'first.csv'), content: 'a\n' }, { path: join(dir, 'blocker', 'second.csv'), content: 'b\n' }]);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as { code?: string }).code).toBe('ENOTDIR');
    expect((thrown as Error).message.startsWith(join(dir, 'blocker', 'second.csv'))).toBe(true);
    expect(readdirSync(dir)).toEqual(['blocker']);
    writeFilesAtomically([{ path: join(dir, 'first.csv'), content: 'a\n' }, { path: join(dir, 'second.csv'), content: 'b\n' }]);
    expect(readFileSync(join(dir, 'second.csv'), 'utf8')).toBe('b\n');
  });

  it('refuses the same file twice and a folder as a file, before writing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    expect(() => writeFilesAtomically([{ path: join(dir, 'x.csv'), content: '' }, { path: join(dir, '.', 'x.csv'), content: '' }])).toThrow(InvalidArgumentError);
    expect(() => writeFilesAtomically([{ path: dir, content: '' }])).toThrow(`${dir}: is a directory`);
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });
});

describe('describeError', () => {
  it('maps input errors to status 2 and a full disk to status 1, naming the path', () => {
    expect(describeError(Object.assign(new Error('x'), { code: 'ENOENT', path: 'a.csv' }))).toEqual({ line: 'a.csv: no such file or directory', status: 2 });
    expect(describeError(Object.assign(new Error('x'), { code: 'ENOSPC', path: 'out.csv' }))).toEqual({ line: 'out.csv: no space left on device', status: 1 });
    expect(describeError(new TypeError('a bug'))).toBeUndefined();
  });
});
