// The page's pure parts in Node: URL state, the dataset listing, dropped files, CSV and chart ticks.
import { describe, expect, it } from 'vitest';
import { parseResponsesCsv } from '@fluidbench/data';
import { niceTicks } from '../src/chart';
import { csvField, toCsv } from '../src/data-table';
import { isIrtHeader, readDroppedFiles } from '../src/dropped-files';
import { catalogOfListing, revisionInfoUrl } from '../src/hub-source';
import { itemTextOf } from '../src/item-text';
import { packTable, unpackTable } from '../src/packed-table';
import { parseViewState, viewStateSearch } from '../src/view-state';

const IRT = ',a,b\narc_challenge_0,1.2,-0.4\narc_challenge_1,0.8,0.9\narc_challenge_2,1.5,0.1\n';

describe('the URL state', () => {
  it('round-trips every field and leaves defaults out of the link', () => {
    const state = { ...parseViewState(''), hub: 'http://127.0.0.1:9', benchmark: 'mmlu', lm: 'olmo2-7b', budget: 120, checkpoint: 'step1000', method: 'random' as const, step: 7, ref: 'gsm8k' };
    const search = viewStateSearch(state);
    expect(parseViewState(search)).toEqual(state);
    expect(viewStateSearch(parseViewState(''))).toBe('');
    expect(viewStateSearch({ ...parseViewState(''), budget: 60 })).toBe('?budget=60');
  });

  it('falls back to defaults on malformed values', () => {
    const state = parseViewState('?budget=lots&method=sideways&step=-3');
    expect(state.budget).toBe(50);
    expect(state.method).toBe('fluid');
    expect(state.step).toBe(0);
    // Empty: the worker fills in the public hub and the paper's repository.
    expect(state.hub).toBe('');
    expect(state.repo).toBe('');
  });
});

describe('the dataset listing', () => {
  it('finds benchmarks and LMs by the dataset layout, including ones no built-in list knows', () => {
    const location = { hubUrl: 'http://127.0.0.1:9', repo: 'o/n', revision: 'main' };
    const catalog = catalogOfListing(
      location,
      ['README.md', 'data/irt_models/mmlu.csv', 'data/irt_models/new_bench.csv', 'data/lm_eval_results/olmo3-7b.csv', 'data/open_llm_leaderboard_results.json'],
      'f'.repeat(40),
    );
    expect(catalog).toEqual({ location, commit: 'f'.repeat(40), benchmarks: ['mmlu', 'new_bench'], lms: ['olmo3-7b'], hasLeaderboard: true, hasItemMap: false, fromCache: false });
  });

  it('asks the hub API for a revision by its encoded name', () => {
    expect(revisionInfoUrl({ hubUrl: 'http://127.0.0.1:9/', repo: 'o/n', revision: 'refs/pr/1' })).toBe('http://127.0.0.1:9/api/datasets/o/n/revision/refs%2Fpr%2F1');
  });
});

