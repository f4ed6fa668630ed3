// The browser entry must not reach node: modules (directly or through its imports); the node entry adds the
// file journal.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const sourceFolder = fileURLToPath(new URL('../src/', import.meta.url));

function importGraph(entry: string, seen = new Map<string, string[]>()): Map<string, string[]> {
  if (seen.has(entry)) return seen;
  const text = readFileSync(entry, 'utf8');
  const specifiers = [...text.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((match) => match[1] ?? match[2]);
  seen.set(entry, specifiers);
  for (const specifier of specifiers) if (specifier.startsWith('.')) importGraph(join(dirname(entry), `${specifier}.ts`), seen);
  return seen;
}

describe('entries', () => {
  it('keeps node: modules out of the browser entry', () => {
    const graph = importGraph(join(sourceFolder, 'index.ts'));
    expect(graph.size).toBeGreaterThan(10);
    const external = new Set([...graph.values()].flat().filter((specifier) => !specifier.startsWith('.')));
    // @fluidbench/data's root entry is browser-safe (its node: code is in '@fluidbench/data/node')
    expect(external).toEqual(new Set(['@fluidbench/core', '@fluidbench/data', 'openai']));
  });

  it('the node entry adds the file journal (node:fs) and the atomic writer', () => {
    const external = [...importGraph(join(sourceFolder, 'node.ts')).values()].flat();
    expect(external).toContain('node:fs');
    expect(external).toContain('@fluidbench/data/node');
  });
});
