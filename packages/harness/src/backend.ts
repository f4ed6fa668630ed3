// What the harness needs from a model: log-likelihoods of continuations, and generated text.

/** Log-likelihood scoring of continuations after one context (one multiple-choice item). */
export interface ScoreRequest {
  model: string;
  /** The item being asked (for error messages and logs). */
  itemId: string;
  /** Everything before the answer. */
  context: string;
  /** Each candidate continuation, exactly as scored (leading space included). */
  continuations: readonly string[];
  signal?: AbortSignal;
}

/** Generation from one prompt (a chat user message for HTTP backends): greedy unless `temperature` is given. */
export interface GenerateRequest {
  model: string;
  itemId: string;
  prompt: string;
  /** Stop sequences: the reply is cut at the first one. */
  until: readonly string[];
  maxTokens: number;
  /** Sampling temperature (k-of-n generation); absent means greedy (0). */
  temperature?: number;
  /** Sample number, sent as the request's seed so each of the n samples is its own, reproducible draw. */
  seed?: number;
  signal?: AbortSignal;
}

/**
 * A model (or several, told apart by `model`) the harness can ask. Implement it to evaluate an in-process
 * model without HTTP. Throw {@link BackendError} for failures: transient ones are retried by `evaluate`.
 *
 * @example
 * ```ts
 * const backend: Backend = {
 *   async scoreChoices({ continuations }) { return continuations.map((c) => -c.length); },
 *   async generate() { return '42'; },
 * };
 * ```
 */
export interface Backend {
  /** Sum of the log-probabilities of each continuation's tokens given the context, in order. */
  scoreChoices(request: ScoreRequest): Promise<number[]>;
  /** The model's reply, cut at the first stop sequence. */
  generate(request: GenerateRequest): Promise<string>;
  /** Fails (with a BackendError) when the model cannot be used at all: bad key, unknown model. */
  checkModel?(model: string, signal?: AbortSignal): Promise<void>;
}
