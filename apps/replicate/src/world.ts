// What an experiment grid runs on, whatever the source: per benchmark an IRT bank and the leaderboard's
// scores; per LM its checkpoints; and, per (benchmark, LM) unit, a recipe a worker follows to get the
// response columns itself (so columns are made or read inside workers and never all held at once).

/** The Open LLM Leaderboard LMs' full-benchmark scores on one benchmark. */
export interface Leaderboard {
  names: string[];
  accuracy: Float64Array;
  ability: Float64Array;
  /** Full-bank abilities under the graded bank, where the leaderboard's graded responses are known (synthetic world). */
  gradedAbility?: Float64Array;
}

/**
 * A graded (polytomous) bank of a benchmark whose scores are partial credit: GRM items with categories 0…K_j,
 * and the raw score of each category. A raw score maps to the category with the nearest score value.
 */
export interface GradedBank {
  model: 'grm' | 'gpcm' | 'pcm';
  a: Float64Array;
  thresholds: Float64Array[];
  scoreValues: number[];
  /** Where it came from, for the report. */
  source: string;
  /** Where the graded method starts when the leaderboard's graded abilities are unknown (a fitted bank's population mean). */
  start?: number;
  /** Fitted on the very answers it scores (`--fit-graded`): the report says so. */
  inSample?: boolean;
}

export interface BenchmarkWorld {
  name: string;
  ids: string[];
  a: Float64Array;
  b: Float64Array;
  leaderboard: Leaderboard;
  /** The benchmark's graded bank, when its scores are graded and a bank is known: the graded method runs on it. */
  graded?: GradedBank;
}

export interface LmWorld {
  name: string;
  /** Checkpoint names in training order. */
  checkpoints: string[];
}

/** How a worker obtains one unit's response columns (structured-cloneable). */
export type ResponseRecipe =
  | { kind: 'synthetic'; seed: number; benchmark: string; lm: string; trueAbilities: Float64Array }
  | { kind: 'csv'; path: string; benchmark: string; irtFile: string };

export interface World {
  /** A short description for logs and the report, e.g. `synthetic (seed 0, scale 1)`. */
  description: string;
  /** The settings that determine the results; a resumed run must match them. */
  identity: Record<string, unknown>;
  /** True for the paper's own dataset (the report then prints the paper's numbers beside ours). */
  isPaperDataset: boolean;
  benchmarks: BenchmarkWorld[];
  lms: LmWorld[];
  recipe(benchmark: BenchmarkWorld, lm: LmWorld): ResponseRecipe;
}
