// A small seeded world for the tests: a 2PL bank and matching items of every kind and scoring corner
// (acc and acc_norm, a continuation that starts mid-token, generation with the last-number rule).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ItemBank, PolytomousItemBank, SeededRandom } from '@fluidbench/core';

export const WORDS = ['red', 'blue', 'green', 'yellow', 'purple', 'orange', 'black', 'white', 'silver', 'gold'];

export interface WorldItem {
  id: string;
  type: 'multiple_choice' | 'generate';
  context: string;
  choices?: string[];
  answer?: number;
  metric?: 'acc' | 'acc_norm';
  target?: string;
  until?: string[];
}

/** `size` items: a ~ LogNormal(0, 0.3), b ~ N(0, 1.2²), seeded; every 5th item mid-token, 7th acc_norm, 11th generate. */
export function makeWorld(size: number, seed = 12, options: { generate?: boolean } = {}) {
  const rng = new SeededRandom(seed);
  const ids: string[] = [];
  const a: number[] = [];
  const b: number[] = [];
  const items: WorldItem[] = [];
  for (let i = 0; i < size; i++) {
    const id = `q${i}`;
    ids.push(id);
    a.push(Math.min(3, Math.max(0.3, Math.exp(0.3 * rng.nextNormal()))));
    b.push(1.2 * rng.nextNormal());
    const answer = rng.nextInt(4);
    if (options.generate !== false && i % 11 === 10) {
      const target = 1000 + 37 * i;
      items.push({ id, type: 'generate', context: `Question ${i}: how many apples are there in crate ${i}?\nAnswer:`, target: target.toLocaleString('en-US'), until: ['Question:'] });
    } else if (i % 5 === 4) {
      // the context ends inside the token "(A)" that the server's tokenizer makes of "(" + "A)"
      items.push({ id, type: 'multiple_choice', context: `Question ${i}: which letter?\nAnswer: (`, choices: ['A)', 'B)', 'C)', 'D)'], answer });
    } else {
      const choices = [0, 1, 2, 3].map((k) => ` ${WORDS[(i + k) % WORDS.length]}${k % 2 ? ' and more' : ''}`);
      items.push({ id, type: 'multiple_choice', context: `Question ${i}: what colour is thing ${i}?\nAnswer:`, choices, answer, metric: i % 7 === 6 ? 'acc_norm' : 'acc' });
    }
  }
  const bank = new ItemBank({ ids, a, b });
  return { bank, items, ids, a, b };
}

/** Writes the world's IRT CSV and items JSONL into a fresh temporary folder. */
export function writeWorld(world: ReturnType<typeof makeWorld>) {
  const dir = mkdtempSync(join(tmpdir(), 'fluid-eval-'));
  const irt = join(dir, 'irt.csv');
  const items = join(dir, 'items.jsonl');
  writeFileSync(irt, `id,a,b\n${world.ids.map((id, i) => `${id},${world.a[i]},${world.b[i]}`).join('\n')}\n`);
  writeFileSync(items, world.items.map((item) => JSON.stringify(item)).join('\n') + '\n');
  return { dir, irt, items };
}

/** Eight simulated LMs of known ability, spread over the bank's range. */
export const EIGHT_LMS: Record<string, number> = {
  'lm-a': -2, 'lm-b': -1.4, 'lm-c': -0.8, 'lm-d': -0.3, 'lm-e': 0.2, 'lm-f': 0.7, 'lm-g': 1.3, 'lm-h': 2,
};

export interface GradedWorldItem {
  id: string;
  type: 'mc2' | 'generate';
  context: string;
  choices?: string[];
  answers?: number[];
  target?: string;
  until?: string[];
}

/**
 * A graded (GRM) world of `size` items with `categories` categories each: a ~ LogNormal(0, 0.3), thresholds
 * sorted N(0, 1.2²) draws, seeded. Items are mc2 (four choices, the first two true) or, with `generate`, generative.
 */
export function makeGradedWorld(size: number, categories: number, options: { seed?: number; generate?: boolean } = {}) {
  const rng = new SeededRandom(options.seed ?? 16);
  const ids: string[] = [];
  const a: number[] = [];
  const thresholds: number[][] = [];
  const items: GradedWorldItem[] = [];
  for (let i = 0; i < size; i++) {
    const id = `g${i}`;
    ids.push(id);
    a.push(Math.min(3, Math.max(0.3, Math.exp(0.3 * rng.nextNormal()))));
    thresholds.push(Array.from({ length: categories - 1 }, () => 1.2 * rng.nextNormal()).sort((x, y) => x - y));
    items.push(options.generate
      ? { id, type: 'generate', context: `Question ${i}: how many pears are in basket ${i}?\nAnswer:`, target: String(2000 + i), until: ['Question:'] }
      : { id, type: 'mc2', context: `Question ${i}: which are true of thing ${i}?\nAnswer:`, choices: [' it is red', ' it is round', ' it is loud', ' it is late'], answers: [0, 1] });
  }
  const bank = new PolytomousItemBank({ ids, model: 'grm', a, thresholds });
  return { bank, items, ids, a, thresholds, categories };
}

/** GRM category of an answer: the category whose cumulative band holds u, P(X ≥ k) = σ(a(θ − b_k)). */
export function grmCategory(a: number, thresholds: readonly number[], theta: number, u: number): number {
  let category = 0;
  // P(X ≥ k) falls with k: the category is the number of thresholds with u < P(X ≥ k)
  for (const b of thresholds) if (u < 1 / (1 + Math.exp(-a * (theta - b)))) category++;
  return category;
}
