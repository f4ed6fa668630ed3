// What an experiment grid runs on, whatever the source: per benchmark an IRT bank and the leaderboard's
// scores; per LM its checkpoints; and, per (benchmark, LM) unit, a recipe a worker follows to get the
// response columns itself (so columns are made or read inside workers and never all held at once).

/** The Open LLM Leaderboard LMs' full-benchmark scores on one benchmark. */
export interface Leaderboard {
  names: string[];
  accuracy: Float64Array;
  ability: Float64Array;
}

export interface BenchmarkWorld {
  name: string;
  ids: string[];
  a: Float64Array;
  b: Float64Array;
  leaderboard: Leaderboard;
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
