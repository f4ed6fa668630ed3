import { AdaptiveTest, InvalidArgumentError, isPolytomous, type AnyItemBank, type EngineOptions, type Estimator } from '@fluidbench/core';
import { checkScoreValues } from '@fluidbench/data';
import type { Backend } from './backend';
import { mostInformative } from './batch-selection';
import { BackendError, EvaluationAbortedError, JournalError } from './errors';
import { hashJson } from './hash';
import { MC_MODES, type McMode, type Sampling } from './items/item-kind';
import { kindOf, type Item } from './items/kinds';
import { alignItems } from './items/parse-items';
import { journalHeader, type AnswerJournal, type JournalEntry, type JournalHeader } from './journal';
import { Limiter } from './limiter';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from './retry';
import type { ModelResult } from './result';
import { evenScoreValues, gradedCategory } from './scoring/graded';

/** Settings of a live evaluation; every field but the first four is optional. */
export interface EvaluateOptions extends EngineOptions {
  /**
   * The IRT bank; its ids must be exactly the items' ids. With a graded bank (GRM, GPCM, PCM) each answer's raw
   * score is recorded as the category whose score value is nearest ({@link gradedCategory}).
   */
  bank: AnyItemBank;
  /** The items (any order; matched to the bank by id). */
  items: readonly Item[];
  backend: Backend;
  /** The models to evaluate side by side (one adaptive test each). */
  models: readonly string[];
  /** Item budget per model. Default 500. */
  nMax?: number;
  /** Stop once the standard error falls below this. Default: never. */
  minSe?: number;
  /** Starting ability. Default 0. */
  start?: number;
  /** Default 'map'. */
  estimator?: Estimator;
  /** Items asked at once per model: the top-k by information at the current estimate. Default 1. */
  batch?: number;
  /** Requests in flight across all models. Default 8. */
  concurrency?: number;
  /** How multiple-choice items are asked. Default 'loglikelihood'. */
  mcMode?: McMode;
  /**
   * Graded banks: the raw score of each category (the fork's `score_values`), the same for every item, so every
   * item needs that many categories. Default: k/K_j for category k of item j.
   */
  scoreValues?: readonly number[];
  /** k-of-n generation: replies sampled per generative item (scored k/n). Default 1 (one greedy reply). */
  samples?: number;
  /** Sampling temperature with `samples` > 1. Default 1. */
  temperature?: number;
  /** Where answers are kept; answers found there are not asked again. */
  journal?: AnswerJournal;
  /** Retry policy for transient failures (429, 5xx, timeouts, malformed responses). */
  retry?: Partial<RetryPolicy>;
  /** Aborting stops the evaluation (EvaluationAbortedError); answers so far stay in the journal. */
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
}

/** What `evaluate` reports while it runs. */
export type ProgressEvent =
  | { type: 'answer'; model: string; itemId: string; correct: number; fromJournal: boolean; answered: number }
  | { type: 'retry'; model: string; itemId: string; retry: number; delayMs: number; reason: string }
  | { type: 'done'; model: string; result: ModelResult };

export const DEFAULT_CONCURRENCY = 8;
/** Temperature of k-of-n samples unless given: the model's own distribution. */
export const DEFAULT_SAMPLE_TEMPERATURE = 1;

/**
 * Evaluates live models adaptively: for each model an {@link AdaptiveTest} picks the items, only those are
 * asked (through `backend`), and the ability estimate is the score. With `batch: 1` the item sequence is that
 * of `fluidBenchmarking` on the same answers; with `batch: k` the top-k items by information at the current
 * estimate are asked at once and recorded in that order.
 *
 * @throws {BackendError} when a model cannot be used or a request keeps failing; {@link EvaluationAbortedError}
 * when `signal` aborts; {@link ItemsFormatError} when items and bank disagree.
 * @example
 * ```ts
 * await init();
 * const [result] = await evaluate({ bank, items, backend: createOpenAIBackend({ baseURL: 'http://localhost:8000/v1' }), models: ['my-model'], nMax: 50 });
 * result.abilities.at(-1); // the ability estimate after 50 items
 * ```
 */