describe('dropped files', () => {
  it('tells an IRT model from a responses file by its a and b columns', () => {
    expect(isIrtHeader(IRT)).toBe(true);
    expect(isIrtHeader('\uFEFFid,"a","b"\r\nq,1,0')).toBe(true);
    expect(isIrtHeader(',step1,step2\nq,1,0')).toBe(false);
  });

  it('read an IRT model with a responses CSV, in either order', () => {
    const data = readDroppedFiles([
      { name: 'resp.csv', text: ',s1,s2\narc_challenge_0,1,0\narc_challenge_1,0,1\narc_challenge_2,1,1\n' },
      { name: 'irt.csv', text: IRT },
    ]);
    expect(data.checkpoints).toEqual(['s1', 's2']);
    expect(Array.from(data.columns[1])).toEqual([0, 1, 1]);
    expect(data.label).toBe('irt.csv × resp.csv');
  });

  it('give the parsers’ one-line errors: a bad cell, misaligned ids, files that do not go together', () => {
    const bad = ',s1\narc_challenge_0,1\narc_challenge_1,maybe\narc_challenge_2,0\n';
    let parserMessage = '';
    try {
      parseResponsesCsv(bad, { file: 'resp.csv' });
    } catch (error) {
      parserMessage = (error as Error).message;
    }
    expect(() => readDroppedFiles([{ name: 'irt.csv', text: IRT }, { name: 'resp.csv', text: bad }])).toThrow(parserMessage);
    expect(parserMessage).toBe('resp.csv, row 3, column "s1": not a number (got "maybe")');
    expect(() => readDroppedFiles([{ name: 'irt.csv', text: IRT }, { name: 'resp.csv', text: ',s1\narc_challenge_0,1\nx,0\narc_challenge_2,0\n' }])).toThrow(
      'item ids differ at row 3 (item 1): irt.csv has "arc_challenge_1", resp.csv has "x"',
    );
    expect(() => readDroppedFiles([{ name: 'resp.csv', text: ',s1\nq,1\n' }])).toThrow('files: no IRT model among them');
    expect(() => readDroppedFiles([{ name: 'irt.csv', text: IRT }])).toThrow('drop one responses CSV or lm-eval-harness');
    expect(() => readDroppedFiles([{ name: 'irt.csv', text: IRT }, { name: 'notes.txt', text: '' }])).toThrow('file: expected a .csv');
    for (const files of [[{ name: 'irt.csv', text: IRT }, { name: 'resp.csv', text: bad }]]) {
      try {
        readDroppedFiles(files);
      } catch (error) {
        expect((error as Error).message).not.toContain('\n');
      }
    }
  });

  it('turn lm-eval-harness sample logs into one checkpoint per run (timestamp), with notes on what is missing', () => {
    const log = (acc: number[]) => acc.map((value, docId) => JSON.stringify({ doc_id: docId, acc: value })).join('\n');
    const data = readDroppedFiles([
      { name: 'irt.csv', text: IRT },
      { name: 'samples_arc_challenge_2025-02-01T10-00-00.000001.jsonl', text: log([1, 1, 0]) },
      { name: 'samples_arc_challenge_2025-01-01T10-00-00.000001.jsonl', text: log([0, 1]) },
    ]);
    expect(data.checkpoints).toEqual(['2025-01-01T10-00-00.000001', '2025-02-01T10-00-00.000001']);
    expect(Array.from(data.columns[0])).toEqual([0, 1, NaN]);
    expect(Array.from(data.columns[1])).toEqual([1, 1, 0]);
    expect(data.notes).toEqual(['2025-01-01T10-00-00.000001: item arc_challenge_2 of irt.csv not in the logs (left out)']);
    expect(() => readDroppedFiles([{ name: 'irt.csv', text: IRT }, { name: 'samples_arc_challenge_2025-01-01T10-00-00.1.jsonl', text: '{"doc_id": 0, "acc": 2}' }])).toThrow(
      'samples_arc_challenge_2025-01-01T10-00-00.1.jsonl, row 1, column "acc": the metric must be a number in [0, 1] (got 2)',
    );
  });
});

describe('small helpers', () => {
  it('write CSV fields in round-trip form, quoted where needed, empty for missing', () => {
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField(NaN)).toBe('');
    expect(toCsv([{ label: 'x' }, { label: 'y' }], [['p', 1], ['q', null]])).toBe('x,y\np,1\nq,\n');
  });

  it('choose round axis ticks', () => {
    expect(niceTicks(0, 1, 6)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-1.3, 2.1, 6)).toEqual([-1, 0, 1, 2]);
    expect(niceTicks(1, 94, 6)).toEqual([20, 40, 60, 80]);
  });

  it('show an item’s question from the item map, whatever the entry’s shape', () => {
    const text = itemTextOf({ a: { question: 'Why?', answer: 'Because' }, b: 'plain', c: { choices: [1, 2] } });
    expect(text('a')).toBe('Why?');
    expect(text('b')).toBe('plain');
    expect(text('c')).toBe('{"choices":[1,2]}');
    expect(text('toString')).toBeUndefined();
  });
});

describe('the packed results table', () => {
  it('round-trips ids, checkpoints and 0/1/missing responses byte for byte', () => {
    const table = { ids: ['mmlu_anatomy_0', 'q,"1"', 'ü'], checkpoints: ['step1', 'step2'], columns: [Float64Array.of(1, 0, NaN), Float64Array.of(NaN, 1, 1)] };
    const bytes = packTable(table)!;
    // 4 length bytes, the JSON header, one byte per response.
    expect(bytes.length).toBe(4 + new TextEncoder().encode(JSON.stringify({ ids: table.ids, checkpoints: table.checkpoints })).length + 6);
    expect(unpackTable(bytes)).toEqual(table);
    expect(unpackTable(bytes.slice()).columns[0][2]).toBeNaN();
  });

  it('refuses tables with fractional scores, which one byte cannot hold', () => {
    expect(packTable({ ids: ['q'], checkpoints: ['s'], columns: [Float64Array.of(0.8125)] })).toBeUndefined();
  });
});
