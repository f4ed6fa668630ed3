import { describe, expect, it } from 'vitest';
import { BackendError, characterLength, chooseContinuation, normalizationLength, continuationLogLikelihood, cutAtStop, extractAnswer, isCorrectReply, letterPrompt, normalizeAnswer, parseLetter } from '../src/index';
import { letterPrompt as simulatedLetterPrompt, tokenize } from './simulated-lm-server.mjs';

/** Echoed logprobs for `tokens`, offsets from their lengths (in code points), the first logprob null. */
function echoed(tokens: string[], logprobs: (number | null)[]) {
  const textOffset: number[] = [];
  let at = 0;
  for (const token of tokens) {
    textOffset.push(at);
    at += characterLength(token);
  }
  return { tokens, tokenLogprobs: logprobs, textOffset };
}

describe('continuationLogLikelihood (boundary by text_offset)', () => {
  it('sums the continuation tokens and ignores the context and the generated token', () => {
    // "The sky is" (10 characters) + " blue" (5); " ." is the one generated token after the prompt
    const lp = echoed(['The', ' sky', ' is', ' bl', 'ue', ' .'], [null, -2, -1, -0.5, -0.25, -3]);
    expect(continuationLogLikelihood(lp, 10, 15)).toBe(-0.5 + -0.25);
  });

  it('counts a token that straddles the boundary (the continuation starts mid-token) toward the continuation', () => {
    // context "Answer: (" (9), continuation "A)": the tokenizer made one token " (A)" of characters 7–11
    const lp = echoed(['Answ', 'er:', ' (A)', ' the'], [null, -1.5, -0.25, -3]);
    expect(continuationLogLikelihood(lp, 9, 11)).toBe(-0.25);
    // the simulated server's tokenizer does make that token
    expect(tokenize('Answer: (A)')).toEqual(['Answ', 'er:', ' (A)']);
  });

  it('skips the first token\'s null log-probability when the context covers it', () => {
    const lp = echoed(['Q', ':', ' yes'], [null, -1, -0.75]);
    expect(continuationLogLikelihood(lp, 2, 6)).toBe(-0.75);
  });

  it('fails (malformed) when a continuation token has no log-probability, naming the first-token case', () => {
    const first = echoed(['AB', 'C'], [null, -1]);
    expect(() => continuationLogLikelihood(first, 1, 3)).toThrow(/continuation token 0 \("AB"\) has no log-probability: the context must cover at least the first token/);
    const later = echoed(['Q', ':', ' yes'], [null, -1, null]);
    const error = (() => {
      try {
        continuationLogLikelihood(later, 2, 6);
      } catch (e) {
        return e as BackendError;
      }
    })();
    expect(BackendError.isInstance(error)).toBe(true);
    expect(error!.failure).toBe('malformed');
    expect(() => continuationLogLikelihood({ tokens: ['a'], tokenLogprobs: [null, -1], textOffset: [0] }, 0, 1)).toThrow(/token_logprobs has 2 entries, text_offset 1/);
  });

  it('counts characters as code points, as vLLM\'s offsets and acc_norm do', () => {
    expect(characterLength('😀 ok')).toBe(4);
    expect('😀 ok'.length).toBe(5);
    // context "😀 is" is 4 characters; the continuation " ok" follows
    const lp = echoed(['😀', ' is', ' ok'], [null, -1, -0.5]);
    expect(continuationLogLikelihood(lp, characterLength('😀 is'), characterLength('😀 is ok'))).toBe(-0.5);
  });
});

describe('chooseContinuation (acc and acc_norm)', () => {
  it('acc takes the largest log-likelihood; acc_norm the largest per character', () => {
    // -4/3 ≈ -1.33 < -5/11 ≈ -0.45
    expect(chooseContinuation([-4, -5], [' no', ' yes indeed'], 'acc')).toBe(0);
    expect(chooseContinuation([-4, -5], [' no', ' yes indeed'], 'acc_norm')).toBe(1);
  });

  it('breaks ties toward the lowest index, as numpy argmax', () => {
    expect(chooseContinuation([-1, -1, -2], [' a', ' b', ' c'], 'acc')).toBe(0);
    expect(chooseContinuation([-3, -1, -1], [' aa', ' b', ' c'], 'acc_norm')).toBe(1); // -1.5, -1, -1
  });

  it('acc_norm divides by the choice without its leading delimiter, as the harness takes len(choice)', () => {
    // without the space: -2.4/2 = -1.2 < -4.6/4 = -1.15, so choice 1; counting it would give -0.8 > -0.92, choice 0
    expect(chooseContinuation([-2.4, -4.6], [' ab', ' abcd'], 'acc_norm')).toBe(1);
    expect(normalizationLength(' abcd')).toBe(4);
    expect(normalizationLength('abcd')).toBe(4);
  });
});

describe('answer extraction (GSM8K flexible-extract)', () => {
  it('takes the last number, with $ and commas removed', () => {
    expect(extractAnswer('She had 3 boxes of 12, so 36 eggs; at $2 a dozen she pays $1,234.')).toBe('$1,234.');
    expect(isCorrectReply('She had 3 boxes, so she pays $1,234.', '1234')).toBe(true);
    expect(isCorrectReply('She had 3 boxes, so she pays $1,234.', 'Natalia sold 48/2 = 24 clips.\n#### 1,234')).toBe(true);
    expect(isCorrectReply('The answer is -7', '-7')).toBe(true);
    expect(isCorrectReply('I think 12 or maybe 13', '12')).toBe(false);
    expect(isCorrectReply('no number here', '12')).toBe(false);
  });

  it('uses an item\'s own regex: last match, first group', () => {
    expect(extractAnswer('(A) first, then (C) final', '\\(([A-D])\\)')).toBe('C');
    expect(isCorrectReply('The answer is: yes.', 'yes', 'answer is: (\\w+)')).toBe(true);
  });

  it('normalizes both sides as exact_match with GSM8K\'s ignores', () => {
    expect(normalizeAnswer(' $1,000. ')).toBe('1000');
    expect(normalizeAnswer('steps\n#### 72')).toBe('72');
  });

  it('cuts the reply at the first stop sequence', () => {
    expect(cutAtStop('42\n\nQuestion: next\n\n', ['Question:', '\n\n\n'])).toBe('42\n\n');
    expect(cutAtStop('no stop', [])).toBe('no stop');
  });
});

describe('letters for --mc-mode generate', () => {
  it('parses the first standalone option letter', () => {
    expect(parseLetter('The answer is (C).', 4)).toBe(2);
    expect(parseLetter('B', 2)).toBe(1);
    expect(parseLetter('E', 4)).toBe(-1);
    expect(parseLetter('Definitely D.', 4)).toBe(3);
  });

  it('asks the same prompt the simulated server expects', () => {
    expect(letterPrompt('Q: 2 + 2 =\nAnswer:', [' 3', ' 4'])).toBe(simulatedLetterPrompt('Q: 2 + 2 =\nAnswer:', [' 3', ' 4']));
    expect(letterPrompt('Q: 2 + 2 =\nAnswer:', [' 3', ' 4'])).toBe('Q: 2 + 2 =\nAnswer:\n\nA. 3\nB. 4\n\nReply with the letter of the correct option only.');
  });
});
