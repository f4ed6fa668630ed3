import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  BENCHMARKS,
  DataFormatError,
  HubError,
  InvalidArgumentError,
  ITEMS_CACHE_FOLDER,
  buildBenchmarkItems,
  ensureBenchmarkItems,
  type Benchmark,
  type LiveItem,
} from '../src/node';
import { ARC_COLUMNS, ARC_TEST, ARC_TRAIN, BANK_IDS, DATASET_COMMIT, itemsHubOptions, writeParquet } from './benchmark-sources-fixture';
import type { FakeHub } from '../src/testing';
import { useHubSandbox } from './hub-sandbox';

// Which training documents the harness's generator gives each evaluated document (shuffle with seed 42,
// then one sample per document): drawn by CPython in fixtures/python-random/generate.py.
const draws = JSON.parse(readFileSync(new URL('./fixtures/python-random/expected.json', import.meta.url), 'utf8')).cases.fixture_draws as Record<
  string,
  Record<string, number[]>
>;

const sandbox = useHubSandbox('fluidbench-items-');
let scratch: string;
let cacheDir: string;
beforeEach(() => ({ dir: scratch, cacheDir } = sandbox.current));

async function serve(options = itemsHubOptions()): Promise<FakeHub> {
  return sandbox.current.serve(options);
}

const byId = (items: LiveItem[]): Map<string, LiveItem> => new Map(items.map((item) => [item.id, item]));

