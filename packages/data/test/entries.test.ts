// The browser entry must not reach node: modules (directly or through its imports), and the package's
// exports map must name both entries with types first and a source condition.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const sourceFolder = fileURLToPath(new URL('../src/', import.meta.url));

/** Module specifiers imported (statically or dynamically) by a source file and, recursively, by its relative imports. */
function importGraph(entry: string, seen = new Map<string, string[]>()): Map<string, string[]> {
  if (seen.has(entry)) return seen;
  const text = readFileSync(entry, 'utf8');
  const specifiers = [...text.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (match) => match[1] ?? match[2],
  );
  seen.set(entry, specifiers);
  for (const specifier of specifiers) {
    if (specifier.startsWith('.')) importGraph(join(dirname(entry), `${specifier}.ts`), seen);
  }
  return seen;
}

describe('entries', () => {
  it('keeps node: modules and the hub client out of the browser entry', () => {
    const graph = importGraph(join(sourceFolder, 'index.ts'));
    expect(graph.size).toBeGreaterThan(5);
    const external = [...graph.values()].flat().filter((specifier) => !specifier.startsWith('.'));
    expect(new Set(external)).toEqual(new Set(['papaparse']));
  });

  it('the node entry does use them', () => {
    const external = [...importGraph(join(sourceFolder, 'node.ts')).values()].flat();
    expect(external).toContain('@huggingface/hub');
    expect(external).toContain('node:fs/promises');
  });

  it('declares both entries: types first, a source condition, side-effect free', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(manifest.sideEffects).toBe(false);
    for (const [entry, name] of [['.', 'index'], ['./node', 'node']]) {
      const conditions = manifest.exports[entry];
      expect(Object.keys(conditions)[0]).toBe('types');
      expect(conditions).toMatchObject({ types: `./dist/${name}.d.ts`, source: `./src/${name}.ts`, import: `./dist/${name}.js` });
    }
  });
});
