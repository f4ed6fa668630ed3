import { defineProject } from 'vitest/config';
import { hasChromium } from '../../vitest.browser.shared.ts';

// Install tests: the packed tarballs, installed with npm into a scratch project, used as users use them. The
// browser file needs Chromium; without it only the Node file runs, and the root config has said why.
export default defineProject({
  test: {
    name: 'install',
    environment: 'node',
    include: hasChromium ? ['*.install.test.ts'] : ['node.install.test.ts'],
    globalSetup: ['./global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
