import { configDefaults, defineProject } from 'vitest/config';

/** In-repo tests resolve workspace packages to their TypeScript sources through the `source` condition. */
export function nodeProject(name: string, extra: { testTimeout?: number } = {}) {
  return defineProject({
    resolve: { conditions: ['source', 'module', 'node', 'import', 'default'] },
    ssr: { resolve: { conditions: ['source', 'module', 'node', 'import', 'default'], externalConditions: ['source'] } },
    test: {
      name,
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      // *.browser.test.ts run in Chromium (vitest.browser.shared.ts)
      exclude: [...configDefaults.exclude, '**/*.browser.test.ts'],
      testTimeout: extra.testTimeout ?? 30_000,
    },
  });
}
