import { defineConfig } from 'vitest/config';
import { browserProjects } from './vitest.browser.shared.ts';

// One vitest run over every package; each package's own vitest.config.ts names its project.
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'apps/*/vitest.config.ts',
      // the packed tarballs installed with npm into a scratch project (Node, worker threads, the fluid bin, a page)
      'tests/install/vitest.config.ts',
      // the same engine in headless Chromium; skipped with a printed reason where there is no Chromium
      ...browserProjects(['packages/core/vitest.browser.config.ts', 'packages/data/vitest.browser.config.ts']),
    ],
  },
});
