// `--mc-mode generate`: multiple choice for servers without prompt log-probabilities (llama.cpp, Ollama, hosted
// chat APIs). The model sees the options with letters and is asked for the letter; the bank was calibrated on
// log-likelihood scoring, so abilities measured this way are on a related but not identical scale.

/** Letters of the options, A to Z. */
export const OPTION_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * The prompt that asks for the letter of the right option.
 *
 * @example
 * ```ts
 * letterPrompt('Question: 2 + 2 =\nAnswer:', [' 3', ' 4']);
 * // returns 'Question: 2 + 2 =\nAnswer:\n\nA. 3\nB. 4\n\nReply with the letter of the correct option only.'
 * ```
 */
export function letterPrompt(context: string, choices: readonly string[]): string {
  const options = choices.map((choice, k) => `${OPTION_LETTERS[k]}. ${choice.trim()}`).join('\n');
  return `${context.trimEnd()}\n\n${options}\n\nReply with the letter of the correct option only.`;
}

/**
 * The option index a reply names: the first standalone letter among the options' letters, or -1.
 *
 * @example
 * ```ts
 * parseLetter('The answer is (C).', 4); // returns 2
 * parseLetter('B', 2);                 // returns 1
 * parseLetter('I am not sure', 4);     // returns -1
 * ```
 */
export function parseLetter(reply: string, nChoices: number): number {
  const letters = OPTION_LETTERS.slice(0, nChoices);
  const match = new RegExp(`(?:^|[^A-Za-z])([${letters}])(?![A-Za-z])`).exec(reply);
  return match ? letters.indexOf(match[1]) : -1;
}
