import type { Backend } from '../backend';

/** How multiple-choice items are asked: log-likelihood of each choice (default), or the letter, generated. */
export type McMode = 'loglikelihood' | 'generate';
export const MC_MODES: readonly McMode[] = ['loglikelihood', 'generate'];

/** Every item has an id (matching the IRT bank) and a `type` naming its kind. */
export interface BaseItem {
  id: string;
  type: string;
}

/**
 * What one answer to one item produced. `correct` is the raw score in [0, 1]: binarized at ≥ 0.5 by the
 * adaptive test of a 1–4PL bank, mapped to the nearest category's score value for a graded bank.
 */
export interface ItemAnswer {
  correct: number;
  /** Multiple choice by log-likelihood: each choice's log-likelihood. */
  scores?: number[];
  /** Generation: the reply as used (cut at the stop sequences). */
  reply?: string;
  /** k-of-n generation: every sample's reply, as used. */
  replies?: string[];
}

/** k-of-n generation: `samples` replies per generative item, drawn at `temperature` with seeds 0…n−1. */
export interface Sampling {
  samples: number;
  temperature: number;
}

/** What an item kind gets to ask its question. */
export interface AskContext {
  backend: Backend;
  model: string;
  mcMode: McMode;
  /** Set for k-of-n generation (more than one sample). */
  sampling?: Sampling;
  signal?: AbortSignal;
}

/** Reads one field of an items-file record, failing with the file, line and field. */
export interface FieldReader {
  /** The raw value of `field` (undefined when absent). */
  get(field: string): unknown;
  /** Throws an {@link ItemsFormatError} about `field`. */
  fail(field: string, value: unknown, reason: string): never;
}

/**
 * One kind of item (`multiple_choice`, `generate`, ...): how a line of the items file becomes an item, which
 * exact request it sends (its hash keys the journal), and how the answer is scored. New kinds register in
 * `kinds.ts`.
 */
export interface ItemKind<T extends BaseItem> {
  readonly type: T['type'];
  parse(id: string, record: FieldReader): T;
  /** The request this item sends in this mode, as a JSON-able value (same value = same answer). */
  request(item: T, mcMode: McMode, sampling?: Sampling): unknown;
  ask(item: T, context: AskContext): Promise<ItemAnswer>;
}

/**
 * Shared field checks for item kinds.
 *
 * @example
 * ```ts
 * requireString(reader, 'context'); // returns the context, or throws naming the line and "context"
 * ```
 */
export function requireString(record: FieldReader, field: string, options: { nonEmpty?: boolean } = {}): string {
  const value = record.get(field);
  if (typeof value !== 'string') record.fail(field, value, value === undefined ? 'is missing' : 'must be a string');
  if (options.nonEmpty && value === '') record.fail(field, value, 'must not be empty');
  return value;
}

/**
 * A required list of at least two non-empty strings (choices, contexts); errors name the element.
 *
 * @example
 * ```ts
 * requireAlternatives(reader, 'choices'); // returns [' A', ' B'], or throws naming "choices[1]" for an empty one
 * ```
 */
export function requireAlternatives(record: FieldReader, field: string): string[] {
  const value = record.get(field);
  if (!Array.isArray(value) || value.length < 2) record.fail(field, value, 'must be a list of at least 2 strings');
  (value as unknown[]).forEach((element, k) => {
    if (typeof element !== 'string' || element === '') record.fail(`${field}[${k}]`, element, 'must be a non-empty string');
  });
  return value as string[];
}

/**
 * An optional list of strings (a single string counts as a list of one).
 *
 * @example
 * ```ts
 * stringList(reader, 'until'); // returns ['\n\n'] for "until": "\n\n", [] when absent
 * ```
 */
export function stringList(record: FieldReader, field: string): string[] {
  const value = record.get(field);
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) record.fail(field, value, 'must be a string or a list of strings');
  return value as string[];
}
