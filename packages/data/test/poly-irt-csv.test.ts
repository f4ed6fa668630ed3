import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AlignmentError, DataFormatError, formatPolyIrtCsv, nearestCategory, parseCategoryResponsesCsv, parseIrtCsv, parseItemBankCsv, parsePolyIrtCsv, parseScoreValues,
} from '../src/index';
import { isPolyIrtTable, metadataPathFor, readItemBankCsv } from '../src/node';
import { formatError } from './format-error';

describe('parsePolyIrtCsv', () => {
  it('reads GRM, GPCM and PCM files, the model from the header, trailing cells empty', () => {
    const grm = parsePolyIrtCsv('item_id,a,b1,b2,b3\nq1,1.5,-1,0,1.2\nq2,0.7,0.3,,\n', { file: 'grm.csv' });
    expect(grm.model).toBe('grm');
    expect(grm.ids).toEqual(['q1', 'q2']);
    expect(Array.from(grm.a!)).toEqual([1.5, 0.7]);
    expect(grm.thresholds.map((t) => Array.from(t))).toEqual([[-1, 0, 1.2], [0.3]]);
    const gpcm = parsePolyIrtCsv(',a,d1,d2\nq1,1.1,0.5,-0.5\n');
    expect(gpcm.model).toBe('gpcm');
    expect(Array.from(gpcm.thresholds[0])).toEqual([0.5, -0.5]);
    const pcm = parsePolyIrtCsv('id,d1,d2\nq1,0.2,\nq2,1,2\n');
    expect(pcm.model).toBe('pcm');
    expect(pcm.a).toBeUndefined();
    expect(pcm.thresholds.map((t) => t.length)).toEqual([1, 2]);
  });

  it('takes a given model over the header', () => {
    expect(parsePolyIrtCsv('id,a,b1,b2\nq,1,0.5,-0.5\n', { model: 'gpcm' }).model).toBe('gpcm');
  });

  it('names file, row, column and value for every bad cell', () => {
    expect(formatError(() => parsePolyIrtCsv('id,a,b1,b2\nq1,1,0,1\nq2,1,,1\n', { file: 'g.csv' })).message)
      .toBe('g.csv, row 3, column "b2": a threshold after the empty b1: only trailing cells may be empty (got "1")');
    expect(formatError(() => parsePolyIrtCsv('id,a,b1,b2\nq1,1,1,0.5\n', { file: 'g.csv' })).message)
      .toBe('g.csv, row 2, column "b2": GRM thresholds must increase (previous 1) (got "0.5")');
    expect(formatError(() => parsePolyIrtCsv('id,a,b1\nq1,-1,0\n', { file: 'g.csv' })).message)
      .toBe('g.csv, row 2, column "a": a discrimination must be a finite number > 0 (got "-1")');
    expect(formatError(() => parsePolyIrtCsv('id,a,d1\nq1,1,x\n', { file: 'g.csv' })).message)
      .toBe('g.csv, row 2, column "d1": not a finite number (got "x")');
    expect(formatError(() => parsePolyIrtCsv('id,a,d1\nq1,1,\n', { file: 'g.csv' })).message)
      .toBe('g.csv, row 2, column "d1": an item needs at least one threshold (got "")');
    expect(formatError(() => parsePolyIrtCsv('id,b1\nq1,0\n', { file: 'g.csv' })).message)
      .toBe('g.csv, row 1, column "a": a GRM file needs an "a" column (got "id,b1")');
    expect(formatError(() => parsePolyIrtCsv('id,a,b\nq1,1,0\n', { file: 'g.csv' })).message).toMatch(/no threshold columns/);
  });

  it('parseItemBankCsv tells 1–4PL and polytomous files apart; parseIrtCsv points to it', () => {
    expect(isPolyIrtTable(parseItemBankCsv('id,a,b\nq,1,0\n'))).toBe(false);
    expect(isPolyIrtTable(parseItemBankCsv('id,a,b1\nq,1,0\n'))).toBe(true);
    expect(formatError(() => parseIrtCsv('id,a,b1\nq,1,0\n')).message).toMatch(/read it with parseItemBankCsv/);
  });
});

describe('formatPolyIrtCsv', () => {
  it('writes each model in the layout parsePolyIrtCsv reads back exactly, trailing cells empty', () => {
    const thresholds = [Float64Array.of(-0.5, 0.1 + 0.2, 1.75), Float64Array.of(0.125)];
    const a = Float64Array.of(1.2, 1 / 3);
    expect(formatPolyIrtCsv({ ids: ['q1', 'q,2'], model: 'grm', a, thresholds })).toBe('id,a,b1,b2,b3\nq1,1.2,-0.5,0.30000000000000004,1.75\n"q,2",0.3333333333333333,0.125,,\n');
    for (const model of ['grm', 'gpcm', 'pcm'] as const) {
      const table = model === 'pcm' ? { ids: ['q1', 'q,2'], model, thresholds } : { ids: ['q1', 'q,2'], model, a, thresholds };
      expect(parsePolyIrtCsv(formatPolyIrtCsv(table))).toEqual(table);
    }
    expect(formatPolyIrtCsv({ ids: ['q'], model: 'pcm', thresholds: [Float64Array.of(0, 1)] })).toBe('id,d1,d2\nq,0,1\n');
  });
});

