import { BackendError } from './errors';

/** How failed requests are retried: exponential backoff with jitter, or what the server's `Retry-After` says. */
export interface RetryPolicy {
  /** Attempts after the first. Default 5. */
  maxRetries: number;
  /** Delay before the first retry, doubled each time (then jittered to 50–100 %). Default 500 ms. */
  baseMs: number;
  /** Longest backoff delay. Default 30 s. */
  maxMs: number;
  /** Longest wait a `Retry-After` header can ask for. Default 120 s. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: Readonly<RetryPolicy> = Object.freeze({ maxRetries: 5, baseMs: 500, maxMs: 30_000, maxRetryAfterMs: 120_000 });

/**
 * Milliseconds to wait before retry number `attempt` (0-based): the server's `Retry-After` when it gave one,
 * else `baseMs·2^attempt` capped at `maxMs`, times a jitter factor in [0.5, 1) drawn from `random`.
 *
 * @example
 * ```ts
 * retryDelay(2, DEFAULT_RETRY, undefined, () => 0); // returns 1000 (500·2², jitter 0.5)
 * retryDelay(0, DEFAULT_RETRY, 3);                   // returns 3000 (Retry-After: 3)
 * ```
 */
export function retryDelay(attempt: number, policy: RetryPolicy, retryAfterSeconds: number | undefined, random: () => number = Math.random): number {
  if (retryAfterSeconds !== undefined && retryAfterSeconds >= 0) return Math.min(retryAfterSeconds * 1000, policy.maxRetryAfterMs);
  const backoff = Math.min(policy.baseMs * 2 ** attempt, policy.maxMs);
  return backoff * (0.5 + 0.5 * random());
}

/**
 * `Retry-After` (seconds or an HTTP date) and `retry-after-ms` as seconds, or undefined.
 *
 * @example
 * ```ts
 * parseRetryAfter(new Headers({ 'retry-after': '2' })); // returns 2
 * ```
 */
export function parseRetryAfter(headers: { get(name: string): string | null } | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const millis = Number(headers.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(millis) && millis >= 0) return millis / 1000;
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, (date - now) / 1000) : undefined;
}

/** A retry about to happen (for progress and logs). */
export interface RetryEvent {
  error: BackendError;
  /** 1-based number of this retry. */
  retry: number;
  delayMs: number;
}

/**
 * Runs `attempt` until it succeeds, retrying transient {@link BackendError}s by the policy; other errors and
 * the last transient one propagate. Waits end early when `signal` aborts.
 *
 * @example
 * ```ts
 * await withRetries(() => backend.generate(request), { policy: DEFAULT_RETRY }); // the reply, after up to 5 retries
 * ```
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  options: { policy: RetryPolicy; signal?: AbortSignal; onRetry?: (event: RetryEvent) => void; random?: () => number },
): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (!BackendError.isInstance(error) || !(error as BackendError).transient || retry >= options.policy.maxRetries || options.signal?.aborted) throw error;
      const failure = error as BackendError;
      const delayMs = retryDelay(retry, options.policy, failure.retryAfter, options.random);
      options.onRetry?.({ error: failure, retry: retry + 1, delayMs });
      await sleep(delayMs, options.signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
