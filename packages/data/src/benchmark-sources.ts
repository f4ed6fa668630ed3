// Where each benchmark's gold answers and few-shot examples come from on the Hugging Face Hub: the source
// datasets the Open LLM Leaderboard's harness loaded, as parquet files. Browser-safe.
import type { Benchmark } from './tables';

/** A benchmark's source dataset: which parquet files hold the evaluated documents and the few-shot pool. */
export interface BenchmarkSource {
  /** Dataset repository, `owner/name`. */
  repo: string;
  /** Branch or commit the files are read at; the commit it resolved to is recorded in the items report. */
  revision: string;
  /** Config and split evaluated, for the report (e.g. `ARC-Challenge/test`). */
  evalSplit: string;
  /** Parquet files of the evaluated split, read in this order (document order matters for the shots). */
  evalFiles: string[];
  /** Config and split few-shot examples come from; undefined when zero-shot only. */
  shotSplit?: string;
  shotFiles: string[];
}

/**
 * The source of each benchmark. Paths are the repositories' own parquet data files (`<config>/<split>-
 * 00000-of-00001.parquet`, as `datasets` writes them on conversion); Rowan/hellaswag publishes its data
 * through the hub's automatic conversion branch `refs/convert/parquet` (`default/<split>/0000.parquet`).
 * MMLU reads the `all` config, whose rows carry their subject, instead of 57 per-subject files.
 */
export const BENCHMARK_SOURCES: { readonly [B in Benchmark]: BenchmarkSource } = {
  arc_challenge: {
    repo: 'allenai/ai2_arc',
    revision: 'main',
    evalSplit: 'ARC-Challenge/test',
    evalFiles: ['ARC-Challenge/test-00000-of-00001.parquet'],
    shotSplit: 'ARC-Challenge/train',
    shotFiles: ['ARC-Challenge/train-00000-of-00001.parquet'],
  },
  hellaswag: {
    repo: 'Rowan/hellaswag',
    revision: 'refs/convert/parquet',
    evalSplit: 'default/validation',
    evalFiles: ['default/validation/0000.parquet'],
    shotSplit: 'default/train',
    shotFiles: ['default/train/0000.parquet'],
  },
  mmlu: {
    repo: 'cais/mmlu',
    revision: 'main',
    evalSplit: 'all/test',
    evalFiles: ['all/test-00000-of-00001.parquet'],
    shotSplit: 'all/dev',
    shotFiles: ['all/dev-00000-of-00001.parquet'],
  },
  truthfulqa_mc2: {
    repo: 'truthfulqa/truthful_qa',
    revision: 'main',
    evalSplit: 'multiple_choice/validation',
    evalFiles: ['multiple_choice/validation-00000-of-00001.parquet'],
    shotFiles: [],
  },
  winogrande: {
    repo: 'allenai/winogrande',
    revision: 'main',
    evalSplit: 'winogrande_xl/validation',
    evalFiles: ['winogrande_xl/validation-00000-of-00001.parquet'],
    shotSplit: 'winogrande_xl/train',
    shotFiles: ['winogrande_xl/train-00000-of-00001.parquet'],
  },
  gsm8k: {
    repo: 'openai/gsm8k',
    revision: 'main',
    evalSplit: 'main/test',
    evalFiles: ['main/test-00000-of-00001.parquet'],
    shotSplit: 'main/train',
    shotFiles: ['main/train-00000-of-00001.parquet'],
  },
};
