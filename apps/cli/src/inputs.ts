import { readFileSync } from 'node:fs';
import { ESTIMATORS, InvalidArgumentError, ItemBank, initSync, type Estimator } from '@fluidbench/core';
import { checkAlignment, parseIrtCsv, parseResponsesCsv } from '@fluidbench/data';

/** Arguments shared by the commands that read an IRT model and responses. */
export const inputArgs = {
  irt: { type: 'string', description: 'IRT model CSV: item id, a, b (optional c, d)', required: true },
  responses: { type: 'string', description: 'responses CSV: item id, then one column per checkpoint (same item order)', required: true },
  checkpoint: { type: 'string', description: 'checkpoint column(s) to use (repeat or comma-separate); default all' },
  estimator: { type: 'string', description: 'map | mle | eap | wle', default: 'map' },
  start: { type: 'string', description: 'starting ability', default: '0' },
  raw: { type: 'boolean', description: 'keep fractional scores instead of binarizing at ≥ 0.5', default: false },
  format: { type: 'string', description: 'jsonl | table', default: 'jsonl' },
  out: { type: 'string', description: 'write results to FILE (atomically) instead of stdout' },
  quiet: { type: 'boolean', description: 'no progress or logs on stderr', default: false },
} as const;

/** Reads and checks the IRT model and responses; returns the bank and the chosen checkpoint columns. */
export function loadInputs(args: { irt: string; responses: string; checkpoint?: string | string[]; raw?: boolean }) {
  initSync();
  const irt = parseIrtCsv(readFileSync(args.irt, 'utf8'), { file: args.irt });
  const responses = parseResponsesCsv(readFileSync(args.responses, 'utf8'), { file: args.responses, binarize: !args.raw });
  checkAlignment(irt.ids, responses.ids, { irtFile: args.irt, responsesFile: args.responses });
  const bank = new ItemBank(irt);
  const wanted = listOf(args.checkpoint);
  const checkpoints = wanted.length ? wanted : responses.checkpoints;
  const columns = checkpoints.map((name) => {
    const index = responses.checkpoints.indexOf(name);
    if (index < 0) throw new InvalidArgumentError('--checkpoint', name, `no such column in ${args.responses} (has ${preview(responses.checkpoints)})`);
    return responses.columns[index];
  });
  return { bank, checkpoints, columns };
}

/** A repeated or comma-separated option as a list. */
export function listOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function preview(names: string[]): string {
  return names.length > 6 ? `${names.slice(0, 6).join(', ')}, … ${names.length} in all` : names.join(', ');
}

/** Parses a numeric option, naming it on error. */
export function numberArg(name: string, value: string | undefined, fallback?: number): number | undefined {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new InvalidArgumentError(`--${name}`, value, 'must be a number');
  return parsed;
}

/** Checks an option against its allowed values. */
export function choiceArg<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new InvalidArgumentError(`--${name}`, value, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

export function estimatorArg(value: string): Estimator {
  return choiceArg('estimator', value, ESTIMATORS);
}

export const FORMATS = ['jsonl', 'table'] as const;
