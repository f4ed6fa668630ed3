import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ItemBank } from '@fluidbench/core';
import { FileJournal, JournalError, checkJournalHeader, formatJournalLine, journalHeader, parseJournal, type JournalEntry } from '../src/node';

const bank = new ItemBank({ ids: ['q1', 'q2'], a: [1, 1.5], b: [0, 0.5] });
const header = journalHeader({ bank, requests: ['r1', 'r2'], options: { start: 0, batch: 1 } });
const entry = (item: string, correct = 1): JournalEntry => ({ model: 'm', item_id: item, request: `h-${item}`, correct, scores: [-1, -2], seconds: 0.5, time: '2026-11-29T00:00:00.000Z' });
const fails = (text: string) => {
  try {
    parseJournal(text, 'run.jsonl');
  } catch (error) {
    expect(JournalError.isInstance(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('parsed without error');
};

describe('parseJournal', () => {
  it('reads the header and the answers', () => {
    const parsed = parseJournal(formatJournalLine(header) + formatJournalLine(entry('q1')) + formatJournalLine(entry('q2', 0)), 'run.jsonl');
    expect(parsed.header).toEqual(header);
    expect(parsed.entries.map((e) => [e.item_id, e.correct])).toEqual([['q1', 1], ['q2', 0]]);
  });

  it('drops a last line cut by a crash, and keeps a whole one that lost only its newline', () => {
    const whole = formatJournalLine(header) + formatJournalLine(entry('q1'));
    const cut = parseJournal(`${whole}{"model":"m","item_`, 'run.jsonl');
    expect(cut.entries.length).toBe(1);
    expect(cut.completeLength).toBe(whole.length);
    const noNewline = parseJournal(whole.slice(0, -1), 'run.jsonl');
    expect(noNewline.entries.length).toBe(1);
    expect(noNewline.completeLength).toBe(whole.length - 1);
  });

  it('names the line of anything else that is wrong', () => {
    expect(fails('')).toBe('run.jsonl: empty: no header line');
    expect(fails('{"format":"other"}\n')).toBe('run.jsonl, line 1: not a fluidbench answer journal (no "format": "fluidbench.eval-journal" header)');
    expect(fails(`${JSON.stringify({ ...header, version: 2 })}\n`)).toBe('run.jsonl, line 1: journal version 2 is not supported (expected 1)');
    expect(fails(`${formatJournalLine(header)}garbage\n${formatJournalLine(entry('q1'))}`)).toBe('run.jsonl, line 2: not valid JSON (the journal was edited or is not a fluidbench journal)');
    expect(fails(formatJournalLine(header) + JSON.stringify({ ...entry('q1'), correct: 2 }) + '\n')).toBe('run.jsonl, line 2: field "correct" must be a number in [0, 1] (got 2)');
    expect(fails(formatJournalLine(header) + JSON.stringify({ ...entry('q1'), model: '' }) + '\n')).toBe('run.jsonl, line 2: field "model" must be a non-empty string (got "")');
    expect(fails(formatJournalLine(header) + JSON.stringify({ ...entry('q1'), scores: ['x'] }) + '\n')).toBe('run.jsonl, line 2: field "scores" must be a list of numbers (got ["x"])');
  });
});

describe('checkJournalHeader', () => {
  it('names what changed in one line', () => {
    const other = journalHeader({ bank: new ItemBank({ ids: ['q1', 'q2'], a: [1, 1.5], b: [0, 0.6] }), requests: ['r1', 'r2', 'r3'], options: { start: 1, batch: 1 } });
    expect(() => checkJournalHeader(header, other, 'run.jsonl')).toThrow(
      'run.jsonl: written for a different run: the IRT bank, the items, start (0 → 1) changed, so its answers may not apply; use another journal or --fresh to start over',
    );
    expect(() => checkJournalHeader(header, journalHeader({ bank, requests: ['r1', 'r2'], options: { batch: 1, start: 0 } }), 'run.jsonl')).not.toThrow();
  });
});

describe('FileJournal', () => {
  it('appends answers durably, resumes them, and repairs a line cut by a crash', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fluid-journal-')), 'sub', 'run.jsonl');
    const first = FileJournal.open(file, header);
    first.append(entry('q1'));
    expect(readFileSync(file, 'utf8')).toBe(formatJournalLine(header) + formatJournalLine(entry('q1')));
    first.close();
    appendFileSync(file, '{"model":"m","item_id":"q2","req');
    const second = FileJournal.open(file, header);
    expect(second.size).toBe(1);
    expect(second.lookup('m', 'q1')?.correct).toBe(1);
    expect(second.lookup('m', 'q2')).toBeUndefined();
    second.append(entry('q2', 0));
    second.close();
    const reread = parseJournal(readFileSync(file, 'utf8'), file);
    expect(reread.entries.map((e) => e.item_id)).toEqual(['q1', 'q2']);
    expect(reread.completeLength).toBe(readFileSync(file, 'utf8').length);
  });

  it('refuses a journal of another run unless fresh', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fluid-journal-')), 'run.jsonl');
    writeFileSync(file, formatJournalLine(header) + formatJournalLine(entry('q1')));
    const changed = journalHeader({ bank, requests: ['r1', 'r2'], options: { start: 0, batch: 4 } });
    expect(() => FileJournal.open(file, changed)).toThrow(/batch \(1 → 4\) changed/);
    const fresh = FileJournal.open(file, changed, { fresh: true });
    expect(fresh.size).toBe(0);
    fresh.close();
    expect(readFileSync(file, 'utf8')).toBe(formatJournalLine(changed));
  });
});

describe('FileJournal group commit', () => {
  it('resolves every append after an fsync that began after its write, and loses none of many concurrent ones', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fluid-journal-')), 'run.jsonl');
    const journal = FileJournal.open(file, header);
    const ids = Array.from({ length: 200 }, (_, i) => `q${i}`);
    const settled: string[] = [];
    await Promise.all(ids.map(async (id) => {
      await journal.append(entry(id));
      // once resolved, the line is in the file (written before the fsync that resolved it)
      expect(readFileSync(file, 'utf8')).toContain(`"item_id":"${id}"`);
      settled.push(id);
    }));
    journal.close();
    expect(settled.length).toBe(200);
    const reopened = FileJournal.open(file, header);
    expect(reopened.size).toBe(200);
    reopened.close();
  });
});
