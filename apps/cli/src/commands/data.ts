import { defineCommand } from 'citty';
import { progressBar } from '../inputs';
import { emit, log, reportErrors, table } from '../output';

const revisionArg = { revision: { type: 'string', description: 'branch or 40-hex commit', default: 'main' } } as const;
const quietArg = { quiet: { type: 'boolean', description: 'no progress on stderr', default: false } } as const;

/** `fluid data`: the paper's Hugging Face dataset in the local cache (shared with Python's huggingface_hub). */
export const dataCommand = defineCommand({
  meta: { name: 'data', description: 'download and inspect the allenai/fluid-benchmarking dataset (cache shared with Python)' },
  subCommands: {
    download: defineCommand({
      meta: { name: 'download', description: 'fetch every dataset file into the cache (only what is missing)' },
      args: { ...revisionArg, ...quietArg },
      run: ({ args }) =>
        reportErrors(async () => {
          const { downloadDataset } = await import('@fluidbench/data/node');
          const result = await downloadDataset({ revision: args.revision, refresh: true, onProgress: progressBar(args.quiet) });
          log(args.quiet, `dataset at commit ${result.commit}: ${result.files.length} files`);
          emit(table(['file', 'bytes', 'path'], result.files.map((f) => [f.path, f.size, f.localPath])), undefined);
        }),
    }),
    ls: defineCommand({
      meta: { name: 'ls', description: 'list cached revisions and files' },
      run: () =>
        reportErrors(async () => {
          const { listCached } = await import('@fluidbench/data/node');
          const revisions = await listCached();
          if (revisions.length === 0) {
            process.stderr.write('the cache holds no revision of the dataset yet: run `fluid data download`\n');
            return;
          }
          const rows = revisions.flatMap((revision) => revision.files.map((file) => [revision.commit.slice(0, 12), revision.refs.join(',') || '-', file.path, file.size]));
          emit(table(['commit', 'refs', 'file', 'bytes'], rows), undefined);
        }),
    }),
    items: () => import('./data-items').then((m) => m.dataItemsCommand),
    path: defineCommand({
      meta: { name: 'path', description: 'print where the dataset is cached' },
      run: () =>
        reportErrors(async () => {
          const { cachePath } = await import('@fluidbench/data/node');
          emit(`${cachePath()}\n`, undefined);
        }),
    }),
  },
});
