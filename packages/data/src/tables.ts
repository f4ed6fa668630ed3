/**
 * An IRT item bank as plain columns: item `j` has discrimination `a[j]`, difficulty `b[j]` and, when the
 * file has them, lower asymptote `c[j]` (guessing) and upper asymptote `d[j]`.
 */
export interface IrtTable {
  ids: string[];
  a: Float64Array;
  b: Float64Array;
  c?: Float64Array;
  d?: Float64Array;
}

/**
 * Responses as one column per checkpoint (or LM, or subject): `columns[k][i]` is the response of
 * `checkpoints[k]` to item `ids[i]`, in [0, 1], NaN where missing.
 */
export interface ResponseTable {
  ids: string[];
  checkpoints: string[];
  columns: Float64Array[];
}

/** The six benchmarks of the paper's dataset. */
export const BENCHMARKS = ['arc_challenge', 'gsm8k', 'hellaswag', 'mmlu', 'truthfulqa_mc2', 'winogrande'] as const;
export type Benchmark = (typeof BENCHMARKS)[number];

/** The six LMs whose training checkpoints the paper's dataset evaluates. */
export const LMS = ['amber-7b', 'k2-65b', 'olmo1-7b', 'olmo2-7b', 'pythia-3b', 'pythia-7b'] as const;
export type Lm = (typeof LMS)[number];

/** Item counts of the paper's release, per benchmark (to recognise a complete copy of it). */
export const PAPER_ITEM_COUNTS: Readonly<Record<string, number>> = Object.freeze({
  arc_challenge: 1172, gsm8k: 1319, hellaswag: 10042, mmlu: 14042, truthfulqa_mc2: 817, winogrande: 1267,
});

/** Responses at or above this are correct when binarizing (TruthfulQA MC2 scores are continuous). */
export const DEFAULT_BINARIZE_THRESHOLD = 0.5;

/**
 * Narrows a string (a CLI argument, say) to a benchmark of the paper's dataset.
 *
 * @example
 * ```ts
 * isBenchmark('mmlu'); // returns true
 * isBenchmark('mmlu_anatomy'); // returns false
 * ```
 */
export function isBenchmark(value: string): value is Benchmark {
  return (BENCHMARKS as readonly string[]).includes(value);
}

/**
 * Narrows a string to an LM of the paper's dataset.
 *
 * @example
 * ```ts
 * isLm('olmo2-7b'); // returns true
 * ```
 */
export function isLm(value: string): value is Lm {
  return (LMS as readonly string[]).includes(value);
}
