import { HarnessError } from '../errors';
import type { FieldReader } from './item-kind';
import { ITEM_KINDS, ITEM_TYPES, type Item } from './kinds';

/**
 * A bad line in an items file: names the file, the 1-based line and the field, and quotes the value.
 *
 * @example
 * ```ts
 * new ItemsFormatError('items.jsonl', 4, 'answer', 7, 'must be the 0-based index of a choice (0–3)').message;
 * // returns 'items.jsonl, line 4, field "answer": must be the 0-based index of a choice (0–3) (got 7)'
 * ```
 */
export class ItemsFormatError extends HarnessError {
  static override readonly errorName: string = 'ItemsFormatError';

  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly field: string | undefined,
    readonly value: unknown,
    reason: string,
  ) {
    const where = [file, line !== undefined ? `line ${line}` : '', field !== undefined ? `field ${JSON.stringify(field)}` : ''].filter(Boolean).join(', ');
    super(`${where}: ${reason}${value !== undefined ? ` (got ${preview(value)})` : ''}`);
  }
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Parses an items file (JSONL, one item a line; blank lines skipped). Every line is checked before anything
 * is returned, so a bad file fails before any request is sent.
 *
 * @throws {ItemsFormatError} naming the file, line and field.
 * @example
 * ```ts
 * const items = parseItemsJsonl('{"id":"q1","type":"multiple_choice","context":"2+2=","choices":[" 3"," 4"],"answer":1}\n', { file: 'items.jsonl' });
 * items[0].metric; // returns 'acc'
 * ```
 */
export function parseItemsJsonl(text: string, options: { file?: string } = {}): Item[] {
  const file = options.file ?? 'items';
  const items: Item[] = [];
  const seen = new Map<string, number>();
  const lines = text.split('\n');
  lines.forEach((raw, k) => {
    const line = k + 1;
    if (raw.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch (error) {
      throw new ItemsFormatError(file, line, undefined, undefined, `not valid JSON (${(error as Error).message})`);
    }
    if (!record || typeof record !== 'object' || Array.isArray(record)) throw new ItemsFormatError(file, line, undefined, undefined, 'each line must be a JSON object');
    const fields = record as Record<string, unknown>;
    const reader: FieldReader = {
      get: (field) => fields[field],
      fail: (field, value, reason) => {
        throw new ItemsFormatError(file, line, field, value, reason);
      },
    };
    const rawId = fields.id;
    if (!((typeof rawId === 'string' && rawId !== '') || (typeof rawId === 'number' && Number.isFinite(rawId)))) reader.fail('id', rawId, 'must be a non-empty string or a number');
    const id = String(rawId);
    const earlier = seen.get(id);
    if (earlier !== undefined) reader.fail('id', id, `duplicates line ${earlier}`);
    seen.set(id, line);
    const type = fields.type;
    if (!ITEM_TYPES.includes(type as Item['type'])) reader.fail('type', type, `must be one of ${ITEM_TYPES.join(', ')}`);
    items.push(ITEM_KINDS[type as Item['type']].parse(id, reader));
  });
  if (items.length === 0) throw new ItemsFormatError(file, undefined, undefined, undefined, 'no items');
  return items;
}

/**
 * The items in the bank's order, after checking that both list the same ids; the error reports what is
 * missing on either side.
 *
 * @throws {ItemsFormatError} when the ids differ.
 * @example
 * ```ts
 * alignItems(items, ['q2', 'q1']).map((item) => item.id); // returns ['q2', 'q1']
 * ```
 */
export function alignItems(items: readonly Item[], bankIds: readonly string[], files: { items?: string; irt?: string } = {}): Item[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  const missing = bankIds.filter((id) => !byId.has(id));
  const bankSet = new Set(bankIds);
  const extra = items.filter((item) => !bankSet.has(item.id)).map((item) => item.id);
  if (missing.length || extra.length) {
    const itemsFile = files.items ?? 'the items';
    const irtFile = files.irt ?? 'the IRT bank';
    const parts = [
      missing.length ? `${missing.length} item(s) of ${irtFile} are not in ${itemsFile} (${list(missing)})` : '',
      extra.length ? `${extra.length} item(s) of ${itemsFile} are not in ${irtFile} (${list(extra)})` : '',
    ].filter(Boolean);
    throw new ItemsFormatError(itemsFile, undefined, 'id', undefined, parts.join('; '));
  }
  return bankIds.map((id) => byId.get(id)!);
}

function list(ids: string[]): string {
  return ids.length > 5 ? `${ids.slice(0, 5).join(', ')}, … ${ids.length} in all` : ids.join(', ');
}
