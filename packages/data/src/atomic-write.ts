import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InvalidArgumentError } from './errors';

/**
 * Writes `content` to `path` through a temporary sibling and a rename, so a reader sees the old file or the
 * new one, never half of one, and an interrupted write leaves nothing that looks complete. Creates the folder.
 * A failure names `path` as given (never the temporary file) and keeps the system error's `code`.
 *
 * @example
 * ```ts
 * writeFileAtomically('results/summary.json', '{}\n');
 * readFileSync('results/summary.json', 'utf8'); // returns '{}\n'
 * ```
 */
export function writeFileAtomically(path: string, content: string | Uint8Array): void {
  writeFilesAtomically([{ path, content }]);
}

/**
 * Writes several files all or none: every temporary file is written first, and only when all of them are
 * complete are they renamed into place; a failure before that removes them all. The same file named twice
 * (after resolving the path) is refused before anything is written.
 *
 * @throws {InvalidArgumentError} for a path given twice; a system error (with `code`, `path` as given) otherwise.
 * @example
 * ```ts
 * writeFilesAtomically([{ path: 'irt.csv', content: ',a,b\n' }, { path: 'abilities.csv', content: 'subject,theta\n' }]);
 * existsSync('abilities.csv'); // returns true
 * ```
 */
export function writeFilesAtomically(files: readonly { path: string; content: string | Uint8Array }[]): void {
  const seen = new Map<string, string>();
  for (const { path } of files) {
    const key = resolve(path);
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new InvalidArgumentError('output', path, `the same file as ${JSON.stringify(earlier)}: give each output its own file`);
    seen.set(key, path);
    if (isDirectory(path)) throw systemError({ code: 'EISDIR', message: 'is a directory' }, path);
  }
  const temporaries: string[] = [];
  try {
    for (const { path, content } of files) {
      const folder = dirname(path);
      const temporary = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.partial`);
      try {
        mkdirSync(folder, { recursive: true });
      } catch (error) {
        // mkdir says EEXIST when a part of the folder path is a file: say what is wrong instead
        const code = (error as { code?: string }).code;
        throw code === 'EEXIST' ? systemError({ code: 'ENOTDIR', message: `${folder} is not a folder` }, path) : systemError(error, path);
      }
      try {
        temporaries.push(temporary);
        writeFileSync(temporary, content);
      } catch (error) {
        throw systemError(error, path);
      }
    }
    files.forEach(({ path }, k) => {
      try {
        renameSync(temporaries[k], path);
      } catch (error) {
        throw systemError(error, path);
      }
    });
  } catch (error) {
    for (const temporary of temporaries) rmSync(temporary, { force: true });
    throw error;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The same error, naming the user's path instead of the temporary file. */
function systemError(error: unknown, path: string): Error {
  const { code, message } = error as { code?: string; message?: string };
  const reason = (message ?? String(error)).replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
  return Object.assign(new Error(`${path}: ${reason}`, { cause: error }), { code, path });
}
