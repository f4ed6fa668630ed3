// @fluidbench/harness/node: everything of the browser-safe entry, plus the file-backed answer journal (appended
// and fsynced before an answer is used) and the items-file reader.
import { closeSync, existsSync, fsync, ftruncateSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomically } from '@fluidbench/data/node';
import { checkJournalHeader, formatJournalLine, MemoryJournal, parseJournal, type JournalEntry, type JournalHeader } from './journal';
import { parseItemsJsonl } from './items/parse-items';
import type { Item } from './items/kinds';

export * from './index';

/**
 * An answer journal in a JSONL file. Each answer is written and fsynced before `evaluate` uses it, so a crash
 * (even kill -9) loses at most the requests in flight; reopening resumes from every answer on disk.
 *
 * @example
 * ```ts
 * const journal = FileJournal.open('run.journal.jsonl', evaluationJournalHeader(options));
 * await evaluate({ ...options, journal }); // a rerun with the same file asks nothing already answered
 * journal.close();
 * ```
 */
export class FileJournal extends MemoryJournal {
  private readonly fd: number;
  private closed = false;

  private constructor(
    readonly file: string,
    fd: number,
    entries: readonly JournalEntry[],
    private readonly durable: boolean,
  ) {
    super(entries);
    this.fd = fd;
  }

  /**
   * Opens `file` for this run: creates it with `header` when absent, empty or `fresh`; otherwise checks that it
   * was written for the same run (refusing with one line naming what changed) and loads its answers. A last
   * line cut by a crash is removed.
   *
   * @throws {JournalError} for a bad line or a journal of a different run.
   */
  static open(file: string, header: JournalHeader, options: { fresh?: boolean; durable?: boolean } = {}): FileJournal {
    const durable = options.durable ?? true;
    if (options.fresh || !existsSync(file) || statSync(file).size === 0) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileAtomically(file, formatJournalLine(header));
      return new FileJournal(file, openSync(file, 'a'), [], durable);
    }
    const text = readFileSync(file, 'utf8');
    const parsed = parseJournal(text, file);
    checkJournalHeader(parsed.header, header, file);
    const fd = openSync(file, 'r+');
    const keep = Buffer.byteLength(text.slice(0, parsed.completeLength), 'utf8');
    ftruncateSync(fd, keep);
    closeSync(fd);
    const appendFd = openSync(file, 'a');
    if (parsed.completeLength > 0 && !text.slice(0, parsed.completeLength).endsWith('\n')) writeSync(appendFd, '\n');
    return new FileJournal(file, appendFd, parsed.entries, durable);
  }

  /** How many answers the journal holds. */
  get size(): number {
    return this.entries.length;
  }

  /**
   * Writes the answer's line at once, and resolves once an fsync that began after the write has finished.
   * Appends that arrive while an fsync runs share the next one (group commit), so many requests in flight
   * cost one fsync per round, off the event loop.
   */
  override append(entry: JournalEntry): Promise<void> {
    if (this.closed) throw new Error(`${this.file}: the journal is closed`);
    writeSync(this.fd, formatJournalLine(entry));
    super.append(entry);
    return this.durable ? this.flush() : Promise.resolve();
  }

  private inFlight: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  /** An fsync covering every line written so far: the running one if it began after them, else the next. */
  private flush(): Promise<void> {
    if (!this.inFlight) return (this.inFlight = this.fsyncNow());
    this.queued ??= this.inFlight.then(() => {
      this.queued = undefined;
      return (this.inFlight = this.fsyncNow());
    });
    return this.queued;
  }

  private fsyncNow(): Promise<void> {
    return new Promise((resolve, reject) => {
      fsync(this.fd, (error) => {
        this.inFlight = undefined;
        if (error) reject(error);
        else resolve();
      });
    });
  }

  /** Closes the file once any fsync under way has finished. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const pending = this.queued ?? this.inFlight;
    if (pending) void pending.then(() => closeSync(this.fd), () => closeSync(this.fd));
    else closeSync(this.fd);
  }
}

/**
 * Reads and checks an items file (JSONL; see `parseItemsJsonl`); errors name the path as given.
 *
 * @example
 * ```ts
 * const items = readItemsFile('items.jsonl');
 * items[0].type; // returns 'multiple_choice'
 * ```
 */
export function readItemsFile(path: string): Item[] {
  return parseItemsJsonl(readFileSync(path, 'utf8'), { file: path });
}
