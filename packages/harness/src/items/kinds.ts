// The registry of item kinds: a new kind is a file like multiple-choice.ts plus one line here.
import { generateKind, type GenerateItem } from './generate';
import type { BaseItem, ItemKind } from './item-kind';
import { mc2Kind, type Mc2Item } from './mc2';
import { multipleChoiceKind, type MultipleChoiceItem } from './multiple-choice';
import { multipleContextKind, type MultipleContextItem } from './multiple-context';

/** Every item the items file can hold. */
export type Item = MultipleChoiceItem | GenerateItem | Mc2Item | MultipleContextItem;

/** The kinds by their `type`. */
export const ITEM_KINDS: { readonly [K in Item['type']]: ItemKind<Extract<Item, { type: K }>> } = {
  multiple_choice: multipleChoiceKind,
  generate: generateKind,
  mc2: mc2Kind,
  multiple_context: multipleContextKind,
};

/** The item types the items file accepts. */
export const ITEM_TYPES = Object.keys(ITEM_KINDS) as Item['type'][];

/**
 * The kind that handles `item`.
 *
 * @example
 * ```ts
 * kindOf({ id: 'q1', type: 'generate', context: 'Q', target: '4', until: [], maxTokens: 256 }).type; // returns 'generate'
 * ```
 */
export function kindOf<T extends Item>(item: T): ItemKind<T> {
  return ITEM_KINDS[item.type] as unknown as ItemKind<T>;
}

export type { BaseItem };
