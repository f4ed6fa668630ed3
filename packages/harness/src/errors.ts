// Errors of @fluidbench/harness: members of core's FluidError family (one registered marker per class), so the
// CLI reports them as one line and `X.isInstance` never answers for a sibling.
import { FluidError } from '@fluidbench/core';

/**
 * Base of every error `@fluidbench/harness` throws on purpose; `HarnessError.isInstance(e)` works across
 * package copies (it checks registered symbols, not the prototype chain).
 *
 * @example
 * ```ts
 * HarnessError.isInstance(new JournalError('run.jsonl', 3, 'not JSON')); // returns true
 * HarnessError.isInstance(new Error('plain')); // returns false
 * ```
 */
export class HarnessError extends FluidError {
  static override readonly errorName: string = 'HarnessError';
}

/**
 * Why a model request failed. `auth` (401/403) and `not_found` (404) are fatal at once; `rate_limit`, `server`,
 * `timeout`, `network` and `malformed` are retried; `echo_ignored` means the server cannot score log-likelihoods.
 */
export type BackendFailure = 'auth' | 'not_found' | 'bad_request' | 'rate_limit' | 'server' | 'timeout' | 'network' | 'malformed' | 'echo_ignored';

/** The failures worth retrying (a later attempt may succeed). */
export const TRANSIENT_FAILURES: readonly BackendFailure[] = ['rate_limit', 'server', 'timeout', 'network', 'malformed'];

/**
 * A request to a model that failed; the message names the model and, once scoring started, the item.
 * It never contains the API key (the key is not known to the code that builds it).
 *
 * @example
 * ```ts
 * new BackendError('malformed', 'choices[0].logprobs is missing', { model: 'm', item: 'q1' }).message;
 * // returns 'model "m", item "q1": malformed response: choices[0].logprobs is missing'
 * ```
 */
export class BackendError extends HarnessError {
  static override readonly errorName: string = 'BackendError';
  readonly failure: BackendFailure;
  readonly model: string | undefined;
  readonly item: string | undefined;
  readonly status: number | undefined;
  /** Seconds the server asked us to wait (`Retry-After`), when it said. */
  readonly retryAfter: number | undefined;

  constructor(
    failure: BackendFailure,
    detail: string,
    where: { model?: string; item?: string; status?: number; retryAfter?: number; cause?: unknown } = {},
  ) {
    const place = [where.model !== undefined ? `model ${JSON.stringify(where.model)}` : '', where.item !== undefined ? `item ${JSON.stringify(where.item)}` : '']
      .filter(Boolean)
      .join(', ');
    super(`${place ? `${place}: ` : ''}${FAILURE_TEXT[failure]}: ${detail}`, { cause: where.cause });
    this.failure = failure;
    this.model = where.model;
    this.item = where.item;
    this.status = where.status;
    this.retryAfter = where.retryAfter;
  }

  /** Whether another attempt may succeed. */
  get transient(): boolean {
    return TRANSIENT_FAILURES.includes(this.failure);
  }

  /** The same failure, located at a model and item. */
  at(model: string, item?: string): BackendError {
    if (this.model !== undefined && (this.item !== undefined || item === undefined)) return this;
    const detail = this.message.slice(this.message.indexOf(FAILURE_TEXT[this.failure]) + FAILURE_TEXT[this.failure].length + 2);
    return new BackendError(this.failure, detail, { model, item, status: this.status, retryAfter: this.retryAfter, cause: this.cause });
  }
}

const FAILURE_TEXT: Record<BackendFailure, string> = {
  auth: 'not authorized',
  not_found: 'not found',
  bad_request: 'request rejected',
  rate_limit: 'rate limited',
  server: 'server error',
  timeout: 'timed out',
  network: 'network error',
  malformed: 'malformed response',
  echo_ignored: 'the server ignored `echo: true`',
};

/**
 * A bad or mismatched answer journal: names the file and 1-based line when one line is at fault.
 *
 * @example
 * ```ts
 * new JournalError('run.jsonl', 3, 'not JSON').message; // returns 'run.jsonl, line 3: not JSON'
 * ```
 */
export class JournalError extends HarnessError {
  static override readonly errorName: string = 'JournalError';

  constructor(
    readonly file: string,
    readonly line: number | undefined,
    reason: string,
  ) {
    super(`${file}${line !== undefined ? `, line ${line}` : ''}: ${reason}`);
  }
}

/**
 * The evaluation was stopped by its abort signal (Ctrl-C in the CLI); every answer so far is in the journal.
 *
 * @example
 * ```ts
 * new EvaluationAbortedError(12).message; // returns 'stopped after 12 new answer(s)'
 * ```
 */
export class EvaluationAbortedError extends HarnessError {
  static override readonly errorName: string = 'EvaluationAbortedError';

  constructor(readonly answers: number) {
    super(`stopped after ${answers} new answer(s)`);
  }
}
