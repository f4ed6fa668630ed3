// Answer extraction for generated replies, following lm-evaluation-harness's GSM8K "flexible-extract" filter
// and its exact_match normalization (commas, `$`, a leading "... #### " and a final "." are ignored).

/** lm-evaluation-harness's flexible-extract pattern: a number with optional sign, `$`, commas and decimals. */
export const LAST_NUMBER_PATTERN = '(-?[$0-9.,]{2,})|(-?[0-9]+)';

/**
 * The answer in a reply: the last match of `pattern` (its first non-empty group, else the whole match), or
 * null when nothing matches. Default pattern: {@link LAST_NUMBER_PATTERN}.
 *
 * @example
 * ```ts
 * extractAnswer('3 + 4 = 7, so she pays $1,234.'); // returns '$1,234.'
 * extractAnswer('The answer is (B).', '\\(([A-D])\\)'); // returns 'B'
 * extractAnswer('no digits');                       // returns null
 * ```
 */
export function extractAnswer(reply: string, pattern: string = LAST_NUMBER_PATTERN): string | null {
  let last: RegExpExecArray | null = null;
  const matcher = new RegExp(pattern, 'g');
  for (let match = matcher.exec(reply); match; match = matcher.exec(reply)) {
    last = match;
    if (match[0] === '') matcher.lastIndex++;
  }
  if (!last) return null;
  const group = last.slice(1).find((value) => value !== undefined && value !== '');
  return group ?? last[0];
}

/**
 * The normalized form both the extracted answer and the target are compared in (GSM8K's exact_match
 * settings: drop commas and `$`, everything up to "#### ", a final ".", surrounding space).
 *
 * @example
 * ```ts
 * normalizeAnswer('$1,234.');            // returns '1234'
 * normalizeAnswer('so 3 + 4 = 7\n#### 7'); // returns '7'
 * ```
 */
export function normalizeAnswer(text: string): string {
  return text.replace(/^[\s\S]*#### /, '').replace(/[,$]/g, '').trim().replace(/\.$/, '');
}

/**
 * Whether a reply answers `target`: the extracted answer equals the target once both are normalized.
 *
 * @example
 * ```ts
 * isCorrectReply('... so the total is $1,234.', '#### 1234'); // returns true
 * isCorrectReply('... so the total is 12.', '1234');           // returns false
 * ```
 */
export function isCorrectReply(reply: string, target: string, pattern?: string): boolean {
  const answer = extractAnswer(reply, pattern);
  return answer !== null && normalizeAnswer(answer) === normalizeAnswer(target);
}

/**
 * The reply cut before the first stop sequence (servers should stop there, but not all do).
 *
 * @example
 * ```ts
 * cutAtStop('42\n\nQuestion: next', ['Question:']); // returns '42\n\n'
 * ```
 */
export function cutAtStop(reply: string, until: readonly string[]): string {
  let end = reply.length;
  for (const stop of until) {
    if (!stop) continue;
    const at = reply.indexOf(stop);
    if (at >= 0 && at < end) end = at;
  }
  return reply.slice(0, end);
}
