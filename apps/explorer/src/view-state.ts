// The whole view lives in the URL's query, so a link reproduces it: where the data comes from, the
// benchmark × LM, the budget, the checkpoint and method stepped through, the step, the rank-distance reference.
// No import of @fluidbench/data here: the main thread stays free of the parsers; the worker fills in the
// dataset's defaults (its repository, the public hub) where these fields are empty.

export interface ViewState {
  /** Hub or mirror URL (`?hub=`), for tests and mirrors; empty for the public hub. */
  hub: string;
  /** Dataset repository; empty for the paper's. */
  repo: string;
  /** Branch, tag or commit of the dataset (`?rev=`); the page pins a branch to its commit when it loads. */
  rev: string;
  benchmark: string;
  lm: string;
  budget: number;
  /** Checkpoint name to step through; empty for the last one. */
  checkpoint: string;
  method: 'fluid' | 'random';
  /** Step shown (1-based); 0 for the run's last step. */
  step: number;
  /** Reference benchmark for rank distance; empty for the first available. */
  ref: string;
}

/** The budget a fresh page starts with. */
export const DEFAULT_BUDGET = 50;

/**
 * Reads the view from a query string; anything missing or malformed takes its default.
 *
 * @example
 * ```ts
 * parseViewState('?benchmark=mmlu&lm=olmo2-7b&budget=100').budget; // returns 100
 * parseViewState('?budget=lots').budget; // returns 50
 * ```
 */
export function parseViewState(search: string): ViewState {
  const query = new URLSearchParams(search);
  const text = (name: string, fallback = '') => query.get(name)?.trim() || fallback;
  const number = (name: string, fallback: number) => {
    const value = Number(query.get(name));
    return query.has(name) && Number.isFinite(value) ? value : fallback;
  };
  return {
    hub: text('hub'),
    repo: text('repo'),
    rev: text('rev', 'main'),
    benchmark: text('benchmark'),
    lm: text('lm'),
    budget: number('budget', DEFAULT_BUDGET),
    checkpoint: text('checkpoint'),
    method: query.get('method') === 'random' ? 'random' : 'fluid',
    step: Math.max(0, Math.round(number('step', 0))),
    ref: text('ref'),
  };
}

/**
 * The query string of a view, leaving out what equals its default (so links stay short).
 *
 * @example
 * ```ts
 * viewStateSearch({ ...parseViewState(''), benchmark: 'mmlu', lm: 'olmo2-7b' }); // returns '?benchmark=mmlu&lm=olmo2-7b'
 * ```
 */
export function viewStateSearch(state: ViewState): string {
  const defaults = parseViewState('');
  const query = new URLSearchParams();
  for (const key of ['hub', 'repo', 'rev', 'benchmark', 'lm', 'budget', 'checkpoint', 'method', 'step', 'ref'] as const) {
    if (state[key] !== defaults[key]) query.set(key, String(state[key]));
  }
  const search = query.toString();
  return search ? `?${search}` : '';
}
