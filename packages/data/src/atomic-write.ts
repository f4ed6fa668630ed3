import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `content` to `path` through a temporary sibling and a rename, so a reader sees the old file or the
 * new one, never half of one, and an interrupted write leaves nothing that looks complete. Creates the folder.
 *
 * @example
 * ```ts
 * writeFileAtomically('results/summary.json', '{}\n');
 * readFileSync('results/summary.json', 'utf8'); // returns '{}\n'
 * ```
 */
export function writeFileAtomically(path: string, content: string | Uint8Array): void {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true });
  const temporary = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.partial`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
