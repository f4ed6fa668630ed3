import { describe, expect, it } from 'vitest';
import { BackendError, DEFAULT_RETRY, parseRetryAfter, retryDelay, withRetries } from '../src/index';

describe('retryDelay', () => {
  it('doubles from the base, caps, and jitters within [50 %, 100 %)', () => {
    expect(retryDelay(0, DEFAULT_RETRY, undefined, () => 0)).toBe(250);
    expect(retryDelay(3, DEFAULT_RETRY, undefined, () => 0)).toBe(2000);
    expect(retryDelay(3, DEFAULT_RETRY, undefined, () => 0.5)).toBe(3000);
    expect(retryDelay(20, DEFAULT_RETRY, undefined, () => 0.999999)).toBeLessThan(30_000);
    expect(retryDelay(20, DEFAULT_RETRY, undefined, () => 0)).toBe(15_000);
  });

  it('honours Retry-After, within a ceiling', () => {
    expect(retryDelay(4, DEFAULT_RETRY, 3, () => 0)).toBe(3000);
    expect(retryDelay(0, DEFAULT_RETRY, 0)).toBe(0);
    expect(retryDelay(0, DEFAULT_RETRY, 3600)).toBe(120_000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds, an HTTP date and retry-after-ms', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }))).toBe(2);
    const now = Date.parse('2026-11-29T12:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Sun, 29 Nov 2026 12:00:05 GMT' }), now)).toBe(5);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' }))).toBe(1.5);
    expect(parseRetryAfter(new Headers({}))).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
  });
});

describe('withRetries', () => {
  const policy = { ...DEFAULT_RETRY, baseMs: 1, maxMs: 2, maxRetries: 3 };

  it('retries transient failures until one succeeds', async () => {
    let calls = 0;
    const retries: number[] = [];
    const value = await withRetries(async () => {
      if (++calls < 3) throw new BackendError(calls === 1 ? 'rate_limit' : 'malformed', 'try again', { retryAfter: 0 });
      return 'ok';
    }, { policy, onRetry: (event) => retries.push(event.retry) });
    expect(value).toBe('ok');
    expect(calls).toBe(3);
    expect(retries).toEqual([1, 2]);
  });

  it('throws a fatal failure at once and the last transient one after the retries', async () => {
    let calls = 0;
    await expect(withRetries(async () => { calls++; throw new BackendError('auth', 'HTTP 401'); }, { policy })).rejects.toThrow('not authorized: HTTP 401');
    expect(calls).toBe(1);
    calls = 0;
    await expect(withRetries(async () => { calls++; throw new BackendError('server', `HTTP 500 #${calls}`); }, { policy })).rejects.toThrow('server error: HTTP 500 #4');
    expect(calls).toBe(4);
  });
});
