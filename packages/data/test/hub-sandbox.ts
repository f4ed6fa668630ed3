// The hub tests' per-test sandbox: a fresh HubSandbox (scratch folder, fake hub) with the loaders isolated from
// the machine's Hugging Face settings, disposed after each test.
import { afterEach, beforeEach, vi } from 'vitest';
import { HubSandbox } from '../src/testing';

/** Registers the hooks; `current` is the running test's sandbox. */
export function useHubSandbox(prefix: string): { readonly current: HubSandbox } {
  const state = {} as { current: HubSandbox };
  beforeEach(async () => {
    state.current = await HubSandbox.create(prefix);
    for (const [name, value] of Object.entries(state.current.environment)) vi.stubEnv(name, value);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await state.current.dispose();
  });
  return state;
}
