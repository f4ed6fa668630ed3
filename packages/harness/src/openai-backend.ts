import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { Backend, GenerateRequest, ScoreRequest } from './backend';
import { BackendError, type BackendFailure } from './errors';
import { parseRetryAfter } from './retry';
import { characterLength, continuationLogLikelihood } from './scoring/continuation';
import { cutAtStop } from './scoring/extract';

/** Tokens generated after the echoed prompt when scoring (lm-evaluation-harness's local-completions asks for 1). */
export const SCORING_MAX_TOKENS = 1;
/** Default per-request timeout. */
export const DEFAULT_TIMEOUT_MS = 300_000;

/** Settings of the OpenAI-compatible backend. */
export interface OpenAIBackendOptions {
  /** The server's API root, e.g. `http://localhost:8000/v1` (vLLM, SGLang, llama.cpp, a hosted API). */
  baseURL: string;
  /** Sent as a bearer token; local servers need none. Never logged or put into errors. */
  apiKey?: string;
  /** Per-request timeout in ms. Default 300 000. */
  timeout?: number;
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
  /** Passed to the `openai` client: allow use in a browser page (which exposes any key to the page). */
  dangerouslyAllowBrowser?: boolean;
}

/**
 * A {@link Backend} for an OpenAI-compatible server through the official `openai` client, one attempt per call
 * (`evaluate` retries). Multiple choice: one `POST /completions` per item with every `context + choice` as a
 * prompt, `echo: true, logprobs: 1, max_tokens: 1, temperature: 0`; each choice's log-likelihood is the sum of
 * its continuation tokens' log-probabilities, the boundary found by `text_offset`
 * ({@link continuationLogLikelihood}). Generation: `POST /chat/completions` with the stop sequences, greedy, or
 * for k-of-n at the given temperature with the sample number as `seed`.
 *
 * @example
 * ```ts
 * const backend = createOpenAIBackend({ baseURL: 'http://localhost:8000/v1' });
 * await backend.scoreChoices({ model: 'm', itemId: 'q1', context: 'The sky is', continuations: [' blue', ' green'] });
 * // returns [-0.4, -5.1] (the log-likelihood of each continuation)
 * ```
 */
export function createOpenAIBackend(options: OpenAIBackendOptions): Backend {
  const client = new OpenAI({
    baseURL: options.baseURL,
    // the client insists on a key; local servers ignore the placeholder, as lm-evaluation-harness's "EMPTY"
    apiKey: options.apiKey || 'EMPTY',
    timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
    maxRetries: 0,
    fetch: options.fetch,
    dangerouslyAllowBrowser: options.dangerouslyAllowBrowser,
  });

  return {
    async scoreChoices({ model, itemId, context, continuations, signal }: ScoreRequest): Promise<number[]> {
      const prompts = continuations.map((continuation) => context + continuation);
      const response = await call(model, itemId, () =>
        client.completions.create({ model, prompt: prompts, echo: true, logprobs: 1, max_tokens: SCORING_MAX_TOKENS, temperature: 0 }, { signal }),
      );
      const choices = ordered(response?.choices, prompts.length, model, itemId);
      const contextLength = characterLength(context);
      return choices.map((choice, k) => {
        const logprobs = choice.logprobs as Record<string, unknown> | null | undefined;
        const where = `choices[${k}].logprobs`;
        if (!logprobs || typeof logprobs !== 'object') throw new BackendError('malformed', `${where} is missing (does the server return logprobs?)`, { model, item: itemId });
        const tokens = logprobs.tokens;
        const tokenLogprobs = logprobs.token_logprobs;
        const textOffset = logprobs.text_offset;
        if (!Array.isArray(tokens) || !Array.isArray(tokenLogprobs) || !Array.isArray(textOffset) || textOffset.some((x) => typeof x !== 'number')) {
          throw new BackendError('malformed', `${where} needs tokens, token_logprobs and text_offset lists`, { model, item: itemId });
        }
        const promptLength = characterLength(prompts[k]);
        const promptTokens = textOffset.filter((offset: number) => offset < promptLength).length;
        const text = (choice as { text?: unknown }).text;
        if (promptTokens === 0 || textOffset[0] !== 0 || (typeof text === 'string' && !text.startsWith(prompts[k]))) {
          throw new BackendError('echo_ignored', 'it returned no log-probabilities for the prompt, so choices cannot be scored; use --mc-mode generate', { model, item: itemId });
        }
        try {
          return continuationLogLikelihood({ tokens, tokenLogprobs, textOffset }, contextLength, promptLength);
        } catch (error) {
          throw BackendError.isInstance(error) ? (error as BackendError).at(model, itemId) : error;
        }
      });
    },

    async generate({ model, itemId, prompt, until, maxTokens, temperature, seed, signal }: GenerateRequest): Promise<string> {
      const response = await call(model, itemId, () =>
        client.chat.completions.create(
          {
            model, messages: [{ role: 'user', content: prompt }], max_tokens: maxTokens, temperature: temperature ?? 0,
            ...(seed !== undefined ? { seed } : {}), ...(until.length ? { stop: [...until] } : {}),
          },
          { signal },
        ),
      );
      const [choice] = ordered(response?.choices, 1, model, itemId);
      const content = (choice as { message?: { content?: unknown } }).message?.content;
      if (typeof content !== 'string') throw new BackendError('malformed', 'choices[0].message.content is not a string', { model, item: itemId });
      return cutAtStop(content, until);
    },

    async checkModel(model: string, signal?: AbortSignal): Promise<void> {
      let served: string[];
      try {
        const page = await call(model, undefined, () => client.models.list({ signal }));
        served = (page?.data ?? []).map((entry) => entry.id);
      } catch (error) {
        // a server without GET /models still fails fast on the first request (404 is not retried)
        if (BackendError.isInstance(error) && (error as BackendError).failure === 'not_found') return;
        throw error;
      }
      if (served.length && !served.includes(model)) {
        throw new BackendError('not_found', `the server does not serve it (it serves ${served.slice(0, 10).join(', ')})`, { model, status: 404 });
      }
    },
  };
}