export async function evaluate(options: EvaluateOptions): Promise<ModelResult[]> {
  const plan = planEvaluation(options);
  const { bank, backend, models } = options;
  const controller = new AbortController();
  const stopAll = () => controller.abort();
  options.signal?.addEventListener('abort', stopAll, { once: true });
  if (options.signal?.aborted) stopAll();
  let newAnswers = 0;
  try {
    for (const model of models) {
      if (controller.signal.aborted) break;
      try {
        await backend.checkModel?.(model, controller.signal);
      } catch (error) {
        throw BackendError.isInstance(error) ? (error as BackendError).at(model) : error;
      }
    }
    const limiter = new Limiter(plan.concurrency);
    const requests = new RequestSignals(controller.signal);
    let firstError: unknown;
    const results = await Promise.all(
      models.map((model) =>
        runModel(model, plan, options, limiter, requests, () => newAnswers++).catch((error: unknown) => {
          if (firstError === undefined) firstError = error;
          controller.abort();
          return undefined;
        }),
      ),
    );
    if (options.signal?.aborted) throw new EvaluationAbortedError(newAnswers);
    if (firstError !== undefined) throw firstError;
    return results as ModelResult[];
  } catch (error) {
    if (options.signal?.aborted) throw new EvaluationAbortedError(newAnswers);
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', stopAll);
  }
}

interface Plan {
  items: Item[];
  /** Each item's request (JSON-able), in bank order. */
  requests: unknown[];
  batch: number;
  concurrency: number;
  mcMode: McMode;
  sampling: Sampling | undefined;
  /** Graded banks: each item's category score values, in bank order. */
  scoreValues: (readonly number[])[] | undefined;
  nMax: number;
  engine: EngineOptions;
  retry: RetryPolicy;
}

function planEvaluation(options: EvaluateOptions): Plan {
  const { bank, models } = options;
  const batch = options.batch ?? 1;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const mcMode = options.mcMode ?? 'loglikelihood';
  if (!Number.isInteger(batch) || batch < 1) throw new InvalidArgumentError('batch', options.batch, 'must be a positive integer');
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new InvalidArgumentError('concurrency', options.concurrency, 'must be a positive integer');
  if (!MC_MODES.includes(mcMode)) throw new InvalidArgumentError('mcMode', mcMode, `must be one of ${MC_MODES.join(', ')}`);
  if (!models.length) throw new InvalidArgumentError('models', models, 'name at least one model');
  const repeated = models.find((model, k) => typeof model !== 'string' || model === '' || models.indexOf(model) !== k);
  if (repeated !== undefined) throw new InvalidArgumentError('models', repeated, 'each model must be a non-empty name, given once');
  const sampling = samplingOf(options);
  const scoreValues = categoryScoreValues(bank, options.scoreValues);
  const items = alignItems(options.items, bank.ids);
  const { D, priorMean, priorSd, range, tolerance, maxNewtonSteps, maxHalvings, bisectionSteps, eapNodes, eapPrior } = options;
  return {
    items,
    requests: items.map((item) => kindOf(item).request(item, mcMode, sampling)),
    batch,
    concurrency,
    mcMode,
    sampling,
    scoreValues,
    nMax: options.nMax ?? 500,
    engine: { D, priorMean, priorSd, range, tolerance, maxNewtonSteps, maxHalvings, bisectionSteps, eapNodes, eapPrior },
    retry: { ...DEFAULT_RETRY, ...options.retry },
  };
}

/**
 * The journal header for an evaluation with these options: answers are valid for the same bank, the same
 * items asked the same way, and the same selection settings (start, estimator, batch, engine options).
 * `nMax` and `minSe` are left out, so a journal can be resumed with a larger budget.
 *
 * @example
 * ```ts
 * evaluationJournalHeader({ bank, items, backend, models: ['m'] }).options.batch; // returns 1
 * ```
 */
export function evaluationJournalHeader(options: EvaluateOptions): JournalHeader {
  const plan = planEvaluation(options);
  const settings: Record<string, unknown> = {
    start: options.start ?? 0,
    estimator: options.estimator ?? 'map',
    batch: plan.batch,
    mc_mode: plan.mcMode,
  };
  // graded banks: the score values decide the categories, hence the later items
  if (options.scoreValues) settings.score_values = [...options.scoreValues];
  for (const [key, value] of Object.entries(plan.engine)) if (value !== undefined) settings[key] = value;
  return journalHeader({ bank: options.bank, requests: plan.requests, options: settings });
}

