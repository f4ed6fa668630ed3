import { describe, expect, it } from 'vitest';
import {
  AlignmentError,
  DataFormatError,
  InvalidArgumentError,
  benchmarkOfItemId,
  checkAlignment,
  filterBenchmark,
  formatPyIrtJsonl,
  parseItemMap,
  parseLeaderboardResults,
  parsePyIrtJsonl,
  readIrtCsvBlob,
  readResponsesCsvBlob,
  selectCheckpoints,
  responsesFromLmEvalSamples,
  selectRows,
  taskFromSamplesFileName,
  type Benchmark,
} from '../src/index';

describe('alignment', () => {
  it('accepts identical ids', () => {
    expect(() => checkAlignment(['a_0', 'a_1'], ['a_0', 'a_1'])).not.toThrow();
  });

  it('names the first differing row and both ids', () => {
    let caught: unknown;
    try {
      checkAlignment(['q_0', 'q_1', 'q_2'], ['q_0', 'q_2', 'q_1'], { irtFile: 'irt.csv', responsesFile: 'lm.csv' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AlignmentError);
    const error = caught as AlignmentError;
    expect([error.index, error.row, error.irtId, error.responsesId]).toEqual([1, 3, 'q_1', 'q_2']);
    expect(error.message).toContain('row 3');
    expect(error.message).toContain('irt.csv has "q_1"');
    expect(error.message).toContain('lm.csv has "q_2"');
  });

  it('reports a shorter file at its first missing row', () => {
    expect(() => checkAlignment(['q_0', 'q_1'], ['q_0'])).toThrow(/row 3 .*"q_1".*no item there/);
  });

  it('maps ids to benchmarks as the reference does', () => {
    expect(benchmarkOfItemId('mmlu_high_school_us_history_17')).toBe('mmlu');
    expect(benchmarkOfItemId('arc_challenge_1171')).toBe('arc_challenge');
    expect(benchmarkOfItemId('truthfulqa_mc2_0')).toBe('truthfulqa_mc2');
    expect(benchmarkOfItemId('gsm8k_5')).toBe('gsm8k');
  });

  it('filters a mixed results table to one benchmark, keeping order and values', () => {
    const ids = ['arc_challenge_0', 'mmlu_anatomy_0', 'gsm8k_0', 'mmlu_virology_3', 'winogrande_0', 'mmlu_anatomy_1'];
    const table = { ids, checkpoints: ['s1', 's2'], columns: [Float64Array.of(1, 0, 1, 1, 0, 0), Float64Array.of(0, 1, 0, 0, 1, 1)] };
    const mmlu = filterBenchmark(table, 'mmlu');
    expect(mmlu.ids).toEqual(['mmlu_anatomy_0', 'mmlu_virology_3', 'mmlu_anatomy_1']);
    expect([...mmlu.columns[0]]).toEqual([0, 1, 0]);
    expect([...mmlu.columns[1]]).toEqual([1, 0, 1]);
    expect(mmlu.checkpoints).toEqual(['s1', 's2']);
    expect(() => filterBenchmark(table, 'hellaswag')).toThrow('benchmark: no item of this benchmark (item ids `hellaswag_<k>`); the table has arc_challenge, gsm8k, mmlu, winogrande (got "hellaswag")');
    expect(() => filterBenchmark(table, 'mmlu_anatomy' as Benchmark)).toThrow(InvalidArgumentError);
    const irt = filterBenchmark({ ids, a: Float64Array.of(1, 2, 3, 4, 5, 6), b: new Float64Array(6) }, 'mmlu');
    expect([...irt.a]).toEqual([2, 4, 6]);
    expect(() => selectRows(table, [9])).toThrow(InvalidArgumentError);
  });
});

describe('py-irt JSONL', () => {
  const jsonl = [
    '{"subject_id": "lm1", "responses": {"q0": 1, "q1": 0, "q2": 1}}',
    '',
    '{"subject_id": "lm2", "responses": {"q2": 0, "q3": 1}}',
  ].join('\n');

  it('reads subjects into a wide table with NaN for absent responses', () => {
    const table = parsePyIrtJsonl(jsonl, { file: 'irt.jsonl' });
    expect(table.ids).toEqual(['q0', 'q1', 'q2', 'q3']);
    expect(table.checkpoints).toEqual(['lm1', 'lm2']);
    expect([...table.columns[0]]).toEqual([1, 0, 1, Number.NaN]);
    expect([...table.columns[1]]).toEqual([Number.NaN, Number.NaN, 0, 1]);
  });

  it('round-trips through formatPyIrtJsonl', () => {
    const table = parsePyIrtJsonl(jsonl);
    const written = formatPyIrtJsonl(table);
    expect(written.split('\n')[1]).toBe('{"subject_id":"lm2","responses":{"q2":0,"q3":1}}');
    expect(parsePyIrtJsonl(written)).toEqual(table);
  });

  it('orders rows by itemIds when given', () => {
    const table = parsePyIrtJsonl(jsonl, { itemIds: ['q3', 'q2', 'q1', 'q0', 'q9'] });
    expect([...table.columns[1]]).toEqual([1, 0, Number.NaN, Number.NaN, Number.NaN]);
    expect(() => parsePyIrtJsonl(jsonl, { itemIds: ['q0'] })).toThrow('<input>, row 1, column "responses.q1": item id not in itemIds');
  });

  it('binarizes at 0.5 when writing, keeps "__proto__" as an ordinary id', () => {
    const written = formatPyIrtJsonl({ ids: ['__proto__', 'b'], checkpoints: ['s'], columns: [Float64Array.of(0.7, 0.2)] });
    expect(written).toBe('{"subject_id":"s","responses":{"__proto__":1,"b":0}}\n');
  });

  it('rejects bad lines with the line number', () => {
    const badJson = (() => {
      try {
        parsePyIrtJsonl('{"subject_id": "a", "responses": {}}\n{oops', { file: 'x.jsonl' });
      } catch (error) {
        return error as DataFormatError;
      }
    })();
    expect(badJson).toBeInstanceOf(DataFormatError);
    expect(badJson?.row).toBe(2);
    expect(() => parsePyIrtJsonl('{"subject_id": "a", "responses": {"q": 2}}')).toThrow(/row 1, column "responses.q".*\[0, 1\].*2/);
    expect(() => parsePyIrtJsonl('{"responses": {}}')).toThrow(/subject_id/);
    expect(() => parsePyIrtJsonl('{"subject_id": "a", "responses": {}}\n{"subject_id": "a", "responses": {}}')).toThrow(/duplicate subject/);
    expect(() => parsePyIrtJsonl('\n')).toThrow(/no subjects/);
  });
});

describe('lm-eval-harness sample logs', () => {
  const itemIds = ['arc_challenge_0', 'arc_challenge_1', 'arc_challenge_2', 'arc_challenge_3'];
  const log = [
    '{"doc_id": 2, "doc": {"question": "?"}, "acc": 0.0, "acc_norm": 1.0}',
    '{"doc_id": 0, "acc": 1.0, "acc_norm": 0.0}',
    '{"doc_id": 7, "acc": 1.0, "acc_norm": 1.0}',
  ].join('\n');

  it('aligns acc to the model ids and reports both kinds of mismatch', () => {
    const { column, report } = responsesFromLmEvalSamples(log, { task: 'arc_challenge', itemIds });
    expect([...column]).toEqual([1, Number.NaN, 0, Number.NaN]);
    expect(report).toEqual({ missingInLog: ['arc_challenge_1', 'arc_challenge_3'], missingInModel: ['arc_challenge_7'] });
  });

  it('reads another metric, and the task from the file name', () => {
    const { column } = responsesFromLmEvalSamples(log, {
      file: 'runs/samples_arc_challenge_2025-03-01T10-11-12.345678.jsonl',
      metric: 'acc_norm',
      itemIds,
    });
    expect([...column]).toEqual([0, Number.NaN, 1, Number.NaN]);
    expect(taskFromSamplesFileName('samples_mmlu_anatomy_2024-12-01T00-00-00.000001.jsonl')).toBe('mmlu_anatomy');
    expect(() => responsesFromLmEvalSamples(log, { file: 'log.jsonl', itemIds })).toThrow(InvalidArgumentError);
  });

  it('merges several logs (one per MMLU subject), reading booleans as 0/1', () => {
    const ids = ['mmlu_anatomy_0', 'mmlu_anatomy_1', 'mmlu_virology_0', 'mmlu_virology_1'];
    const { column, report } = responsesFromLmEvalSamples(
      [
        { task: 'mmlu_anatomy', text: '{"doc_id": 0, "acc": true}\n{"doc_id": 1, "acc": false}\n' },
        { file: 'samples_mmlu_virology_2025-01-01T00-00-00.000000.jsonl', text: '{"doc_id": 1, "acc": 0.75}\n' },
      ],
      { itemIds: ids },
    );
    expect([...column]).toEqual([1, 0, Number.NaN, 1]);
    expect(report.missingInLog).toEqual(['mmlu_virology_0']);
  });

  it('rejects the same document twice unless a filter picks one', () => {
    const ids = ['gsm8k_0'];
    const text = '{"doc_id": 0, "filter": "strict-match", "exact_match": 0.0}\n{"doc_id": 0, "filter": "flexible-extract", "exact_match": 1.0}\n';
    expect(() => responsesFromLmEvalSamples(text, { task: 'gsm8k', metric: 'exact_match', itemIds: ids })).toThrow(/already read at <input> line 1/);
    const strict = responsesFromLmEvalSamples(text, { task: 'gsm8k', metric: 'exact_match', filter: 'strict-match', itemIds: ids });
    const flexible = responsesFromLmEvalSamples(text, { task: 'gsm8k', metric: 'exact_match', filter: 'flexible-extract', itemIds: ids });
    expect([strict.column[0], flexible.column[0]]).toEqual([0, 1]);
  });

  it('names line and metric of bad samples', () => {
    expect(() => responsesFromLmEvalSamples('{"doc_id": 0}\n', { task: 't', itemIds: ['t_0'], file: 's.jsonl' })).toThrow(
      's.jsonl, row 1, column "acc": no metric "acc" in this sample',
    );
    expect(() => responsesFromLmEvalSamples('{"doc_id": 0, "acc": 3}\n', { task: 't', itemIds: ['t_0'] })).toThrow(/\[0, 1\] \(got 3\)/);
    expect(() => responsesFromLmEvalSamples('{"acc": 1}\n', { task: 't', itemIds: ['t_0'] })).toThrow(/doc_id/);
  });
});

describe('dataset JSON files', () => {
  it('parses leaderboard results and the item map, rejecting wrong shapes', () => {
    const leaderboard = parseLeaderboardResults('{"gsm8k": {"accuracy": {"m1": 0.5, "m2": 0.25}, "ability": {"m1": 0.5, "m2": -1.5}}}');
    const abilities = Object.values(leaderboard.gsm8k.ability);
    expect(abilities.reduce((sum, value) => sum + value, 0) / abilities.length).toBe(-0.5);
    expect(() => parseLeaderboardResults('{"gsm8k": {"accuracy": {}}}')).toThrow(/gsm8k.ability/);
    expect(() => parseLeaderboardResults('{"gsm8k": {"accuracy": {"m": "high"}, "ability": {}}}')).toThrow(/gsm8k.accuracy.m/);
    expect(() => parseLeaderboardResults('[1]')).toThrow(DataFormatError);
    expect(parseItemMap('{"gsm8k_0": {"question": "2+2?"}}')).toEqual({ gsm8k_0: { question: '2+2?' } });
    expect(() => parseItemMap('{')).toThrow(/invalid JSON/);
  });
});

describe('checkpoints and blobs', () => {
  const table = { ids: ['q0', 'q1'], checkpoints: ['step1', 'step2', 'step3'], columns: [Float64Array.of(0, 1), Float64Array.of(1, 1), Float64Array.of(1, 0)] };

  it('selects all, the last, or named checkpoints', () => {
    expect(selectCheckpoints(table, 'all').checkpoints).toEqual(['step1', 'step2', 'step3']);
    expect(selectCheckpoints(table, 'last')).toEqual({ ids: ['q0', 'q1'], checkpoints: ['step3'], columns: [Float64Array.of(1, 0)] });
    expect(selectCheckpoints(table, ['step2', 'step1']).columns).toEqual([Float64Array.of(1, 1), Float64Array.of(0, 1)]);
    expect(() => selectCheckpoints(table, ['step9'])).toThrow('checkpoint: no such column in the table (has step1, step2, step3) (got "step9")');
  });

  it('reads CSVs from File objects, naming them in errors', async () => {
    const irt = await readIrtCsvBlob(new File([',a,b\nq_0,1.5,0\n'], 'picked.csv'));
    expect([...irt.a]).toEqual([1.5]);
    await expect(readResponsesCsvBlob(new File([',s\nq_0,2\n'], 'picked.csv'))).rejects.toThrow('picked.csv, row 2, column "s"');
    await expect(readResponsesCsvBlob(new Blob([',s\nq_0,x\n']))).rejects.toThrow('<input>, row 2');
  });
});
