import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../src/index';
import { defaultCacheDir, resolveHubSettings } from '../src/hub-settings';

describe('hub settings from the environment', () => {
  it('picks the cache root in Python huggingface_hub order', () => {
    expect(defaultCacheDir({ HF_HUB_CACHE: '/x/cache', HUGGINGFACE_HUB_CACHE: '/y', HF_HOME: '/z' })).toBe('/x/cache');
    expect(defaultCacheDir({ HUGGINGFACE_HUB_CACHE: '/y', HF_HOME: '/z' })).toBe('/y');
    expect(defaultCacheDir({ HF_HOME: '/z', XDG_CACHE_HOME: '/xdg' })).toBe(join('/z', 'hub'));
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/xdg' })).toBe(join('/xdg', 'huggingface', 'hub'));
  });

  it('reads HF_HUB_OFFLINE and HF_ENDPOINT; options win', () => {
    for (const spelling of ['1', 'true', 'YES', 'on']) expect(resolveHubSettings({}, { HF_HUB_OFFLINE: spelling }).offline).toBe(true);
    for (const spelling of ['', '0', 'false']) expect(resolveHubSettings({}, { HF_HUB_OFFLINE: spelling }).offline).toBe(false);
    expect(resolveHubSettings({ offline: false }, { HF_HUB_OFFLINE: '1' }).offline).toBe(false);
    expect(resolveHubSettings({}, { HF_ENDPOINT: 'http://127.0.0.1:9/' }).hubUrl).toBe('http://127.0.0.1:9');
    expect(resolveHubSettings({ hubUrl: 'http://127.0.0.1:8' }, { HF_ENDPOINT: 'http://127.0.0.1:9' }).hubUrl).toBe('http://127.0.0.1:8');
    expect(resolveHubSettings({}, {}).hubUrl).toBe('https://huggingface.co');
  });

  it('takes the token from the option, HF_TOKEN, then the token file under HF_HOME', async () => {
    const home = await mkdtemp(join(tmpdir(), 'fluidbench-token-'));
    try {
      await writeFile(join(home, 'token'), 'hf_fromFile\n');
      expect(resolveHubSettings({}, { HF_HOME: home }).token()).toBe('hf_fromFile');
      expect(resolveHubSettings({}, { HF_HOME: home, HF_TOKEN: 'hf_fromEnv' }).token()).toBe('hf_fromEnv');
      expect(resolveHubSettings({ token: 'hf_fromOption' }, { HF_HOME: home, HF_TOKEN: 'hf_fromEnv' }).token()).toBe('hf_fromOption');
      expect(resolveHubSettings({}, { HF_HOME: join(home, 'absent') }).token()).toBeUndefined();
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('rejects revisions and repos that could escape the cache', () => {
    for (const revision of ['', '../x', 'a/../../b', 'a\\b', '/abs']) {
      expect(() => resolveHubSettings({ revision }, {})).toThrow(InvalidArgumentError);
    }
    expect(resolveHubSettings({ revision: 'refs/pr/1' }, {}).revision).toBe('refs/pr/1');
    expect(() => resolveHubSettings({ repo: '../evil' }, {})).toThrow(/owner\/name/);
  });
});