async function runModel(model: string, plan: Plan, options: EvaluateOptions, limiter: Limiter, requests: RequestSignals, counted: () => void): Promise<ModelResult> {
  const { bank, backend, journal } = options;
  const signal = requests.signal;
  const started = now();
  let sent = 0;
  // every backend call counts (k-of-n samples and WinoGrande's contexts are several per item), retries included
  const counting: Backend = {
    scoreChoices: (request) => (sent++, backend.scoreChoices(request)),
    generate: (request) => (sent++, backend.generate(request)),
  };
  let answered = 0;
  const test = new AdaptiveTest(bank, { ...plan.engine, nMax: plan.nMax, minSe: options.minSe, start: options.start, estimator: options.estimator });
  const asked = new Uint8Array(bank.size);
  let nAsked = 0;
  const correct: number[] = [];
  const categories: number[] | undefined = plan.scoreValues ? [] : undefined;
  const information = plan.batch > 1 ? new Float64Array(bank.size) : undefined;
  const picked = new Int32Array(plan.batch);

  const answer = async (index: number): Promise<JournalEntry> => {
    const item = plan.items[index];
    const requestHash = hashJson({ model, request: plan.requests[index] });
    const saved = journal?.lookup(model, item.id);
    if (saved) {
      if (saved.request !== requestHash) {
        throw new JournalError(journalName(journal), undefined, `model ${JSON.stringify(model)} answered item ${JSON.stringify(item.id)} to a different request; use --fresh to start over`);
      }
      options.onProgress?.({ type: 'answer', model, itemId: item.id, correct: saved.correct, fromJournal: true, answered: ++answered });
      return saved;
    }
    return limiter.run(async () => {
      if (signal.aborted) throw new EvaluationAbortedError(0);
      // one controller per request, aborted from the shared signal's single listener: no listener pile-up
      const request = requests.open();
      try {
        return await askAndRecord(item, requestHash, request.signal);
      } finally {
        requests.close(request);
      }
    });
  };

  const askAndRecord = async (item: Item, requestHash: string, signal: AbortSignal): Promise<JournalEntry> => {
      const begun = now();
      const kind = kindOf(item);
      const reply = await withRetries(
        async () => {
          try {
            return await kind.ask(item, { backend: counting, model, mcMode: plan.mcMode, sampling: plan.sampling, signal });
          } catch (error) {
            if (signal.aborted) throw new EvaluationAbortedError(0);
            throw BackendError.isInstance(error) ? (error as BackendError).at(model, item.id) : error;
          }
        },
        {
          policy: plan.retry,
          signal,
          onRetry: ({ error, retry, delayMs }) => options.onProgress?.({ type: 'retry', model, itemId: item.id, retry, delayMs, reason: error.message }),
        },
      );
      if (signal.aborted) throw new EvaluationAbortedError(0);
      const entry: JournalEntry = { model, item_id: item.id, request: requestHash, correct: reply.correct, seconds: (now() - begun) / 1000, time: new Date().toISOString() };
      if (reply.scores) entry.scores = reply.scores;
      if (reply.reply !== undefined) entry.reply = reply.reply;
      if (reply.replies) entry.replies = reply.replies;
      await journal?.append(entry);
      counted();
      options.onProgress?.({ type: 'answer', model, itemId: item.id, correct: entry.correct, fromJournal: false, answered: ++answered });
      return entry;
  };

  while (!test.done) {
    if (signal.aborted) throw new EvaluationAbortedError(0);
    const picks = plan.batch === 1
      ? [test.next().index]
      : Array.from(picked.subarray(0, mostInformative(bank, test.theta, asked, Math.min(plan.batch, plan.nMax - nAsked), information!, picked, plan.engine)));
    const entries = await Promise.all(picks.map(answer));
    for (let k = 0; k < picks.length && !test.done; k++) {
      const score = entries[k].correct;
      const category = plan.scoreValues ? gradedCategory(score, plan.scoreValues[picks[k]]) : undefined;
      test.record(category ?? score, picks[k]);
      asked[picks[k]] = 1;
      nAsked++;
      correct.push(score);
      if (category !== undefined) categories!.push(category);
    }
  }
  const state = test.state;
  const theta = state.theta;
  const result: ModelResult = {
    model,
    items: state.items,
    itemIds: state.itemIds,
    abilities: state.abilities,
    se: state.se,
    correct,
    ...(categories ? { categories } : {}),
    stopReason: state.stopReason ?? 'exhausted',
    accuracy: correct.reduce((sum, x) => sum + x, 0) / Math.max(1, correct.length),
    expectedAccuracy: expectedScore(bank, theta, plan),
    requests: sent,
    seconds: (now() - started) / 1000,
  };
  options.onProgress?.({ type: 'done', model, result });
  return result;
}

