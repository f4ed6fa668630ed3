// The browser-safe entry in headless Chromium: parsing the synthetic fixture files from strings and from
// `File` objects (what an <input type="file"> hands a page), and typed errors that name the file.
import irtCsv from '../../../../fixtures/synthetic/arc_challenge_irt.csv?raw';
import responsesCsv from '../../../../fixtures/synthetic/arc_challenge_responses.csv?raw';
import { describe, expect, it } from 'vitest';
import {
  AlignmentError, DataFormatError, FluidDataError, checkAlignment, parseIrtCsv, parseResponsesCsv, readIrtCsvBlob, readResponsesCsvBlob,
} from '../../src/index';

/** The fixture's cells by plain splitting (the files are simple: no quotes, no blank cells). */
function cells(text: string): string[][] {
  return text.trim().split(/\r?\n/).map((line) => line.split(','));
}

/** arc_challenge has 1,172 items (fixtures/synthetic/README.md). */
const ARC_ITEMS = 1172;

describe('@fluidbench/data in Chromium', () => {
  it('is a real browser page', () => {
    expect(navigator.userAgent).toMatch(/HeadlessChrome/);
  });

  it('parses the synthetic IRT file with every double intact', () => {
    const rows = cells(irtCsv).slice(1);
    const irt = parseIrtCsv(irtCsv, { file: 'arc_challenge_irt.csv' });
    expect(irt.ids).toHaveLength(ARC_ITEMS);
    expect(irt.ids).toEqual(rows.map((row) => row[0]));
    expect(Array.from(irt.a)).toEqual(rows.map((row) => Number(row[1])));
    expect(Array.from(irt.b)).toEqual(rows.map((row) => Number(row[2])));
  });

  it('parses the synthetic responses and they line up with the IRT file', () => {
    const rows = cells(responsesCsv);
    const table = parseResponsesCsv(responsesCsv, { file: 'arc_challenge_responses.csv' });
    expect(table.checkpoints).toEqual(['ckpt_00', 'ckpt_05', 'ckpt_10', 'ckpt_15', 'ckpt_20', 'ckpt_25', 'ckpt_30', 'ckpt_35', 'ckpt_40', 'ckpt_45']);
    table.checkpoints.forEach((_, c) => expect(Array.from(table.columns[c])).toEqual(rows.slice(1).map((row) => Number(row[c + 1]))));
    expect(() => checkAlignment(parseIrtCsv(irtCsv).ids, table.ids)).not.toThrow();
  });

  it('reads File objects and names them in errors', async () => {
    const irt = await readIrtCsvBlob(new File([irtCsv], 'arc.csv', { type: 'text/csv' }));
    expect(irt.ids).toHaveLength(ARC_ITEMS);
    const bad = new File(['item,s1\nq_0,1\nq_1,yes\n'], 'lm.csv', { type: 'text/csv' });
    const error = await readResponsesCsvBlob(bad).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(DataFormatError);
    expect(FluidDataError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ file: 'lm.csv', row: 3, column: 's1', value: 'yes' });
  });

  it('names the first differing row when responses are in another order', () => {
    const ids = parseIrtCsv(irtCsv).ids;
    const swapped = [...ids];
    [swapped[5], swapped[6]] = [swapped[6], swapped[5]];
    expect(() => checkAlignment(ids, swapped, { irtFile: 'irt.csv', responsesFile: 'lm.csv' })).toThrow(AlignmentError);
    expect(() => checkAlignment(ids, swapped, { irtFile: 'irt.csv', responsesFile: 'lm.csv' })).toThrow(/row 7/);
  });
});
