import { defineCommand } from 'citty';
import { progressBar } from '../inputs';
import { emit, log, reportErrors, table } from '../output';

const repoArg = { repo: { type: 'string', description: 'dataset repository owner/name (default allenai/fluid-benchmarking)' } } as const;
const revisionArg = { revision: { type: 'string', description: 'branch or 40-hex commit', default: 'main' } } as const;
const quietArg = { quiet: { type: 'boolean', description: 'no progress on stderr', default: false } } as const;

/** `fluid data`: the paper's Hugging Face dataset in the local cache (shared with Python's huggingface_hub). */
export const dataCommand = defineCommand({
  meta: { name: 'data', description: 'download and inspect the allenai/fluid-benchmarking dataset (cache shared with Python)' },
  subCommands: {
    download: defineCommand({
      meta: { name: 'download', description: 'fetch every dataset file into the cache (only what is missing)' },
      args: { ...repoArg, ...revisionArg, ...quietArg },
      run: ({ args }) =>
        reportErrors(async () => {
          const { downloadDataset } = await import('@fluidbench/data/node');
          const result = await downloadDataset({ repo: args.repo, revision: args.revision, refresh: true, onProgress: progressBar(args.quiet) });
          log(args.quiet, `dataset at commit ${result.commit}: ${result.files.length} files`);
          emit(table(['file', 'bytes', 'path'], result.files.map((f) => [f.path, f.size, f.localPath])), undefined);
        }),
    }),
    ls: defineCommand({
      meta: { name: 'ls', description: 'list cached revisions and files (a file whose blob is gone shows as broken)' },
      args: repoArg,
      run: ({ args }) =>
        reportErrors(async () => {
          const { listCached } = await import('@fluidbench/data/node');
          const revisions = await listCached({ repo: args.repo });
          if (revisions.length === 0) {
            process.stderr.write('the cache holds no revision of the dataset yet: run `fluid data download`\n');
            return;
          }
          const rows = revisions.flatMap((revision) => revision.files.map((file) => [revision.commit.slice(0, 12), revision.refs.join(',') || '-', file.path, file.broken ? 'broken' : file.size]));
          emit(table(['commit', 'refs', 'file', 'bytes'], rows), undefined);
        }),
    }),
    items: () => import('./data-items').then((m) => m.dataItemsCommand),
    path: defineCommand({
      meta: { name: 'path', description: 'print where the dataset is cached' },
      args: repoArg,
      run: ({ args }) =>
        reportErrors(async () => {
          const { cachePath } = await import('@fluidbench/data/node');
          emit(`${cachePath({ repo: args.repo })}\n`, undefined);
        }),
    }),
  },
});