/**
 * The bank's mean expected raw score at θ: the mean probability of a right answer for a 1–4PL bank (an estimate
 * of full-benchmark accuracy), the mean expected score value Σ_k P(X_j = k | θ)·v_jk for a graded bank.
 */
function expectedScore(bank: AnyItemBank, theta: number, plan: Plan): number {
  let total = 0;
  if (isPolytomous(bank)) {
    const engine = bank.engine();
    for (let i = 0; i < bank.size; i++) {
      const values = plan.scoreValues![i];
      engine.categoryProbabilities(i, theta).forEach((p, k) => (total += p * values[k]));
    }
  } else {
    for (let i = 0; i < bank.size; i++) total += bank.probability(i, theta, { D: plan.engine.D });
  }
  return total / bank.size;
}

function samplingOf(options: EvaluateOptions): Sampling | undefined {
  const samples = options.samples ?? 1;
  const temperature = options.temperature ?? DEFAULT_SAMPLE_TEMPERATURE;
  if (!Number.isInteger(samples) || samples < 1) throw new InvalidArgumentError('samples', options.samples, 'must be a positive integer');
  if (!(Number.isFinite(temperature) && temperature >= 0)) throw new InvalidArgumentError('temperature', options.temperature, 'must be a finite number ≥ 0');
  return samples > 1 ? { samples, temperature } : undefined;
}

/**
 * Each item's category score values for a graded bank (the given ones, else k/K_j), in bank order; undefined for
 * a 1–4PL bank. `name` is the option named in errors.
 *
 * @throws {InvalidArgumentError} for score values with a 1–4PL bank, or a count other than an item's categories.
 * @example
 * ```ts
 * categoryScoreValues(new PolytomousItemBank({ model: 'pcm', thresholds: [[0, 1]] }), undefined); // returns [[0, 0.5, 1]]
 * categoryScoreValues(bank, [0, 1], '--score-values'); // throws: --score-values: 2 score values, but item "q1" has 3 categories
 * ```
 */
export function categoryScoreValues(bank: AnyItemBank, given: readonly number[] | undefined, name = 'scoreValues'): (readonly number[])[] | undefined {
  if (!isPolytomous(bank)) {
    if (given !== undefined) throw new InvalidArgumentError(name, given, 'score values are for graded (polytomous) banks');
    return undefined;
  }
  if (given === undefined) return Array.from(bank.categories, (count) => evenScoreValues(count));
  const values = Object.freeze(checkScoreValues([...given], name, 'score values'));
  const other = bank.categories.findIndex((count) => count !== values.length);
  if (other >= 0) throw new InvalidArgumentError(name, given, `${values.length} score values, but item ${JSON.stringify(bank.ids[other])} has ${bank.categories[other]} categories`);
  return Array.from(bank.categories, () => values);
}

/** Per-request abort controllers, all aborted by one listener on the evaluation's signal. */
class RequestSignals {
  private readonly active = new Set<AbortController>();

  constructor(readonly signal: AbortSignal) {
    signal.addEventListener('abort', () => this.active.forEach((controller) => controller.abort()), { once: true });
  }

  open(): AbortController {
    const controller = new AbortController();
    if (this.signal.aborted) controller.abort();
    else this.active.add(controller);
    return controller;
  }

  close(controller: AbortController): void {
    this.active.delete(controller);
  }
}

function journalName(journal: AnswerJournal | undefined): string {
  return (journal as { file?: string } | undefined)?.file ?? 'the journal';
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