// The expected prompts below are written by hand from lm-evaluation-harness's task files at the leaderboard's
// commit (b281b09): arc.py, hellaswag.py, hendrycks_test.py, truthfulqa.py, winogrande.py, gsm8k.py and
// base.py's fewshot_context (description + "\n\n", examples joined and followed by "\n\n", then the document).
describe('ensureBenchmarkItems: prompts as the leaderboard harness writes them', () => {
  it('ARC-Challenge: "Question: …\\nAnswer:" with the drawn examples, choices with a leading space, acc_norm', async () => {
    const server = await serve();
    expect(draws.arc_challenge['0']).toEqual([28, 17]);
    expect(draws.arc_challenge['1']).toEqual([23, 3]);
    const { items, report } = await ensureBenchmarkItems('arc_challenge', { hubUrl: server.url, cacheDir, shots: 2 });
    expect(items).toEqual([
      {
        id: 'arc_challenge_0',
        type: 'multiple_choice',
        context:
          'Question: Train question 28?\nAnswer: right 28\n\nQuestion: Train question 17?\nAnswer: right 17\n\n' +
          'Question: Which gas do plants take in from the air?\nAnswer:',
        choices: [' oxygen', ' carbon dioxide', ' nitrogen', ' helium'],
        answer: 1,
        metric: 'acc_norm',
      },
      {
        // answerKey "1" with labels 1-3: the harness maps digits to letters, gold is index 0
        id: 'arc_challenge_1',
        type: 'multiple_choice',
        context:
          'Question: Train question 23?\nAnswer: right 23\n\nQuestion: Train question 3?\nAnswer: right 3\n\n' +
          'Question: Which tool measures the mass of a rock?\nAnswer:',
        choices: [' a balance', ' a ruler', ' a thermometer'],
        answer: 0,
        metric: 'acc_norm',
      },
    ]);
    // arc_challenge_1's text differs in case and spacing; _2's text is in no document; _3 is not in the map.
    expect(report).toMatchObject({ benchmark: 'arc_challenge', items: 4, exact: 1, normalized: 1, unmatched: ['arc_challenge_2'], missing: ['arc_challenge_3'], ambiguous: [], built: 2, shots: 2, seed: 42 });
    expect(report.dataset).toEqual({ repo: 'allenai/fluid-benchmarking', commit: DATASET_COMMIT });
    expect(report.sources).toEqual([
      { repo: 'allenai/ai2_arc', revision: 'main', commit: '1'.repeat(40), files: ['ARC-Challenge/test-00000-of-00001.parquet', 'ARC-Challenge/train-00000-of-00001.parquet'] },
    ]);
  });

  it('HellaSwag: preprocessed query and endings; equal texts told apart by choices, else ambiguous and left out', async () => {
    const server = await serve();
    expect(draws.hellaswag['0']).toEqual([1, 9]);
    expect(draws.hellaswag['2']).toEqual([3, 11]);
    const { items, report } = await ensureBenchmarkItems('hellaswag', { hubUrl: server.url, cacheDir, shots: 2 });
    const built = byId(items);
    expect(built.get('hellaswag_0')).toEqual({
      id: 'hellaswag_0',
      type: 'multiple_choice',
      context:
        'Activity 1: Someone does step 1. Then ends well 1.\n\nActivity 9: Someone does step 9. Then ends well 9.\n\n' +
        'Education and Communications: How to beat the pink tax. Read labels carefully. Before making a purchase, scrutinize the label. This can help you identify the pink tax.',
      choices: [' You may think products are marked up fairly. However, many are not.', ' Look for words. that indicate quality.', ' Do not buy anything.', ' Realize the differences between labels.'],
      answer: 0,
      metric: 'acc_norm',
    });
    // hellaswag_1 shares its text with two documents; its choices are those of the second (row 3).
    expect(built.get('hellaswag_1')).toEqual({
      id: 'hellaswag_1',
      type: 'multiple_choice',
      context: 'Activity 3: Someone does step 3. Then ends well 3.\n\nActivity 11: Someone does step 11. Then ends well 11.\n\nSkiing: A man is skiing down a hill. He turns left',
      choices: [' He sings.', ' He eats.', ' He reads.', ' He sleeps.'],
      answer: 3,
      metric: 'acc_norm',
    });
    expect(report).toMatchObject({ items: 4, exact: 3, normalized: 0, ambiguous: ['hellaswag_2'], unmatched: [], missing: [], built: 3 });
    expect(items.map((item) => item.id)).toEqual(['hellaswag_0', 'hellaswag_1', 'hellaswag_3']);
  });

  it('MMLU: subject description, the first dev questions in order, " A"-" D", acc; equal questions kept apart by subject', async () => {
    const server = await serve();
    const { items, report } = await ensureBenchmarkItems('mmlu', { hubUrl: server.url, cacheDir, shots: 2 });
    expect(items[0]).toEqual({
      id: 'mmlu_abstract_algebra_0',
      type: 'multiple_choice',
      context:
        'The following are multiple choice questions (with answers) about abstract algebra.\n\n' +
        'abstract_algebra dev question 0?\nA. a0\nB. b0\nC. c0\nD. d0\nAnswer: A\n\n' +
        'abstract_algebra dev question 1?\nA. a1\nB. b1\nC. c1\nD. d1\nAnswer: B\n\n' +
        'Find the order of the group Z_4.\nA. 1\nB. 2\nC. 3\nD. 4\nAnswer:',
      choices: [' A', ' B', ' C', ' D'],
      answer: 3,
      metric: 'acc',
    });
    expect(items.map((item) => [item.id, (item as { answer: number }).answer])).toEqual([
      ['mmlu_abstract_algebra_0', 3],
      ['mmlu_abstract_algebra_1', 1],
      ['mmlu_anatomy_0', 0],
    ]);
    expect((items[2] as { context: string }).context.startsWith('The following are multiple choice questions (with answers) about anatomy.\n\nanatomy dev question 0?')).toBe(true);
    expect(report).toMatchObject({ exact: 3, ambiguous: [], built: 3 });
  });

  it('TruthfulQA: zero-shot after the six fixed pairs, MC2 choices with the true ones marked', async () => {
    const server = await serve();
    const { items } = await ensureBenchmarkItems('truthfulqa_mc2', { hubUrl: server.url, cacheDir });
    const qaPrompt =
      'Q: What is human life expectancy in the United States?\nA: Human life expectancy in the United States is 78 years.\n\n' +
      'Q: Who was president of the United States in 1955?\nA: Dwight D. Eisenhower was president of the United States in 1955.\n\n' +
      'Q: Which party did he belong to?\nA: He belonged to the Republican Party.\n\n' +
      'Q: What is the square root of banana?\nA: I have no comment.\n\n' +
      'Q: How does a telescope work?\nA: Telescopes use lenses or mirrors to focus light and make objects appear closer.\n\n' +
      'Q: Where were the 1992 Olympics held?\nA: The 1992 Olympics were held in Barcelona, Spain.';
    expect(items).toEqual([
      {
        id: 'truthfulqa_mc2_0',
        type: 'mc2',
        context: `${qaPrompt}\n\nQ: What happens if you crack your knuckles a lot?\nA:`,
        choices: [' Nothing in particular happens.', ' It is harmless.', ' You will get arthritis.'],
        answers: [0, 1],
      },
      {
        id: 'truthfulqa_mc2_1',
        type: 'mc2',
        context: `${qaPrompt}\n\nQ: What color is the sun when viewed from space?\nA:`,
        choices: [' The sun is white.', ' The sun is yellow.', ' The sun is orange.'],
        answers: [0],
      },
    ]);
    await expect(ensureBenchmarkItems('truthfulqa_mc2', { hubUrl: server.url, cacheDir, shots: 3 })).rejects.toThrow(InvalidArgumentError);
  });

  it('WinoGrande: one context per option (partial scoring), the rest of the sentence the shared continuation', async () => {
    const server = await serve();
    expect(draws.winogrande).toEqual({ '1': [0, 5], '0': [4, 1] });
    const { items } = await ensureBenchmarkItems('winogrande', { hubUrl: server.url, cacheDir, shots: 2 });
    const shots = (a: number, b: number): string => `Pat gave Sam book ${a} because Pat was done with it.\n\nPat gave Sam book ${b} because Pat was done with it.\n\n`;
    expect(items).toEqual([
      {
        id: 'winogrande_0',
        type: 'multiple_context',
        contexts: [`${shots(4, 1)}Sarah was a much better surgeon than Maria so Sarah`, `${shots(4, 1)}Sarah was a much better surgeon than Maria so Maria`],
        continuation: ' always got the harder cases.',
        answer: 0,
        metric: 'acc',
      },
      {
        id: 'winogrande_1',
        type: 'multiple_context',
        contexts: [`${shots(0, 5)}The trophy does not fit into the suitcase because trophy`, `${shots(0, 5)}The trophy does not fit into the suitcase because suitcase`],
        continuation: ' is too small.',
        answer: 1,
        metric: 'acc',
      },
    ]);
  });

  it('GSM8K: "Question: …\\nAnswer:" examples with their worked answers, the number after #### as target', async () => {
    const server = await serve();
    const { items } = await ensureBenchmarkItems('gsm8k', { hubUrl: server.url, cacheDir, shots: 2 });
    expect(items).toEqual([
      {
        id: 'gsm8k_0',
        type: 'generate',
        context:
          'Question: What is 4 + 1?\nAnswer: 4 + 1 = <<4+1=5>>5\n#### 5\n\nQuestion: What is 1 + 1?\nAnswer: 1 + 1 = <<1+1=2>>2\n#### 2\n\n' +
          'Question: Tom has 3 apples and buys 4 more. How many apples does he have?\nAnswer:',
        target: '7',
        until: [':', 'Question:', 'Question'],
        extract: '#### (-?[0-9.,]+)',
      },
      {
        id: 'gsm8k_1',
        type: 'generate',
        context:
          'Question: What is 0 + 1?\nAnswer: 0 + 1 = <<0+1=1>>1\n#### 1\n\nQuestion: What is 5 + 1?\nAnswer: 5 + 1 = <<5+1=6>>6\n#### 6\n\n' +
          'Question: A farm sells 1,200 eggs a day for 2 days. How many eggs is that?\nAnswer:',
        target: '2400',
        until: [':', 'Question:', 'Question'],
        extract: '#### (-?[0-9.,]+)',
      },
    ]);
  });

  it('the leaderboard shot counts by default: 25, 10, 5, 0, 5, 5 examples', async () => {
    const server = await serve();
    const counts: Record<string, number> = {};
    for (const benchmark of BENCHMARKS) {
      const { items, report } = await ensureBenchmarkItems(benchmark, { hubUrl: server.url, cacheDir });
      counts[benchmark] = report.shots;
      const first = items[0];
      const context = 'context' in first ? first.context : first.contexts[0];
      // examples + the document itself, separated by blank lines (MMLU adds its description)
      const blocks = context.split('\n\n').length - (benchmark === 'truthfulqa_mc2' ? 6 : benchmark === 'mmlu' ? 1 : 0);
      expect(blocks, benchmark).toBe(report.shots + 1);
    }
    expect(counts).toEqual({ arc_challenge: 25, gsm8k: 5, hellaswag: 10, mmlu: 5, truthfulqa_mc2: 0, winogrande: 5 });
  });
});

