import { describe, expect, it } from 'vitest';
import { AlignmentError, DataFormatError, FluidDataError, InvalidArgumentError, parseIrtCsv, parseResponsesCsv } from '../src/index';
import { formatError } from './format-error';

describe('parseIrtCsv', () => {
  it('reads a pandas-style file with an empty index header', () => {
    const irt = parseIrtCsv(',a,b\ngsm8k_0,1.25,-0.5\ngsm8k_1,0.75,2e-1\n', { file: 'gsm8k.csv' });
    expect(irt.ids).toEqual(['gsm8k_0', 'gsm8k_1']);
    expect([...irt.a]).toEqual([1.25, 0.75]);
    expect([...irt.b]).toEqual([-0.5, 0.2]);
    expect(irt.c).toBeUndefined();
    expect(irt.d).toBeUndefined();
  });

  it('finds columns by name, reads c and d, ignores the rest', () => {
    const irt = parseIrtCsv('item,note,b,d,a,c\nq1,x,0.5,0.9,1.5,0.25\n');
    expect(irt.a[0]).toBe(1.5);
    expect(irt.b[0]).toBe(0.5);
    expect(irt.c?.[0]).toBe(0.25);
    expect(irt.d?.[0]).toBe(0.9);
  });

  it('keeps full double precision', () => {
    const irt = parseIrtCsv('item,a,b\nq,-4.317882854306613,-2.1981345012717406\n');
    expect(irt.a[0]).toBe(-4.317882854306613);
    expect(irt.b[0]).toBe(-2.1981345012717406);
  });

  it('strips a byte-order mark and reads CRLF line ends', () => {
    const irt = parseIrtCsv('\uFEFFitem,a,b\r\nq1,1,0\r\nq2,2,1\r\n');
    expect(irt.ids).toEqual(['q1', 'q2']);
    expect([...irt.a]).toEqual([1, 2]);
  });

  it('rejects a file without an a column, naming the column', () => {
    const error = formatError(() => parseIrtCsv('item,discrimination,b\nq1,1,0\n', { file: 'irt.csv' }));
    expect(error.file).toBe('irt.csv');
    expect(error.row).toBe(1);
    expect(error.column).toBe('a');
    expect(error.message).toContain('irt.csv');
    expect(error.message).toContain('"a"');
  });

  it('names row, column and value of a non-numeric parameter', () => {
    const error = formatError(() => parseIrtCsv('item,a,b\nq1,1,0\nq2,1.2,oops\n', { file: 'irt.csv' }));
    expect([error.file, error.row, error.column, error.value]).toEqual(['irt.csv', 3, 'b', 'oops']);
    expect(error.message).toBe('irt.csv, row 3, column "b": not a number (got "oops")');
  });

  it('counts blank lines when naming rows', () => {
    const error = formatError(() => parseIrtCsv('item,a,b\nq1,1,0\n\nq2,x,0\n'));
    expect(error.row).toBe(4);
  });

  it('rejects missing parameters, duplicate ids, empty ids and ragged rows', () => {
    expect(formatError(() => parseIrtCsv('item,a,b\nq1,,0\n')).message).toContain('missing item parameter');
    const duplicate = formatError(() => parseIrtCsv('item,a,b\nq1,1,0\nq2,1,0\nq1,1,0\n'));
    expect([duplicate.row, duplicate.value]).toEqual([4, 'q1']);
    expect(duplicate.message).toContain('first seen at row 2');
    expect(formatError(() => parseIrtCsv('item,a,b\n,1,0\n')).message).toContain('empty id');
    const ragged = formatError(() => parseIrtCsv('item,a,b\nq1,1,0\nq2,1\n'));
    expect(ragged.row).toBe(3);
    expect(ragged.message).toContain('2 fields, the header has 3');
  });

  it('rejects an empty file and a header without rows', () => {
    expect(formatError(() => parseIrtCsv('', { file: 'e.csv' })).message).toBe('e.csv: the file is empty');
    expect(formatError(() => parseIrtCsv('\uFEFF \r\n')).message).toContain('empty');
    expect(formatError(() => parseIrtCsv('item,a,b\n')).message).toContain('no data rows');
  });

  it('checks asymptotes, and ignores a column when told to', () => {
    const mirt = 'item,a,d,b\n660,-4.3,-9.49,-2.19\n';
    const error = formatError(() => parseIrtCsv(mirt));
    expect(error.column).toBe('d');
    const irt = parseIrtCsv(mirt, { columns: { d: null } });
    expect(irt.d).toBeUndefined();
    expect(irt.a[0]).toBe(-4.3);
  });

  it('reports malformed quoting with a row', () => {
    const error = formatError(() => parseIrtCsv('item,a,b\nq1,1,0\n"q2,1,0\n'));
    expect(error.message).toContain('quoting');
  });

  it('is a FluidDataError with the shared markers (its own class\'s and the FluidError family\'s)', () => {
    const error = formatError(() => parseIrtCsv(''));
    expect(FluidDataError.isInstance(error)).toBe(true);
    expect(DataFormatError.isInstance(error)).toBe(true);
    expect(AlignmentError.isInstance(error)).toBe(false);
    expect(InvalidArgumentError.isInstance(error)).toBe(false);
    const marks = error as unknown as Record<symbol, unknown>;
    expect(marks[Symbol.for('fluidbench.error.FluidError')]).toBe(true);
    expect(marks[Symbol.for('fluidbench.error.DataFormatError')]).toBe(true);
    expect(FluidDataError.isInstance(new Error('x'))).toBe(false);
    expect(error.name).toBe('DataFormatError');
  });
});

