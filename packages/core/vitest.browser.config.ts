import { browserProject } from '../../vitest.browser.shared.ts';

// The core tests that need no node: modules, in headless Chromium (registered by the root vitest.config.ts).
export default browserProject('core-browser');