describe('ensureBenchmarkItems: the cache', () => {
  it('keeps the items beside the dataset, reads them back with no request, and rebuilds offline byte for byte', async () => {
    const server = await serve();
    const first = await ensureBenchmarkItems('winogrande', { hubUrl: server.url, cacheDir });
    expect(first.fromCache).toBe(false);
    expect(first.path).toBe(join(cacheDir, 'datasets--allenai--fluid-benchmarking', ITEMS_CACHE_FOLDER, DATASET_COMMIT, 'winogrande.5-shot.seed-42.jsonl'));
    const bytes = await readFile(first.path, 'utf8');
    expect(bytes.split('\n').filter(Boolean).map((line) => JSON.parse(line))).toEqual(first.items);

    const requests = server.requests.length;
    const again = await ensureBenchmarkItems('winogrande', { hubUrl: server.url, cacheDir });
    expect(again.fromCache).toBe(true);
    expect(again.items).toEqual(first.items);
    expect(server.requests.length).toBe(requests);

    await server.close();
    const rebuilt = await ensureBenchmarkItems('winogrande', { hubUrl: server.url, cacheDir, offline: true, rebuild: true });
    expect(rebuilt.fromCache).toBe(false);
    expect(await readFile(rebuilt.path, 'utf8')).toBe(bytes);
    expect(rebuilt.report).toEqual(first.report);
  });

  it('offline with nothing cached is a HubError that says so', async () => {
    const error = await ensureBenchmarkItems('gsm8k', { hubUrl: 'http://127.0.0.1:9', cacheDir, offline: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).reason).toBe('offline-miss');
  });
});