describe('parseResponsesCsv', () => {
  const text = ',step100,step200\nq_0,1.0,0.0\nq_1,0.7,\nq_2,0.25,NA\nq_3,0.5,1\n';

  it('binarizes at >= 0.5 and keeps missing as NaN', () => {
    const table = parseResponsesCsv(text, { file: 'lm.csv' });
    expect(table.ids).toEqual(['q_0', 'q_1', 'q_2', 'q_3']);
    expect(table.checkpoints).toEqual(['step100', 'step200']);
    expect([...table.columns[0]]).toEqual([1, 1, 0, 1]);
    expect([...table.columns[1]]).toEqual([0, Number.NaN, Number.NaN, 1]);
  });

  it('keeps raw scores with binarize: false and honours a threshold', () => {
    expect([...parseResponsesCsv(text, { binarize: false }).columns[0]]).toEqual([1, 0.7, 0.25, 0.5]);
    expect([...parseResponsesCsv(text, { threshold: 0.75 }).columns[0]]).toEqual([1, 0, 0, 0]);
  });

  it('names file, row, column and value of a bad response', () => {
    const nonNumeric = formatError(() => parseResponsesCsv(',s1,s2\nq_0,1,0\nq_1,0,yes\n', { file: 'lm.csv' }));
    expect([nonNumeric.file, nonNumeric.row, nonNumeric.column, nonNumeric.value]).toEqual(['lm.csv', 3, 's2', 'yes']);
    expect(nonNumeric.message).toBe('lm.csv, row 3, column "s2": not a number (got "yes")');
    const outside = formatError(() => parseResponsesCsv(',s1\nq_0,1.5\n', { file: 'lm.csv' }));
    expect([outside.row, outside.column, outside.value]).toEqual([2, 's1', '1.5']);
    expect(formatError(() => parseResponsesCsv(',s1\nq_0,-0.1\n')).message).toContain('[0, 1]');
    expect(formatError(() => parseResponsesCsv(',s1\nq_0,0x1\n')).message).toContain('not a number');
  });

  it('rejects duplicate ids, duplicate or empty checkpoint names, ragged rows and empty files', () => {
    expect(formatError(() => parseResponsesCsv(',s\nq,1\nq,0\n')).row).toBe(3);
    expect(formatError(() => parseResponsesCsv(',s,s\nq,1,0\n')).message).toContain('duplicate column name');
    expect(formatError(() => parseResponsesCsv(',s,\nq,1,0\n')).message).toContain('empty column name');
    expect(formatError(() => parseResponsesCsv(',s,t\nq,1,0,1\n')).message).toContain('ragged row');
    expect(formatError(() => parseResponsesCsv('')).message).toContain('empty');
  });

  it('reads BOM and CRLF', () => {
    const table = parseResponsesCsv('\uFEFF,s\r\nq_0,1\r\nq_1,0\r\n');
    expect(table.ids).toEqual(['q_0', 'q_1']);
    expect([...table.columns[0]]).toEqual([1, 0]);
  });

  it('reads the transposed layout (checkpoints in rows, items in columns)', () => {
    const table = parseResponsesCsv('"llm","q_0","q_1","q_2"\n"lm/a","1","0","1"\n"lm/b","0","0",""\n', {
      orientation: 'items-in-columns',
    });
    expect(table.ids).toEqual(['q_0', 'q_1', 'q_2']);
    expect(table.checkpoints).toEqual(['lm/a', 'lm/b']);
    expect([...table.columns[1]]).toEqual([0, 0, Number.NaN]);
    const error = formatError(() => parseResponsesCsv('llm,q_0,q_1\nlm/a,1,2\n', { orientation: 'items-in-columns', file: 't.csv' }));
    expect([error.row, error.column, error.value]).toEqual([2, 'q_1', '2']);
  });

  it('parses a results file of the dataset size (28,659 items x 93 checkpoints)', () => {
    const nItems = 28_659;
    const nCheckpoints = 93;
    const header = ['', ...Array.from({ length: nCheckpoints }, (_, k) => `step${(k + 1) * 1000}-tokens${k * 4}B`)];
    const lines = [header.join(',')];
    // A fixed pseudo-random pattern; the last 817 rows carry continuous scores as TruthfulQA MC2 does.
    let state = 12345;
    const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < nItems; i++) {
      const continuous = i >= nItems - 817;
      const cells = [`item_${i}`];
      for (let k = 0; k < nCheckpoints; k++) {
        const u = next();
        cells.push(continuous ? String(u) : u < 0.55 ? '1.0' : '0.0');
      }
      lines.push(cells.join(','));
    }
    const text = `${lines.join('\n')}\n`;
    // its speed is measured in bench/, never asserted here: this checks the dataset-size file parses right
    const table = parseResponsesCsv(text, { file: 'generated.csv' });
    expect(table.ids.length).toBe(nItems);
    expect(table.columns.length).toBe(nCheckpoints);
    expect(table.ids[nItems - 1]).toBe(`item_${nItems - 1}`);
    // Every value is binary after loading, and the share of ones is near the generator's 0.55.
    let ones = 0;
    for (const column of table.columns) for (const value of column) ones += value;
    expect(ones / (nItems * nCheckpoints)).toBeGreaterThan(0.5);
    expect(ones / (nItems * nCheckpoints)).toBeLessThan(0.6);
  });
});
