// The text of a benchmark item from the dataset's id_to_item_map.json, whatever shape its entries take.

/** Fields that hold an item's question or context, in the order they are tried. */
const TEXT_FIELDS = ['question', 'query', 'ctx', 'sentence', 'prompt', 'input', 'goal', 'text'];
/** Longest text shown for one item. */
const MAX_TEXT = 600;

/**
 * A lookup from item id to a readable text: the entry itself when it is a string, else its first text field,
 * else its JSON, shortened to a few hundred characters.
 *
 * @example
 * ```ts
 * itemTextOf({ gsm8k_0: { question: 'What is 2 + 2?', answer: '4' } })('gsm8k_0'); // returns 'What is 2 + 2?'
 * itemTextOf({})('gsm8k_0'); // returns undefined
 * ```
 */
export function itemTextOf(map: Record<string, unknown>): (id: string) => string | undefined {
  return (id) => {
    if (!Object.hasOwn(map, id)) return undefined;
    const entry = map[id];
    let text: string;
    if (typeof entry === 'string') text = entry;
    else if (typeof entry === 'object' && entry !== null) {
      const field = TEXT_FIELDS.find((name) => typeof (entry as Record<string, unknown>)[name] === 'string');
      text = field ? ((entry as Record<string, unknown>)[field] as string) : JSON.stringify(entry);
    } else text = String(entry);
    return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
  };
}
