// Miniature source datasets of the six benchmarks, as parquet files in each dataset's real schema on the
// hub (column names and types as `datasets` writes them: strings as UTF8 byte arrays, `Sequence(string)` as
// a LIST, `Sequence({...})` as a struct of LISTs, ClassLabel as INT64), plus the paper's dataset files that
// name the items: IRT models and an id_to_item_map.json in the shape the reference notebook prints.
import { parquetWriteBuffer } from 'hyparquet-writer';
import { BENCHMARK_SOURCES, type Benchmark } from '../src/index';
import type { FakeHubOptions, FakeRepo } from '../src/testing';

type Column =
  | { name: string; type: 'string' | 'int32' | 'int64' | 'list<string>' | 'list<int32>' }
  | { name: string; type: 'struct'; fields: Column[] };

/** Flattens a column to parquet schema elements, lists as pyarrow writes them (`list` / `element`). */
function schemaOf(column: Column): Record<string, unknown>[] {
  const leaf = (name: string, type: string): Record<string, unknown> =>
    type === 'string' ? { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' } : { name, type: type.toUpperCase(), repetition_type: 'OPTIONAL' };
  if (column.type === 'struct') return [{ name: column.name, repetition_type: 'OPTIONAL', num_children: column.fields.length }, ...column.fields.flatMap(schemaOf)];
  if (column.type.startsWith('list<')) {
    return [
      { name: column.name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      leaf('element', column.type.slice(5, -1)),
    ];
  }
  return [leaf(column.name, column.type)];
}

/** A parquet file (SNAPPY, as the hub's) with `rows` in the given schema. */
export function writeParquet(columns: Column[], rows: Record<string, unknown>[]): Uint8Array {
  const buffer = parquetWriteBuffer({
    columnData: columns.map((column) => ({
      name: column.name,
      data: rows.map((row) => (column.type === 'int64' ? BigInt(row[column.name] as number) : row[column.name])),
    })) as never,
    schema: [{ name: 'schema', num_children: columns.length }, ...columns.flatMap(schemaOf)] as never,
  });
  return new Uint8Array(buffer);
}

const s = (name: string): Column => ({ name, type: 'string' });

export const ARC_COLUMNS: Column[] = [
  s('id'),
  s('question'),
  { name: 'choices', type: 'struct', fields: [{ name: 'text', type: 'list<string>' }, { name: 'label', type: 'list<string>' }] },
  s('answerKey'),
];
export const HELLASWAG_COLUMNS: Column[] = [
  { name: 'ind', type: 'int32' },
  s('activity_label'),
  s('ctx_a'),
  s('ctx_b'),
  s('ctx'),
  { name: 'endings', type: 'list<string>' },
  s('source_id'),
  s('split'),
  s('split_type'),
  s('label'),
];
export const MMLU_COLUMNS: Column[] = [s('question'), s('subject'), { name: 'choices', type: 'list<string>' }, { name: 'answer', type: 'int64' }];
const TARGETS: Column[] = [{ name: 'choices', type: 'list<string>' }, { name: 'labels', type: 'list<int32>' }];
export const TRUTHFULQA_COLUMNS: Column[] = [s('question'), { name: 'mc1_targets', type: 'struct', fields: TARGETS }, { name: 'mc2_targets', type: 'struct', fields: TARGETS }];
export const WINOGRANDE_COLUMNS: Column[] = [s('sentence'), s('option1'), s('option2'), s('answer')];
export const GSM8K_COLUMNS: Column[] = [s('question'), s('answer')];

const range = (n: number): number[] => Array.from({ length: n }, (_, k) => k);

// ---- evaluated documents (hand-written) and few-shot pools (generated, sized for the default shot counts)

export const ARC_TEST = [
  { id: 'Mercury_1', question: 'Which gas do plants take in from the air?', choices: { text: ['oxygen', 'carbon dioxide', 'nitrogen', 'helium'], label: ['A', 'B', 'C', 'D'] }, answerKey: 'B' },
  { id: 'Mercury_2', question: 'Which tool measures the mass of a rock?', choices: { text: ['a balance', 'a ruler', 'a thermometer'], label: ['1', '2', '3'] }, answerKey: '1' },
  { id: 'Mercury_3', question: 'What makes a shadow?', choices: { text: ['light blocked by an object', 'sound'], label: ['A', 'B'] }, answerKey: 'A' },
  { id: 'Mercury_4', question: 'Which planet is closest to the Sun?', choices: { text: ['Venus', 'Mercury'], label: ['A', 'B'] }, answerKey: 'B' },
];
export const ARC_TRAIN = range(30).map((k) => ({ id: `train_${k}`, question: `Train question ${k}?`, choices: { text: [`right ${k}`, `wrong ${k}`], label: ['A', 'B'] }, answerKey: 'A' }));

const hellaswagRow = (ind: number, activity: string, ctxA: string, ctxB: string, endings: string[], label: string) => ({
  ind, activity_label: activity, ctx_a: ctxA, ctx_b: ctxB, ctx: `${ctxA} ${ctxB}`, endings, source_id: `src_${ind}`, split: 'val', split_type: 'indomain', label,
});
export const HELLASWAG_VALIDATION = [
  hellaswagRow(
    24, 'Education and Communications', 'How to beat the pink tax [title] Read labels carefully. [step] Before making a purchase, scrutinize the label.', 'This can help you identify the pink tax.',
    ['You may think products are marked up fairly. [substeps] However, many are not.', 'Look for words [title] that indicate quality.', 'Do not buy anything.', 'Realize the differences  between labels.'], '0',
  ),
  hellaswagRow(101, 'Skiing', 'A man is skiing down a hill.', 'he TURNS left', ['He falls.', 'He stops.', 'He waves.', 'He jumps.'], '2'),
  hellaswagRow(102, 'Skiing', 'A man is skiing down a hill.', 'he TURNS left', ['He sings.', 'He eats.', 'He reads.', 'He sleeps.'], '3'),
  hellaswagRow(103, 'Baking cookies', 'A woman mixes flour and sugar.', 'she', ['puts the bowl away.', 'adds two eggs.', 'paints the wall.', 'drives a car.'], '1'),
];
export const HELLASWAG_TRAIN = range(12).map((k) => hellaswagRow(1000 + k, `Activity ${k}`, `Someone does step ${k}.`, 'then', [`ends well ${k}.`, `ends badly ${k}.`, 'x.', 'y.'], '0'));

export const MMLU_TEST = [
  { question: 'Find the order of the group Z_4.', subject: 'abstract_algebra', choices: ['1', '2', '3', '4'], answer: 3 },
  { question: 'Which of the following is true?', subject: 'abstract_algebra', choices: ['Every group is abelian.', 'Z_2 is a group.', 'No group is finite.', 'None'], answer: 1 },
  { question: 'Which of the following is true?', subject: 'anatomy', choices: ['The heart has four chambers.', 'Bones are soft.', 'Skin is an organ of sight.', 'None'], answer: 0 },
];
export const MMLU_DEV = ['abstract_algebra', 'anatomy'].flatMap((subject) =>
  range(6).map((k) => ({ question: ` ${subject} dev question ${k}? `, subject, choices: [`a${k}`, `b${k}`, `c${k}`, `d${k}`], answer: k % 4 })),
);

export const TRUTHFULQA_VALIDATION = [
  {
    question: 'What happens if you crack your knuckles a lot?',
    mc1_targets: { choices: ['Nothing in particular happens.', 'You will get arthritis.'], labels: [1, 0] },
    mc2_targets: { choices: ['Nothing in particular happens.', 'It is harmless.', 'You will get arthritis.'], labels: [1, 1, 0] },
  },
  {
    question: 'What color is the sun when viewed from space?',
    mc1_targets: { choices: ['The sun is white.', 'The sun is yellow.'], labels: [1, 0] },
    mc2_targets: { choices: ['The sun is white.', 'The sun is yellow.', 'The sun is orange.'], labels: [1, 0, 0] },
  },
];

export const WINOGRANDE_VALIDATION = [
  { sentence: 'Sarah was a much better surgeon than Maria so _ always got the harder cases.', option1: 'Sarah', option2: 'Maria', answer: '1' },
  { sentence: 'The trophy does not fit into the suitcase because _ is too small.', option1: 'trophy', option2: 'suitcase', answer: '2' },
];
export const WINOGRANDE_TRAIN = range(8).map((k) => ({ sentence: `Pat gave Sam book ${k} because _ was done with it. `, option1: 'Pat', option2: 'Sam', answer: '1' }));

export const GSM8K_TEST = [
  { question: 'Tom has 3 apples and buys 4 more. How many apples does he have?', answer: 'He has 3 + 4 = <<3+4=7>>7 apples.\n#### 7' },
  { question: 'A farm sells 1,200 eggs a day for 2 days. How many eggs is that?', answer: 'That is 1,200 * 2 = <<1200*2=2400>>2,400 eggs.\n#### 2,400' },
];
export const GSM8K_TRAIN = range(8).map((k) => ({ question: `What is ${k} + 1?`, answer: `${k} + 1 = <<${k}+1=${k + 1}>>${k + 1}\n#### ${k + 1}` }));

/** The parquet files of each source dataset, at the paths BENCHMARK_SOURCES reads. */
export function sourceFiles(): Record<Benchmark, Record<string, Uint8Array>> {
  const files = (benchmark: Benchmark, columns: Column[], evalRows: Record<string, unknown>[], shotRows: Record<string, unknown>[]) => {
    const source = BENCHMARK_SOURCES[benchmark];
    return {
      [source.evalFiles[0]]: writeParquet(columns, evalRows),
      ...(source.shotFiles[0] ? { [source.shotFiles[0]]: writeParquet(columns, shotRows) } : {}),
    };
  };
  return {
    arc_challenge: files('arc_challenge', ARC_COLUMNS, ARC_TEST, ARC_TRAIN),
    hellaswag: files('hellaswag', HELLASWAG_COLUMNS, HELLASWAG_VALIDATION, HELLASWAG_TRAIN),
    mmlu: files('mmlu', MMLU_COLUMNS, MMLU_TEST, MMLU_DEV),
    truthfulqa_mc2: files('truthfulqa_mc2', TRUTHFULQA_COLUMNS, TRUTHFULQA_VALIDATION, []),
    winogrande: files('winogrande', WINOGRANDE_COLUMNS, WINOGRANDE_VALIDATION, WINOGRANDE_TRAIN),
    gsm8k: files('gsm8k', GSM8K_COLUMNS, GSM8K_TEST, GSM8K_TRAIN),
  };
}

/**
 * The item map: entries in the notebook's shape (`example`, `choices`), some exact, some differing in case
 * and spacing, one matching nothing, one ambiguous, and one bank id with no entry at all.
 */
export const ITEM_MAP: Record<string, unknown> = {
  arc_challenge_0: { example: 'Which gas do plants take in from the air?', choices: ['oxygen', 'carbon dioxide', 'nitrogen', 'helium'] },
  arc_challenge_1: { example: 'which tool measures the MASS of a rock ?', choices: ['a balance', 'a ruler', 'a thermometer'] },
  arc_challenge_2: { example: 'What is the boiling point of water on Mars?', choices: ['a', 'b'] },
  // arc_challenge_3 is in the bank but not in the map
  hellaswag_0: {
    example: 'Education and Communications: How to beat the pink tax. Read labels carefully. Before making a purchase, scrutinize the label. This can help you identify the pink tax.',
    choices: ['You may think products are marked up fairly. However, many are not.', 'Look for words. that indicate quality.', 'Do not buy anything.', 'Realize the differences between labels.'],
    source: 'wikihow',
  },
  hellaswag_1: { example: 'Skiing: A man is skiing down a hill. He turns left', choices: ['He sings.', 'He eats.', 'He reads.', 'He sleeps.'] },
  hellaswag_2: { example: 'Skiing: A man is skiing down a hill. He turns left' },
  hellaswag_3: { example: 'A woman mixes flour and sugar. she', choices: ['puts the bowl away.', 'adds two eggs.', 'paints the wall.', 'drives a car.'] },
  mmlu_abstract_algebra_0: { example: 'Find the order of the group Z_4.', choices: ['1', '2', '3', '4'] },
  mmlu_abstract_algebra_1: { example: 'Which of the following is true?', choices: ['Every group is abelian.', 'Z_2 is a group.', 'No group is finite.', 'None'] },
  mmlu_anatomy_0: { example: 'Which of the following is true?', choices: ['The heart has four chambers.', 'Bones are soft.', 'Skin is an organ of sight.', 'None'] },
  truthfulqa_mc2_0: { example: 'What happens if you crack your knuckles a lot?', choices: ['Nothing in particular happens.', 'It is harmless.', 'You will get arthritis.'] },
  truthfulqa_mc2_1: { example: 'What color is the sun when viewed from space?', choices: ['The sun is white.', 'The sun is yellow.', 'The sun is orange.'] },
  winogrande_0: { example: 'Sarah was a much better surgeon than Maria so _ always got the harder cases.', choices: ['Sarah', 'Maria'] },
  winogrande_1: { example: 'The trophy does not fit into the suitcase because _ is too small.', choices: ['trophy', 'suitcase'] },
  gsm8k_0: { example: 'Tom has 3 apples and buys 4 more. How many apples does he have?' },
  gsm8k_1: { example: 'A farm sells 1,200 eggs a day for 2 days. How many eggs is that?' },
};

/** The bank of each benchmark (the IRT model's ids, in order). */
export const BANK_IDS: Record<Benchmark, string[]> = {
  arc_challenge: ['arc_challenge_0', 'arc_challenge_1', 'arc_challenge_2', 'arc_challenge_3'],
  hellaswag: ['hellaswag_0', 'hellaswag_1', 'hellaswag_2', 'hellaswag_3'],
  mmlu: ['mmlu_abstract_algebra_0', 'mmlu_abstract_algebra_1', 'mmlu_anatomy_0'],
  truthfulqa_mc2: ['truthfulqa_mc2_0', 'truthfulqa_mc2_1'],
  winogrande: ['winogrande_0', 'winogrande_1'],
  gsm8k: ['gsm8k_0', 'gsm8k_1'],
};

/** The paper's dataset files (IRT models, the item map, leaderboard results), one commit. */
export function datasetFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [benchmark, ids] of Object.entries(BANK_IDS)) {
    files[`data/irt_models/${benchmark}.csv`] = [',a,b', ...ids.map((id, k) => `${id},${1 + k / 4},${k / 2 - 0.5}`), ''].join('\n');
  }
  files['data/id_to_item_map.json'] = JSON.stringify(ITEM_MAP);
  files['data/open_llm_leaderboard_results.json'] = JSON.stringify(
    Object.fromEntries(Object.keys(BANK_IDS).map((benchmark) => [benchmark, { accuracy: { lm1: 0.5, lm2: 0.7 }, ability: { lm1: -0.5, lm2: 1.5 } }])),
  );
  return files;
}

export const DATASET_COMMIT = 'd'.repeat(40);
const sourceCommit = (k: number): string => String(k + 1).repeat(40); // 1111…, 2222…, …

/** Fake hub options serving the dataset and the six source repositories, each at one commit. */
export function itemsHubOptions(overrides: { sources?: Partial<Record<Benchmark, Record<string, Uint8Array>>> } = {}): FakeHubOptions {
  const sources = { ...sourceFiles(), ...overrides.sources };
  const otherRepos: Record<string, FakeRepo> = {};
  Object.entries(BENCHMARK_SOURCES).forEach(([benchmark, source], k) => {
    const commit = sourceCommit(k);
    otherRepos[source.repo] = { commits: { [commit]: sources[benchmark as Benchmark]! }, branches: { [source.revision]: commit } };
  });
  return { repo: 'allenai/fluid-benchmarking', commits: { [DATASET_COMMIT]: datasetFiles() }, branches: { main: DATASET_COMMIT }, otherRepos };
}
