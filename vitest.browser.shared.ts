import { existsSync } from 'node:fs';
import { playwright } from '@vitest/browser-playwright';
import { defineProject } from 'vitest/config';

/**
 * Debian's Chromium (apt package `chromium`; `.ci/run` installs it when missing). Playwright's own browser builds
 * cannot be downloaded here, so the projects launch the system binary. `FLUIDBENCH_CHROMIUM` overrides the path.
 */
export const CHROMIUM_PATH = process.env.FLUIDBENCH_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that let Debian's Chromium start headless as root in a container, with no network of its own. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const hasChromium = existsSync(CHROMIUM_PATH);

/**
 * The browser projects to register: all of them when Chromium is there, none (with one printed line saying
 * why) when it is not, so that a machine without a browser still runs every Node test.
 *
 * @example
 * ```ts
 * projects: ['packages/*\/vitest.config.ts', ...browserProjects(['packages/core/vitest.browser.config.ts'])]
 * // on a machine without Chromium: ['packages/*\/vitest.config.ts'] and one printed line
 * ```
 */
export function browserProjects(configs: string[]): string[] {
  if (hasChromium) return configs;
  const reason = `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set FLUIDBENCH_CHROMIUM)`;
  // CI sets FLUIDBENCH_NO_SKIP=1: there a missing browser is a failure, not a quiet skip
  if (process.env.FLUIDBENCH_NO_SKIP === '1') throw new Error(`FLUIDBENCH_NO_SKIP: the browser tests cannot run: ${reason}`);
  console.log(`browser tests skipped (core-browser, data-browser, tests/install/browser.install.test.ts): ${reason}`);
  return [];
}

/**
 * A vitest project that runs `test/browser/**\/*.browser.test.ts` in headless Chromium. In-repo imports resolve to
 * TypeScript sources through the `source` condition, as in the Node projects, with the browser conditions.
 *
 * @example
 * ```ts
 * // packages/core/vitest.browser.config.ts
 * export default browserProject('core-browser'); // runs test/browser/*.browser.test.ts in Chromium
 * ```
 */
export function browserProject(name: string) {
  const conditions = ['source', 'browser', 'module', 'import', 'default'];
  return defineProject({
    resolve: { conditions },
    test: {
      name,
      include: ['test/browser/**/*.browser.test.ts'],
      testTimeout: 30_000,
      browser: {
        enabled: true,
        headless: true,
        screenshotFailures: false,
        provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } }),
        instances: [{ browser: 'chromium' }],
      },
    },
  });
}
