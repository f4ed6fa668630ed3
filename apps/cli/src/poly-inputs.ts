// Graded banks (GRM, GPCM, PCM) on the command line: the bank file of any model, responses as categories or
// raw scores mapped through score values (`--score-values`, else the fork's metadata beside the bank).
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, POLY_MODELS, PolytomousItemBank, type PolyModel } from '@fluidbench/core';
import { checkScoreValues, parseCategoryResponsesCsv, type IrtTable, type ResponseTable } from '@fluidbench/data';

/** The options graded banks add to run, estimate and simulate. */
export const polyArgs = {
  model: { type: 'string', description: 'graded bank model when neither header nor file name says: grm | gpcm | pcm' },
  'score-values': {
    type: 'string',
    description: 'graded banks: the raw score of each category (e.g. 0,0.25,0.5,0.75,1); responses are then raw scores, mapped to the category within 1e-5',
  },
} as const;

/**
 * Reads the bank file of any model. A 1–4PL file comes back as its table; a graded bank as a bank, with its
 * score values (`--score-values` over the fork's `{benchmark}_metadata.json`).
 *
 * @example
 * ```ts
 * (await readAnyBank('mmlu_grm_items.csv', {})).bank?.size; // returns the number of items
 * ```
 */
export async function readAnyBank(
  path: string, args: { model?: string; 'score-values'?: string },
): Promise<{ irt: IrtTable; bank?: undefined } | { bank: PolytomousItemBank; scoreValues: number[] | undefined; irt?: undefined }> {
  const { isPolyIrtTable, readItemBankCsv } = await import('@fluidbench/data/node');
  if (args.model !== undefined && !POLY_MODELS.includes(args.model as PolyModel)) {
    throw new InvalidArgumentError('--model', args.model, `must be one of ${POLY_MODELS.join(', ')}`);
  }
  const table = await readItemBankCsv(path, { model: args.model as PolyModel | undefined });
  if (!isPolyIrtTable(table)) {
    if (args['score-values'] !== undefined) throw new InvalidArgumentError('--score-values', args['score-values'], `${path} is a 1–4PL bank; score values are for graded banks`);
    return { irt: table };
  }
  return { bank: new PolytomousItemBank(table), scoreValues: scoreValuesArg(args['score-values']) ?? table.scoreValues };
}

/**
 * Reads the bank and, for a graded bank, its responses (categories, or raw scores with score values).
 *
 * @example
 * ```ts
 * const loaded = await loadPolytomousInputs('grm.csv', 'resp.csv', {});
 * 'bank' in loaded; // returns true for a graded bank (its responses come with it)
 * ```
 */
export async function loadPolytomousInputs(
  irtPath: string, responsesPath: string, args: { model?: string; 'score-values'?: string },
  readText: (flag: string, path: string) => string = (_, path) => readFileSync(path, 'utf8'),
): Promise<{ irt: IrtTable } | { bank: PolytomousItemBank; responses: ResponseTable }> {
  const read = await readAnyBank(irtPath, args);
  if (!read.bank) return { irt: read.irt };
  const { bank, scoreValues } = read;
  const responses = parseCategoryResponsesCsv(readText('responses', responsesPath), {
    file: responsesPath, scoreValues, bank: { ids: bank.ids, categories: bank.categories, file: irtPath },
  });
  return { bank, responses };
}

/**
 * The --score-values option: comma-separated, increasing category scores (undefined when not given).
 *
 * @example
 * ```ts
 * scoreValuesArg('0,0.5,1'); // returns [0, 0.5, 1]
 * scoreValuesArg('0,x'); // throws InvalidArgumentError: --score-values: "x" is not a number (got "0,x")
 * ```
 */
export function scoreValuesArg(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const values = value.split(',').map((cell) => {
    const number = Number(cell.trim());
    if (cell.trim() === '' || !Number.isFinite(number)) throw new InvalidArgumentError('--score-values', value, `"${cell}" is not a number`);
    return number;
  });
  return checkScoreValues(values, '--score-values', 'score values');
}

/**
 * Mean score as a share of the top category, over the answered items (the graded counterpart of accuracy;
 * for two categories it is accuracy).
 *
 * @example
 * ```ts
 * gradedAccuracy([4, 0, NaN], new PolytomousItemBank({ model: 'pcm', thresholds: [[0, 0, 0, 0], [0]] })); // returns 0.5
 * ```
 */
export function gradedAccuracy(column: ArrayLike<number>, bank: PolytomousItemBank): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < column.length; i++) {
    if (Number.isNaN(column[i])) continue;
    sum += column[i] / (bank.categories[i] - 1);
    count++;
  }
  return count ? sum / count : NaN;
}
