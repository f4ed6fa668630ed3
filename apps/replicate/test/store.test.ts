// The resumable store on hand-written files: which units count as done, what is dropped, what is kept.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keysOfLine, recoverStore, unitKey } from '../src/store';

const dir = mkdtempSync(join(tmpdir(), 'fluid-replicate-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const line = (benchmark: string, lm: string, checkpoint: string) =>
  JSON.stringify({ full_accuracy: 0.5, abilities_fb: [0.1, 0.2], items_fb: [3, 1], benchmark, lm, checkpoint, n_items_dynamic_fb: null });

describe('recoverStore', () => {
  it('keeps whole units, drops partial and doubled ones and a cut-off line, keeps other selections', () => {
    const path = join(dir, 'experiments.jsonl');
    const a = [line('mmlu', 'lm-a', 's1'), line('mmlu', 'lm-a', 's2')];
    const b = [line('gsm8k', 'lm-a', 's1')]; // s2 missing
    const c = [line('mmlu', 'lm-b', 's1'), line('mmlu', 'lm-b', 's1'), line('mmlu', 'lm-b', 's2')]; // s1 twice
    const other = [line('hellaswag', 'lm-z', 'x')]; // not in this run's selection
    writeFileSync(path, `${[...a, ...b, ...c, ...other].join('\n')}\n${line('gsm8k', 'lm-b', 's1').slice(0, 30)}`);
    const expected = new Map([
      [unitKey('mmlu', 'lm-a'), ['s1', 's2']],
      [unitKey('gsm8k', 'lm-a'), ['s1', 's2']],
      [unitKey('mmlu', 'lm-b'), ['s1', 's2']],
      [unitKey('gsm8k', 'lm-b'), ['s1', 's2']],
    ]);
    const state = recoverStore(path, expected);
    expect([...state.complete]).toEqual([unitKey('mmlu', 'lm-a')]);
    // b's row, c's three rows and the cut-off line.
    expect(state.dropped).toBe(5);
    expect(readFileSync(path, 'utf8')).toBe(`${[...a, ...other].join('\n')}\n`);
  });

  it('leaves an intact file untouched and reports nothing dropped', () => {
    const path = join(dir, 'intact.jsonl');
    const text = `${line('mmlu', 'lm-a', 's1')}\n`;
    writeFileSync(path, text);
    const state = recoverStore(path, new Map([[unitKey('mmlu', 'lm-a'), ['s1']]]));
    expect(state).toEqual({ complete: new Set([unitKey('mmlu', 'lm-a')]), dropped: 0 });
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('names the file and line of a row that is not JSON', () => {
    const path = join(dir, 'broken.jsonl');
    writeFileSync(path, `${line('mmlu', 'lm-a', 's1')}\nnot json\n`);
    expect(() => recoverStore(path, new Map())).toThrow(/broken\.jsonl, row 2: not a JSON line/);
  });

  it('has no file to recover on a first run', () => {
    expect(recoverStore(join(dir, 'absent.jsonl'), new Map())).toEqual({ complete: new Set(), dropped: 0 });
  });
});

describe('keysOfLine', () => {
  it('reads the keys at the end of our rows, and whole lines otherwise', () => {
    expect(keysOfLine(line('mmlu', 'lm-a', 's1'))).toMatchObject({ benchmark: 'mmlu', lm: 'lm-a', checkpoint: 's1' });
    // Quotes inside names are escaped, so they cannot fake the marker the fast path looks for.
    expect(keysOfLine(line('mmlu', 'lm-a', 'odd,"benchmark":name'))).toMatchObject({ checkpoint: 'odd,"benchmark":name' });
    // A nested "benchmark" key after ours: the tail is not a whole object, so the line is parsed whole.
    expect(keysOfLine('{"benchmark":"b","lm":"l","checkpoint":"c","extra":{"x":1,"benchmark":"inner"}}')).toMatchObject({ benchmark: 'b', lm: 'l', checkpoint: 'c' });
    expect(keysOfLine('{"checkpoint":"c","lm":"l","benchmark":"b"}')).toEqual({ checkpoint: 'c', lm: 'l', benchmark: 'b' });
  });
});
