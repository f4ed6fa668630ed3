// The adaptive-testing flags of `fluid run`: selector, randomesque, content balancing, exclusions, stop rules.
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, SELECTORS, parseStopExpression, type AnyItemBank, type RunOptions } from '@fluidbench/core';
import { DataFormatError } from '@fluidbench/data';
import { choiceArg, integerArg } from './inputs';

/** citty definitions of the flags (`--select` is kept as an alias of `--selector`). */
export const adaptiveArgs = {
  selector: { type: 'string' as const, alias: 'select', description: `item selection: ${SELECTORS.join(' | ')}`, default: 'mfi' },
  randomesque: { type: 'string' as const, description: 'a seeded pick among the K best items (exposure control)', default: '1' },
  content: { type: 'string' as const, description: 'content balancing: "subject" (MMLU ids) or a CSV FILE of id,group' },
  'content-targets': { type: 'string' as const, description: 'target shares, e.g. g1=0.4,g2=0.6 (default: the bank\'s proportions)' },
  exclude: { type: 'string' as const, description: 'FILE of item ids never to give (one per line, or the first CSV column)' },
  stop: { type: 'string' as const, description: 'stop expression, e.g. "se<0.3|items>=50; min_items=10"' },
} satisfies Record<string, { type: 'string'; alias?: string; description: string; default?: string }>;

type AdaptiveArgValues = { selector: string; randomesque: string; content?: string; 'content-targets'?: string; exclude?: string; stop?: string };

/**
 * The run options the flags ask for, checked against the bank (ids in files must be its items).
 *
 * @example
 * ```ts
 * adaptiveOptions({ selector: 'kl', randomesque: '5', stop: 'se<0.3' }, bank);
 * // returns { selector: 'kl', randomesque: 5, stop: 'se<0.3' }
 * ```
 */
export function adaptiveOptions(args: AdaptiveArgValues, bank: AnyItemBank): Partial<RunOptions> {
  const options: Partial<RunOptions> = {
    selector: choiceArg('selector', args.selector, SELECTORS),
    randomesque: integerArg('randomesque', args.randomesque, 1, 1),
  };
  if (args.stop !== undefined) {
    try {
      parseStopExpression(args.stop); // fail on the flag before any work
    } catch (error) {
      if (error instanceof InvalidArgumentError) throw new InvalidArgumentError('--stop', args.stop, error.message.replace(/^stop[^:]*: /, '').replace(/ \(got .*\)$/, ''));
      throw error;
    }
    options.stop = args.stop;
  }
  if (args.content !== undefined) {
    const targets = args['content-targets'] === undefined ? undefined : targetsOf(args['content-targets']);
    options.content = { groups: args.content === 'subject' ? 'mmlu' : groupsFromFile(args.content, bank), targets };
  }
  if (args.exclude !== undefined) options.exclude = idsFromFile(args.exclude, bank);
  return options;
}

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split(/\r?\n/);
}

/** `id,group` rows (a header row `id,group` is skipped); every bank item needs a group. */
function groupsFromFile(file: string, bank: AnyItemBank): string[] {
  const groups: (string | undefined)[] = new Array(bank.size);
  lines(file).forEach((line, k) => {
    if (!line.trim() || (k === 0 && /^"?id"?\s*,/i.test(line))) return;
    const [id, group] = line.split(',').map((cell) => cell.trim().replace(/^"|"$/g, ''));
    const row = bank.indexOf(id);
    if (row < 0) throw new DataFormatError(file, k + 1, 'id', id, 'not an item of the IRT bank');
    if (!group) throw new DataFormatError(file, k + 1, 'group', group ?? '', 'missing group');
    groups[row] = group;
  });
  const missing = groups.findIndex((g) => g === undefined);
  if (missing >= 0) throw new DataFormatError(file, undefined, 'id', bank.ids[missing], 'an item of the bank has no group');
  return groups as string[];
}

/** Item ids, one per line (or the first CSV column); a header `id` is skipped. */
function idsFromFile(file: string, bank: AnyItemBank): number[] {
  const rows: number[] = [];
  lines(file).forEach((line, k) => {
    const id = line.split(',')[0].trim().replace(/^"|"$/g, '');
    if (!id || (k === 0 && id.toLowerCase() === 'id')) return;
    const row = bank.indexOf(id);
    if (row < 0) throw new DataFormatError(file, k + 1, 'id', id, 'not an item of the IRT bank');
    rows.push(row);
  });
  return rows;
}

function targetsOf(spec: string): Record<string, number> {
  const targets: Record<string, number> = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name, share] = part.split('=');
    const value = Number(share);
    if (!name || share === undefined || !Number.isFinite(value)) throw new DataFormatError('--content-targets', undefined, undefined, part, 'expected group=share');
    targets[name] = value;
  }
  return targets;
}