describe('ensureBenchmarkItems: bad inputs', () => {
  it('a truncated parquet file is a DataFormatError naming it, and nothing is written', async () => {
    const whole = writeParquet(ARC_COLUMNS, ARC_TEST);
    const server = await serve(
      itemsHubOptions({ sources: { arc_challenge: { 'ARC-Challenge/test-00000-of-00001.parquet': whole.subarray(0, whole.length - 40), 'ARC-Challenge/train-00000-of-00001.parquet': writeParquet(ARC_COLUMNS, ARC_TRAIN) } } }),
    );
    const error = await ensureBenchmarkItems('arc_challenge', { hubUrl: server.url, cacheDir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataFormatError);
    expect((error as Error).message).toMatch(/^allenai\/ai2_arc: ARC-Challenge\/test-00000-of-00001\.parquet: not a complete parquet file/);
    expect(existsSync(join(cacheDir, 'datasets--allenai--fluid-benchmarking', ITEMS_CACHE_FOLDER))).toBe(false);
  });

  it('a download cut off halfway is an error and leaves no items', async () => {
    const options = itemsHubOptions();
    const server = await serve({ ...options, truncate: new Set(['main/test-00000-of-00001.parquet']) });
    await expect(ensureBenchmarkItems('gsm8k', { hubUrl: server.url, cacheDir })).rejects.toThrow();
    expect(existsSync(join(cacheDir, 'datasets--allenai--fluid-benchmarking', ITEMS_CACHE_FOLDER))).toBe(false);
  });

  it('an item map entry without text names the item', async () => {
    const options = itemsHubOptions();
    const files = options.commits[DATASET_COMMIT];
    files['data/id_to_item_map.json'] = JSON.stringify({ gsm8k_0: { answer: '7' } });
    const server = await serve(options);
    await expect(ensureBenchmarkItems('gsm8k', { hubUrl: server.url, cacheDir })).rejects.toThrow(
      /^data\/id_to_item_map\.json, item "gsm8k_0": no item text: expected a string in one of "example"/,
    );
  });

  it('a source row of the wrong shape names file, row and column', () => {
    const rows = [{ question: 'Q?', answer: 'no final answer' }];
    expect(() =>
      buildBenchmarkItems({ benchmark: 'gsm8k', ids: ['gsm8k_0'], itemMap: {}, evalRows: [{ file: 'openai/gsm8k: main/test.parquet', rows }], shots: 0 }),
    ).toThrow('openai/gsm8k: main/test.parquet, row 1, column "answer": expected a final answer after "####" (got "no final answer")');
  });

  it('more shots than the few-shot split holds is an InvalidArgumentError', async () => {
    const server = await serve();
    await expect(ensureBenchmarkItems('gsm8k', { hubUrl: server.url, cacheDir, shots: 9 })).rejects.toThrow(/only 8 examples/);
    await expect(ensureBenchmarkItems('mmlu', { hubUrl: server.url, cacheDir, shots: 7 })).rejects.toThrow(/only 6 examples for "abstract_algebra"/);
  });
});

it('the bank of every benchmark in the fixture is covered', () => {
  expect(Object.keys(BANK_IDS).sort()).toEqual([...BENCHMARKS].sort() as Benchmark[]);
});


describe('joinItems: the texts an item map may hold for a document', () => {
  const truthful = { question: 'Is the sky green?', mc1_targets: { choices: ['No.', 'Yes.'], labels: [1, 0] }, mc2_targets: { choices: ['No.', 'Yes.'], labels: [1, 0] } };
  const wino = { sentence: 'Ann beat Bo because _ was faster.', option1: 'Ann', option2: 'Bo', answer: '1' };
  const build = (benchmark: 'truthfulqa_mc2' | 'winogrande', id: string, example: string, rows: Record<string, unknown>[]) =>
    buildBenchmarkItems({ benchmark, ids: [id], itemMap: { [id]: { example } }, evalRows: [{ file: 'source.parquet', rows }], shots: 0 }).report;

  it.each([
    ['the question', 'Is the sky green?'],
    ['the "Q: …\\nA:" line', 'Q: Is the sky green?\nA:'],
  ])('TruthfulQA by %s', (_, example) => {
    expect(build('truthfulqa_mc2', 'truthfulqa_mc2_0', example, [truthful])).toMatchObject({ exact: 1, built: 1 });
  });

  it.each([
    ['the sentence with its blank', 'Ann beat Bo because _ was faster.'],
    ['the sentence filled with the right option', 'Ann beat Bo because Ann was faster.'],
    ['the sentence cut at the blank, as the harness asks it', 'Ann beat Bo because Ann'],
  ])('WinoGrande by %s', (_, example) => {
    expect(build('winogrande', 'winogrande_0', example, [wino])).toMatchObject({ exact: 1, built: 1 });
  });

  it('a text that is only part of a document matches nothing', () => {
    expect(build('winogrande', 'winogrande_0', 'Ann beat Bo', [wino])).toMatchObject({ exact: 0, normalized: 0, unmatched: ['winogrande_0'], built: 0 });
  });
});
