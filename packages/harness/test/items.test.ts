import { describe, expect, it } from 'vitest';
import { ItemsFormatError, alignItems, parseItemsJsonl } from '../src/index';

const mc = (fields: Record<string, unknown> = {}) => JSON.stringify({ id: 'q1', type: 'multiple_choice', context: 'Q:', choices: [' a', ' b'], answer: 1, ...fields });
const gen = (fields: Record<string, unknown> = {}) => JSON.stringify({ id: 'g1', type: 'generate', context: 'Q:', target: '4', ...fields });
const fails = (text: string) => {
  try {
    parseItemsJsonl(text, { file: 'items.jsonl' });
  } catch (error) {
    expect(ItemsFormatError.isInstance(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('parsed without error');
};

describe('parseItemsJsonl', () => {
  it('reads both kinds with their defaults', () => {
    const items = parseItemsJsonl(`${mc()}\n\n${gen({ until: '\n\n', extract: '#### (\\d+)' })}\n`);
    expect(items).toEqual([
      { id: 'q1', type: 'multiple_choice', context: 'Q:', choices: [' a', ' b'], answer: 1, metric: 'acc' },
      { id: 'g1', type: 'generate', context: 'Q:', target: '4', until: ['\n\n'], extract: '#### (\\d+)', maxTokens: 256 },
    ]);
    expect(parseItemsJsonl(mc({ id: 7, metric: 'acc_norm' }))[0]).toMatchObject({ id: '7', metric: 'acc_norm' });
    expect(parseItemsJsonl(gen({ target: 18, max_tokens: 64 }))[0]).toMatchObject({ target: '18', maxTokens: 64, until: [] });
  });

  it('names the file, line and field of each problem', () => {
    expect(fails(`${mc()}\n{not json`)).toMatch(/^items\.jsonl, line 2: not valid JSON/);
    expect(fails('[1, 2]')).toBe('items.jsonl, line 1: each line must be a JSON object');
    expect(fails(mc({ id: '' }))).toBe('items.jsonl, line 1, field "id": must be a non-empty string or a number (got "")');
    expect(fails(`${mc()}\n${mc()}`)).toBe('items.jsonl, line 2, field "id": duplicates line 1 (got "q1")');
    expect(fails(mc({ type: 'mcq' }))).toBe('items.jsonl, line 1, field "type": must be one of multiple_choice, generate, mc2, multiple_context (got "mcq")');
    expect(fails(mc({ context: undefined }))).toBe('items.jsonl, line 1, field "context": is missing');
    expect(fails(mc({ context: '' }))).toBe('items.jsonl, line 1, field "context": must not be empty (got "")');
    expect(fails(mc({ choices: [' a'] }))).toBe('items.jsonl, line 1, field "choices": must be a list of at least 2 strings (got [" a"])');
    expect(fails(mc({ choices: [' a', 3] }))).toBe('items.jsonl, line 1, field "choices[1]": must be a non-empty string (got 3)');
    expect(fails(mc({ answer: 2 }))).toBe('items.jsonl, line 1, field "answer": must be the 0-based index of a choice (0–1) (got 2)');
    expect(fails(mc({ answer: '1' }))).toBe('items.jsonl, line 1, field "answer": must be the 0-based index of a choice (0–1) (got "1")');
    expect(fails(mc({ metric: 'f1' }))).toBe('items.jsonl, line 1, field "metric": must be one of acc, acc_norm (got "f1")');
    expect(fails(gen({ target: undefined }))).toBe('items.jsonl, line 1, field "target": is missing');
    expect(fails(gen({ until: [1] }))).toBe('items.jsonl, line 1, field "until": must be a string or a list of strings (got [1])');
    expect(fails(gen({ extract: '(unclosed' }))).toMatch(/^items\.jsonl, line 1, field "extract": is not a valid regular expression/);
    expect(fails(gen({ max_tokens: 0 }))).toBe('items.jsonl, line 1, field "max_tokens": must be a positive integer (got 0)');
    expect(fails('\n\n')).toBe('items.jsonl: no items');
  });
});

describe('alignItems', () => {
  it('orders items as the bank and reports ids missing on either side', () => {
    const items = parseItemsJsonl(`${mc({ id: 'a' })}\n${mc({ id: 'b' })}\n${mc({ id: 'c' })}`);
    expect(alignItems(items, ['c', 'a', 'b']).map((item) => item.id)).toEqual(['c', 'a', 'b']);
    expect(() => alignItems(items, ['a', 'b', 'd', 'e'], { items: 'items.jsonl', irt: 'irt.csv' })).toThrow(
      'items.jsonl, field "id": 2 item(s) of irt.csv are not in items.jsonl (d, e); 1 item(s) of items.jsonl are not in irt.csv (c)',
    );
  });
});
