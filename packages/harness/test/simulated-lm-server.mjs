// A loopback OpenAI-compatible server that plays language models of known ability, answering in the shapes
// vLLM uses: /v1/models, /v1/completions with echo + logprobs (tokens, token_logprobs with a null first entry,
// top_logprobs, text_offset), /v1/chat/completions, /tokenize. Model m answers item j correctly when
// u(m, j) < σ(a_j(θ_m − b_j)), u a hash of model and item in [0, 1): the 2PL probability, the same every time.
// Faults (401, 404, 429, 500, invalid JSON, wrong shapes) are injected by a callback. Graded answers come from
// two more callbacks: `mc2Mass` sets the true choices' probability mass of an mc2 item, `sampleCorrect` decides
// each seeded sample of a generate item (k-of-n).
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';

/** The chunk tokenizer: a token is an optional single space and up to 4 non-space characters, or one space. */
export function tokenize(text) {
  return text.match(/\s?[^\s]{1,4}|\s/gsu) ?? [];
}

/** Uniform in [0, 1) from a hash of model and item (48 bits of SHA-256). */
export function uniformFor(model, itemId) {
  const digest = createHash('sha256').update(`${model}\u0000${itemId}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** Whether the simulated `model` of ability theta answers item (a, b) correctly. */
export function answersCorrectly(model, itemId, theta, a, b) {
  return uniformFor(model, itemId) < 1 / (1 + Math.exp(-a * (theta - b)));
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const CHOSEN_RATE = -0.05;
const OTHER_RATE = -2;
const CONTEXT_LOGPROB = -0.7;

/**
 * Starts the server on 127.0.0.1 (a free port).
 * options: { items: item records (as in the items file), bank: { ids, a, b }, models: { name: theta },
 *   apiKey?, latencyMs?, ignoreEcho?, fault?(request: { n, path, model }) => null | 401 | 404 | 429 | 500 | 'invalid-json' | 'no-logprobs' | 'wrong-choices',
 *   mc2Mass?(model, itemId) => mass in (0, 1), sampleCorrect?(model, itemId, seed) => boolean }
 * Returns { url (ends with /v1), close(), log: [{ path, model, itemId, seed?, temperature? }], correct(model, itemId) }.
 */
export async function startSimulatedLmServer(options) {
  const { items, bank, models } = options;
  const params = new Map(bank.ids.map((id, i) => [String(id), { a: bank.a[i], b: bank.b[i] }]));
  const byPrompt = new Map();
  const byChat = new Map();
  for (const item of items) {
    if (item.type === 'multiple_choice' || item.type === 'mc2') {
      item.choices.forEach((choice, k) => byPrompt.set(item.context + choice, { item, k, context: item.context, continuation: choice }));
      byChat.set(letterPrompt(item.context, item.choices), { item, letter: true });
    } else if (item.type === 'multiple_context') {
      item.contexts.forEach((context, k) => byPrompt.set(context + item.continuation, { item, k, context, continuation: item.continuation }));
    } else {
      byChat.set(item.context, { item, letter: false });
    }
  }
  const log = [];
  let n = 0;
  const correct = (model, itemId) => {
    const { a, b } = params.get(itemId);
    return answersCorrectly(model, itemId, models[model], a, b);
  };

  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const delay = options.latencyMs ?? 0;
      const go = () => handle(request, response, body);
      if (delay > 0) setTimeout(go, delay);
      else go();
    });
  });

  function send(response, status, value, headers = {}) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(text);
  }

  function vllmError(response, status, message, type) {
    send(response, status, { error: { message, type, param: null, code: status } }, status === 429 || status >= 500 ? { 'retry-after': '0' } : {});
  }

  function handle(request, response, body) {
    const path = new URL(request.url, 'http://x').pathname;
    const payload = body ? safeJson(body) : {};
    const model = payload?.model;
    const requestNumber = ++n;
    if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) {
      return send(response, 401, { error: 'Unauthorized' });
    }
    const fault = options.fault?.({ n: requestNumber, path, model });
    if (fault === 401) return send(response, 401, { error: 'Unauthorized' });
    if (fault === 404) return vllmError(response, 404, `The model \`${model}\` does not exist.`, 'NotFoundError');
    if (fault === 429) return vllmError(response, 429, 'Too many requests', 'RateLimitError');
    if (fault === 500) return vllmError(response, 500, 'Internal server error', 'InternalServerError');
    if (fault === 'invalid-json') return send(response, 200, '{"id": "cmpl-1", "choices": [');
    if (request.method === 'GET' && path === '/v1/models') {
      return send(response, 200, { object: 'list', data: Object.keys(models).map((id) => ({ id, object: 'model', created: 0, owned_by: 'vllm', root: id, parent: null, max_model_len: 4096 })) });
    }
    if (request.method !== 'POST') return vllmError(response, 404, `no route ${path}`, 'NotFoundError');
    if (path === '/tokenize') return send(response, 200, { count: tokenize(payload.prompt).length, max_model_len: 4096, tokens: tokenize(payload.prompt).map((_, i) => 1000 + i) });
    if (!(model in models)) return vllmError(response, 404, `The model \`${model}\` does not exist.`, 'NotFoundError');
    if (path === '/v1/completions') return completions(response, payload, model, fault);
    if (path === '/v1/chat/completions') return chat(response, payload, model, fault);
    return vllmError(response, 404, `no route ${path}`, 'NotFoundError');
  }

  function completions(response, payload, model, fault) {
    const prompts = Array.isArray(payload.prompt) ? payload.prompt : [payload.prompt];
    const choices = [];
    for (const [index, prompt] of prompts.entries()) {
      const found = byPrompt.get(prompt);
      if (!found) return vllmError(response, 400, `unknown prompt ${JSON.stringify(prompt.slice(0, 40))}`, 'BadRequestError');
      const { item, k, context, continuation } = found;
      if (index === 0) log.push({ path: '/v1/completions', model, itemId: item.id });
      const continuationLength = [...continuation].length;
      const total = item.type === 'mc2' && options.mc2Mass
        ? mc2LogWeight(item, k, options.mc2Mass(model, item.id))
        : (k === chosenOption(item, correct(model, item.id)) ? CHOSEN_RATE : OTHER_RATE) * continuationLength;
      const contextLength = [...context].length;
      const tokens = tokenize(prompt);
      const textOffset = [];
      const tokenLogprobs = [];
      let at = 0;
      tokens.forEach((token, i) => {
        const length = [...token].length;
        textOffset.push(at);
        const inContinuation = Math.max(0, at + length - Math.max(at, contextLength));
        tokenLogprobs.push(i === 0 ? null : inContinuation > 0 ? (total * inContinuation) / continuationLength : CONTEXT_LOGPROB);
        at += length;
      });
      const generated = ' the';
      const echo = payload.echo && !options.ignoreEcho;
      const logprobs = echo
        ? { text_offset: [...textOffset, at], token_logprobs: [...tokenLogprobs, -0.3], tokens: [...tokens, generated], top_logprobs: [null, ...tokens.slice(1).map((t, i) => ({ [t]: tokenLogprobs[i + 1] })), { [generated]: -0.3 }] }
        : { text_offset: [at], token_logprobs: [-0.3], tokens: [generated], top_logprobs: [{ [generated]: -0.3 }] };
      choices.push({ index, text: echo ? prompt + generated : generated, logprobs: fault === 'no-logprobs' ? null : logprobs, finish_reason: 'length', stop_reason: null, prompt_logprobs: null });
    }
    if (fault === 'wrong-choices') choices.pop();
    send(response, 200, { id: `cmpl-${n}`, object: 'text_completion', created: 0, model, choices, usage: { prompt_tokens: 1, total_tokens: 2, completion_tokens: 1 } });
  }

  function chat(response, payload, model) {
    const prompt = payload.messages?.at(-1)?.content;
    const found = byChat.get(prompt);
    if (!found) return vllmError(response, 400, 'unknown prompt', 'BadRequestError');
    const { item, letter } = found;
    const sampled = payload.seed !== undefined && !letter && options.sampleCorrect;
    log.push({ path: '/v1/chat/completions', model, itemId: item.id, ...(payload.seed !== undefined ? { seed: payload.seed, temperature: payload.temperature } : {}) });
    const right = sampled ? options.sampleCorrect(model, item.id, payload.seed) : correct(model, item.id);
    let content;
    if (letter) {
      const chosen = chosenOption(item, right);
      content = `The answer is ${LETTERS[chosen]}.`;
    } else {
      const target = Number(String(item.target).replace(/[,$]/g, ''));
      const said = right ? target : target + 1;
      // GSM8K's worked-answer format ends with "#### <number>" (what its few-shot examples teach)
      content = `Let me think. 2 + 2 = 4, so the total is $${said.toLocaleString('en-US')}.\n#### ${said.toLocaleString('en-US')}\n\nQuestion: more`;
      const stop = payload.stop ?? [];
      for (const s of stop) {
        const at = content.indexOf(s);
        if (at >= 0) content = content.slice(0, at);
      }
    }
    send(response, 200, { id: `chat-${n}`, object: 'chat.completion', created: 0, model, choices: [{ index: 0, message: { role: 'assistant', content, tool_calls: [] }, logprobs: null, finish_reason: 'stop', stop_reason: null }], usage: { prompt_tokens: 1, total_tokens: 2, completion_tokens: 1 } });
  }

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/v1`,
    log,
    correct,
    get requests() {
      return n;
    },
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

/**
 * The option a model favours: the right one when it answers correctly, else the next wrong one. For mc2 the
 * first true choice or the first false one (so the true choices' probability mass lands above or below 0.5);
 * for multiple_context the context index.
 */
function chosenOption(item, right) {
  if (item.type === 'mc2') return right ? item.answers[0] : item.choices.findIndex((_, k) => !item.answers.includes(k));
  const n = item.type === 'multiple_context' ? item.contexts.length : item.choices.length;
  return right ? item.answer : (item.answer + 1) % n;
}

/** Log-likelihood of choice k when the true choices share `mass` equally and the false ones the rest. */
function mc2LogWeight(item, k, mass) {
  const nTrue = item.answers.length;
  return item.answers.includes(k) ? Math.log(mass / nTrue) : Math.log((1 - mass) / (item.choices.length - nTrue));
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** Same prompt as the harness's letterPrompt (kept in step by a test). */
export function letterPrompt(context, choices) {
  const options = choices.map((choice, k) => `${LETTERS[k]}. ${choice.trim()}`).join('\n');
  return `${context.trimEnd()}\n\n${options}\n\nReply with the letter of the correct option only.`;
}