describe('score values', () => {
  it('maps a raw score to the nearest category only within 1e-5', () => {
    const values = [0, 0.25, 0.5, 0.75, 1];
    expect(nearestCategory(0.75, values)).toBe(3);
    expect(nearestCategory(0.250009, values)).toBe(1);
    expect(nearestCategory(0.25002, values)).toBe(-1);
    expect(nearestCategory(-0.000001, values)).toBe(0);
  });

  it('maps any score to the nearest category without a tolerance, a tie to the higher one', () => {
    const values = [0, 0.25, 0.5, 0.75, 1];
    expect(nearestCategory(0.4, values, Infinity)).toBe(2); // 0.1 from 0.5, 0.15 from 0.25
    expect(nearestCategory(0.375, values, Infinity)).toBe(2); // 0.125 from both 0.25 and 0.5
    expect(nearestCategory(7, values, Infinity)).toBe(4);
  });

  it('reads the fork\'s metadata JSON and rejects bad lists', () => {
    expect(parseScoreValues('{"score_values":[0,0.5,1],"n_categories":3}', 'm.json')).toEqual([0, 0.5, 1]);
    expect(formatError(() => parseScoreValues('{"score_values":[0,1,0.5]}', 'm.json')).message)
      .toBe('m.json, column "score_values[2]": category scores must increase (got 0.5)');
    expect(formatError(() => parseScoreValues('{}', 'm.json')).message).toMatch(/at least two category scores/);
    expect(formatError(() => parseScoreValues('{', 'm.json')).message).toMatch(/^m.json: not valid JSON/);
  });
});

describe('parseCategoryResponsesCsv', () => {
  it('reads categories, missing cells and raw scores', () => {
    const table = parseCategoryResponsesCsv('id,lm1,lm2\nq1,2,0\nq2,,1\n', { bank: { ids: ['q1', 'q2'], categories: [3, 2] } });
    expect(table.checkpoints).toEqual(['lm1', 'lm2']);
    expect(Array.from(table.columns[0])).toEqual([2, NaN]);
    expect(Array.from(table.columns[1])).toEqual([0, 1]);
    const raw = parseCategoryResponsesCsv('id,lm\nq1,0.5\nq2,1.0\n', { scoreValues: [0, 0.25, 0.5, 0.75, 1] });
    expect(Array.from(raw.columns[0])).toEqual([2, 4]);
  });

  it('names row, column and value of a bad response', () => {
    expect(formatError(() => parseCategoryResponsesCsv('id,lm\nq1,1.5\n', { file: 'r.csv' })).message)
      .toBe('r.csv, row 2, column "lm": a category must be an integer ≥ 0 (raw scores need score values) (got "1.5")');
    const bank = { ids: ['q1', 'q2'], categories: [3, 2], file: 'b.csv' };
    expect(formatError(() => parseCategoryResponsesCsv('id,lm\nq1,1\nq2,2\n', { file: 'r.csv', bank })).message)
      .toBe('r.csv, row 3, column "lm": item "q2" has categories 0…1 (got "2")');
    expect(() => parseCategoryResponsesCsv('id,lm\nq2,1\nq1,0\n', { file: 'r.csv', bank })).toThrow(AlignmentError);
    expect(() => parseCategoryResponsesCsv('id,lm\nq2,1\nq1,0\n', { file: 'r.csv', bank })).toThrow(/row 2.*b.csv has "q1", r.csv has "q2"/);
    expect(formatError(() => parseCategoryResponsesCsv('id,lm\nq1,0.3\n', { file: 'r.csv', scoreValues: [0, 0.5, 1] })).message)
      .toBe('r.csv, row 2, column "lm": matches no category score within 0.00001 (score values 0, 0.5, 1) (got "0.3")');
    expect(formatError(() => parseCategoryResponsesCsv('id,lm\nq1,-1\n', { file: 'r.csv' })).message).toMatch(/row 2, column "lm".*got "-1"/);
  });
});

describe('readItemBankCsv (the fork\'s layout)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-bank-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads {benchmark}_gpcm_items.csv with its model from the name and score values from the metadata', async () => {
    writeFileSync(join(dir, 'mmlu_gpcm_items.csv'), 'item_id,a,b1,b2\nmmlu_0,1.2,-0.5,0.5\n');
    writeFileSync(join(dir, 'mmlu_metadata.json'), '{"score_values":[0,0.5,1]}');
    const bank = await readItemBankCsv(join(dir, 'mmlu_gpcm_items.csv'));
    expect(isPolyIrtTable(bank) && bank.model).toBe('gpcm');
    expect(isPolyIrtTable(bank) && bank.scoreValues).toEqual([0, 0.5, 1]);
    expect(metadataPathFor('x/arc_grm_items.csv')).toBe('x/arc_metadata.json');
    expect(metadataPathFor('bank.csv')).toBe('bank_metadata.json');
  });

  it('reads a bank without metadata, and a 1–4PL file as before', async () => {
    writeFileSync(join(dir, 'plain.csv'), 'id,d1,d2\nq,0,1\n');
    writeFileSync(join(dir, 'twopl.csv'), ',a,b\nq,1,0\n');
    const pcm = await readItemBankCsv(join(dir, 'plain.csv'));
    expect(isPolyIrtTable(pcm) && pcm.model).toBe('pcm');
    expect(isPolyIrtTable(pcm) && pcm.scoreValues).toBeUndefined();
    expect(isPolyIrtTable(await readItemBankCsv(join(dir, 'twopl.csv')))).toBe(false);
  });
});
