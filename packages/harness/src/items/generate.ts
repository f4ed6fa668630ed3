import { cutAtStop, isCorrectReply } from '../scoring/extract';
import { requireString, stringList, type BaseItem, type ItemKind } from './item-kind';

/** Tokens a `generate` item may produce unless it says `max_tokens`. */
export const DEFAULT_GENERATE_MAX_TOKENS = 256;

/**
 * A generative item: the reply to `context`, cut at the first of `until`, is correct when its extracted answer
 * (`extract`, a regular expression; default the last number) equals `target` (both normalized as GSM8K's
 * exact_match: commas, `$`, "... #### " and a final "." ignored). With k-of-n sampling (`samples: n`) the item
 * is asked n times at the sampling temperature (seeds 0…n−1) and scores k/n, k the replies that are correct.
 */
export interface GenerateItem extends BaseItem {
  type: 'generate';
  context: string;
  target: string;
  until: string[];
  /** Regular expression of the answer (last match, first group); default the last number in the reply. */
  extract?: string;
  maxTokens: number;
}

/** The `generate` kind. */
export const generateKind: ItemKind<GenerateItem> = {
  type: 'generate',
  parse(id, record) {
    const context = requireString(record, 'context', { nonEmpty: true });
    const rawTarget = record.get('target');
    if (!(typeof rawTarget === 'string' || typeof rawTarget === 'number')) record.fail('target', rawTarget, rawTarget === undefined ? 'is missing' : 'must be a string or a number');
    const until = stringList(record, 'until');
    const extract = record.get('extract');
    if (extract !== undefined && extract !== null) {
      if (typeof extract !== 'string' || extract === '') record.fail('extract', extract, 'must be a regular expression (a non-empty string)');
      try {
        new RegExp(extract as string, 'g');
      } catch (error) {
        record.fail('extract', extract, `is not a valid regular expression (${(error as Error).message})`);
      }
    }
    const maxTokens = (record.get('max_tokens') ?? DEFAULT_GENERATE_MAX_TOKENS) as number;
    if (!(typeof maxTokens === 'number' && Number.isInteger(maxTokens) && maxTokens >= 1)) record.fail('max_tokens', maxTokens, 'must be a positive integer');
    const item: GenerateItem = { id, type: 'generate', context, target: String(rawTarget), until, maxTokens };
    if (typeof extract === 'string') item.extract = extract;
    return item;
  },
  request(item, _mcMode, sampling) {
    const request = { kind: 'generate', prompt: item.context, until: item.until, max_tokens: item.maxTokens };
    return sampling ? { ...request, samples: sampling.samples, temperature: sampling.temperature } : request;
  },
  async ask(item, { backend, model, sampling, signal }) {
    const ask = async (seed?: number) => {
      const sampled = seed === undefined ? {} : { temperature: sampling!.temperature, seed };
      const raw = await backend.generate({ model, itemId: item.id, prompt: item.context, until: item.until, maxTokens: item.maxTokens, ...sampled, signal });
      return cutAtStop(raw, item.until);
    };
    if (!sampling) {
      const reply = await ask();
      return { correct: isCorrectReply(reply, item.target, item.extract) ? 1 : 0, reply };
    }
    // one sample after another, so --concurrency bounds the requests in flight
    const replies: string[] = [];
    for (let seed = 0; seed < sampling.samples; seed++) replies.push(await ask(seed));
    const right = replies.filter((reply) => isCorrectReply(reply, item.target, item.extract)).length;
    return { correct: right / sampling.samples, replies };
  },
};
