import { browserProject } from '../../vitest.browser.shared.ts';

// The browser-safe entry's parsers in headless Chromium (registered by the root vitest.config.ts).
export default browserProject('data-browser');
