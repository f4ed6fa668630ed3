// The real metabench ARC slice (CC BY-NC-SA 4.0): read in place from the shared fixtures next to the
// repository, never copied. Skipped, with the reason printed, when the folder is absent.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AlignmentError, DataFormatError, checkAlignment, formatPyIrtJsonl, parsePyIrtJsonl, readIrtCsv, readResponsesCsv } from '../src/node';

// test/ -> packages/data -> packages -> repository root; the shared material sits beside the repository.
const fixtureFolder = fileURLToPath(new URL('../../../../shared/fixtures/leaderboard/arc-2PL-MAP-0.005-seed=1/', import.meta.url));
const itemsFile = `${fixtureFolder}items.csv`;
const responsesFile = `${fixtureFolder}responses_train.csv`;
const available = existsSync(itemsFile) && existsSync(responsesFile);
if (!available) console.warn(`skipping the leaderboard fixture tests: ${fixtureFolder} is absent`);

describe.skipIf(!available)('metabench ARC leaderboard slice', () => {
  it('reads items.csv, a mirt export whose d column is an intercept', async () => {
    const error = await readIrtCsv(itemsFile).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataFormatError);
    expect([(error as DataFormatError).row, (error as DataFormatError).column]).toEqual([2, 'd']);

    const irt = await readIrtCsv(itemsFile, { columns: { d: null } });
    expect(irt.ids).toHaveLength(100);
    expect(irt.ids[0]).toBe('660');
    expect(irt.a[0]).toBe(-4.317882854306613);
    expect(irt.b[0]).toBe(-2.1981345012717406);
    expect(irt.d).toBeUndefined();
    // README: two negative discriminations and a largest a of about 12.5.
    expect([...irt.a].filter((a) => a < 0)).toHaveLength(2);
    expect(Math.max(...irt.a)).toBeCloseTo(12.5, 1);
    // b = -d/a in the file: read the intercept as if it were b, and check the relation on every item.
    const intercepts = await readIrtCsv(itemsFile, { columns: { b: 'd', d: null } });
    for (let j = 0; j < 100; j++) expect(Math.abs(irt.b[j] + intercepts.b[j] / irt.a[j])).toBeLessThan(1e-12 * Math.max(1, Math.abs(irt.b[j])));
  });

  it('reads responses_train.csv (LLM rows x item columns) and aligns it to the items', async () => {
    const irt = await readIrtCsv(itemsFile, { columns: { d: null } });
    const responses = await readResponsesCsv(responsesFile, { orientation: 'items-in-columns' });
    expect(responses.checkpoints).toHaveLength(4280);
    expect(responses.checkpoints[0]).toBe('0-hero/Matter-0.1-7B');
    expect(responses.ids).toHaveLength(100);
    expect(() => checkAlignment(irt.ids, responses.ids, { irtFile: 'items.csv', responsesFile: 'responses_train.csv' })).not.toThrow();

    // Sum scores against a naive count over the raw text (no NAs in this file).
    const lines = readFileSync(responsesFile, 'utf8').trim().split(/\r?\n/);
    for (const k of [0, 1, 2137, 4279]) {
      // The quoted LLM name first, then bare 0/1 cells.
      const line = lines[k + 1];
      const cells = line.slice(line.indexOf('",') + 2).split(',');
      expect(cells).toHaveLength(100);
      const expected = cells.filter((cell) => cell === '1').length;
      const total = responses.columns[k].reduce((sum, value) => sum + value, 0);
      expect(total).toBe(expected);
    }
    for (const column of responses.columns) for (const value of column) expect(value === 0 || value === 1).toBe(true);

    const shuffled = [...irt.ids];
    [shuffled[4], shuffled[5]] = [shuffled[5], shuffled[4]];
    expect(() => checkAlignment(shuffled, responses.ids, { irtFile: 'items.csv', responsesFile: 'responses_train.csv' })).toThrow(AlignmentError);
    expect(() => checkAlignment(shuffled, responses.ids)).toThrow(/row 6 .*"421".*"231"/);
  });

  it('round-trips through py-irt JSONL', async () => {
    const responses = await readResponsesCsv(responsesFile, { orientation: 'items-in-columns' });
    const back = parsePyIrtJsonl(formatPyIrtJsonl(responses), { itemIds: responses.ids });
    expect(back.checkpoints).toEqual(responses.checkpoints);
    expect(back.columns).toEqual(responses.columns);
  });
});
