// Messages between the page and its worker. Everything is structured-cloneable.

/** The paper's five ways to score a checkpoint, in the order the page lists them. */
export const METHODS = ['full_accuracy', 'full_ability', 'random_accuracy', 'random_ability', 'fluid_ability'] as const;
export type Method = (typeof METHODS)[number];

/** Names shown for each method. */
export const METHOD_LABELS: Record<Method, string> = {
  full_accuracy: 'Full accuracy',
  full_ability: 'Full ability',
  random_accuracy: 'Random accuracy',
  random_ability: 'Random ability',
  fluid_ability: 'Fluid ability',
};

/** Where the paper's dataset comes from: a hub (or mirror) URL, a repository and a branch, tag or commit. */
export interface HubLocation {
  hubUrl: string;
  repo: string;
  revision: string;
}

/** What the dataset holds, read from its file listing. */
export interface Catalog {
  /** Where it was read: the request's location with the defaults filled in. */
  location: HubLocation;
  /** The commit every file is fetched at; null when the hub's API could not say (files by revision). */
  commit: string | null;
  benchmarks: string[];
  lms: string[];
  hasLeaderboard: boolean;
  hasItemMap: boolean;
  /** True when the listing came from the browser's cache because the hub did not answer. */
  fromCache: boolean;
}

/** Which curve to compute: a benchmark × LM of the dataset, or the files the user dropped. */
export type Source = { kind: 'hub'; benchmark: string; lm: string } | { kind: 'files'; files: File[] };

/** Everything the page shows for one view of the URL state. */
export interface ViewRequest {
  id: number;
  type: 'view';
  /** Identifies the source: the worker reuses its loaded data while the key stays the same. */
  sourceKey: string;
  /** Sent when the worker has not seen `sourceKey` yet (or lost it). */
  source?: Source;
  budget: number;
  /** Reference benchmark for rank distance (dataset only); empty for none. */
  reference: string;
  /** Checkpoint to step through, by name; empty or unknown for the last one. */
  checkpoint: string;
  method: 'fluid' | 'random';
  step: number;
}

export type WorkerRequest =
  /** Empty fields take the defaults: the public hub, the paper's repository, `main`. */
  | { id: number; type: 'open'; hub: HubLocation }
  | { id: number; type: 'item-map' }
  | ViewRequest;

export interface CurveRow {
  checkpoint: string;
  fullAccuracy: number;
  fullAbility: number;
  randomAccuracy: number;
  randomAbility: number;
  fluidAbility: number;
}

/** A curve's metrics: null where undefined (a flat curve, fewer than two checkpoints, no leaderboard). */
export interface MethodMetrics {
  method: Method;
  totalVariation: number | null;
  monotonicity: number | null;
  /** Mean over checkpoints; needs the leaderboard and a reference benchmark. */
  rankDistance: number | null;
}

export interface StepRow {
  step: number;
  /** 0-based row of the bank. */
  row: number;
  id: string;
  a: number;
  b: number;
  /** 1 correct, 0 wrong (binarized at ≥ 0.5). */
  answer: number;
  theta: number;
  se: number;
  text?: string;
}

export interface StepThrough {
  rows: StepRow[];
  /** The step shown (1-based, clamped to the run). */
  step: number;
  information: { theta: number; grid: number[]; test: number[]; item: number[] };
}

export interface ViewResult {
  label: string;
  nItems: number;
  maxBudget: number;
  budget: number;
  start: number;
  checkpoints: string[];
  rows: CurveRow[];
  metrics: MethodMetrics[];
  steps: StepThrough;
  /** Benchmarks that can serve as the rank-distance reference (empty without the leaderboard). */
  references: string[];
  reference: string;
  /** Notes on the data: missing items in dropped logs, and the like. */
  notes: string[];
  /** Milliseconds the worker spent per phase of this view (`load`, `prepare` when the source is new; `curves`, `steps`). */
  timings: Record<string, number>;
}

export type WorkerResponse =
  | { id: number; type: 'catalog'; catalog: Catalog }
  | { id: number; type: 'view'; view: ViewResult }
  | { id: number; type: 'item-map'; items: number }
  | { id: number; type: 'progress'; message: string; fraction: number | null }
  /** A problem the user can fix, in the CLI's one line; `expected` is false for a bug. */
  | { id: number; type: 'error'; message: string; expected: boolean };
