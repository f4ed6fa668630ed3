import { BackendError } from '../errors';

/** The echoed prompt's tokens as an OpenAI-compatible `/completions` response gives them (`choices[k].logprobs`). */
export interface EchoedLogprobs {
  tokens: readonly string[];
  /** Log-probability of each token given the ones before it; the first prompt token has none (null). */
  tokenLogprobs: readonly (number | null)[];
  /** Character offset of each token in the echoed text (code points, as Python's `len` counts). */
  textOffset: readonly number[];
}

/**
 * Length in characters as Python (and so vLLM's `text_offset`, and lm-evaluation-harness's `acc_norm`) counts
 * them: code points, not UTF-16 units.
 *
 * @example
 * ```ts
 * characterLength('héllo'); // returns 5
 * characterLength('😀');    // returns 1
 * ```
 */
export function characterLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/**
 * The log-likelihood of the continuation `prompt[contextLength:promptLength]` from an echoed prompt's token
 * log-probabilities, with the boundary found by `text_offset`: token i spans `[offset[i], offset[i+1])`, the
 * continuation's tokens are the prompt tokens that end after `contextLength`. A token that straddles the
 * boundary (the continuation starts mid-token) belongs to the continuation: its probability is the first that
 * depends on the continuation's text. Tokens at or after `promptLength` (the one generated token) are ignored.
 * Lengths are in characters ({@link characterLength}).
 *
 * @throws {BackendError} `malformed` when the arrays disagree or a continuation token has no log-probability
 * (for instance the first prompt token, when the context does not cover it).
 * @example
 * ```ts
 * // "The sky is" + " blue", tokens "The"," sky"," is"," blue"," ." (the last one generated)
 * continuationLogLikelihood({ tokens: ['The', ' sky', ' is', ' blue', ' .'], tokenLogprobs: [null, -2, -1, -0.5, -3],
 *   textOffset: [0, 3, 7, 10, 15] }, 10, 15); // returns -0.5
 * ```
 */
export function continuationLogLikelihood(logprobs: EchoedLogprobs, contextLength: number, promptLength: number): number {
  const { tokenLogprobs, textOffset } = logprobs;
  const n = textOffset.length;
  if (tokenLogprobs.length !== n) throw new BackendError('malformed', `logprobs.token_logprobs has ${tokenLogprobs.length} entries, text_offset ${n}`);
  let promptTokens = 0;
  while (promptTokens < n && textOffset[promptTokens] < promptLength) promptTokens++;
  let total = 0;
  let counted = 0;
  for (let i = 0; i < promptTokens; i++) {
    const end = i + 1 < promptTokens ? textOffset[i + 1] : promptLength;
    if (end <= contextLength) continue;
    const value = tokenLogprobs[i];
    if (typeof value !== 'number' || Number.isNaN(value)) {
      throw new BackendError('malformed', `continuation token ${i} (${JSON.stringify(logprobs.tokens[i] ?? '')}) has no log-probability${i === 0 ? ': the context must cover at least the first token' : ''}`);
    }
    total += value;
    counted++;
  }
  if (counted === 0) throw new BackendError('malformed', `no echoed token covers characters ${contextLength}–${promptLength} of the prompt`);
  return total;
}