/** Choices sorted by `index`, checked to be `count` objects. */
function ordered(choices: unknown, count: number, model: string, itemId: string): Record<string, unknown>[] {
  if (!Array.isArray(choices) || choices.length !== count || choices.some((c) => !c || typeof c !== 'object')) {
    throw new BackendError('malformed', `expected ${count} choice(s), got ${Array.isArray(choices) ? choices.length : typeof choices}`, { model, item: itemId });
  }
  return [...(choices as Record<string, unknown>[])].sort((x, y) => Number(x.index ?? 0) - Number(y.index ?? 0));
}

/** One attempt; every failure becomes a BackendError naming the model (and item). */
async function call<T>(model: string, item: string | undefined, request: () => PromiseLike<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw toBackendError(error, model, item);
  }
}

function toBackendError(error: unknown, model: string, item: string | undefined): unknown {
  if (error instanceof APIUserAbortError) return error;
  if (error instanceof APIConnectionTimeoutError) return new BackendError('timeout', 'no response within the timeout', { model, item, cause: error });
  if (error instanceof APIConnectionError) return new BackendError('network', error.message, { model, item, cause: error });
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    const failure: BackendFailure =
      status === 401 || status === 403 ? 'auth' : status === 404 ? 'not_found' : status === 429 ? 'rate_limit' : status >= 500 ? 'server' : status === 408 ? 'timeout' : 'bad_request';
    return new BackendError(failure, `HTTP ${status}: ${serverMessage(error)}`, { model, item, status, retryAfter: parseRetryAfter(error.headers), cause: error });
  }
  if (error instanceof SyntaxError) return new BackendError('malformed', `invalid JSON (${error.message})`, { model, item, cause: error });
  if (BackendError.isInstance(error)) return error;
  if (error instanceof TypeError) return new BackendError('malformed', error.message, { model, item, cause: error });
  return error;
}

function serverMessage(error: APIError): string {
  // the client hands over the body's `error` field: an object with a message (OpenAI, recent vLLM) or a string
  const body = error.error as { message?: unknown } | string | undefined;
  const text = typeof body === 'string' ? body : typeof body?.message === 'string' ? body.message : error.message.replace(/^\d{3} /, '');
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
