// Values that look immutable are: a bank's columns and the shared defaults cannot be changed behind the
// engine's back (ES modules run in strict mode, so a write to a frozen value throws a TypeError).
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ENGINE_OPTIONS, DEFAULT_RUN, ItemBank, fluidBenchmarking, initSync } from '../src/index';

beforeAll(() => initSync());

describe('ItemBank', () => {
  it('freezes its columns and ids, so the cached engine and the caller see the same items', () => {
    const bank = new ItemBank({ ids: ['x', 'y', 'z'], a: [1, 2, 0.5], b: [0, 0.3, -1] });
    const before = fluidBenchmarking([1, 0, 1], bank, { nMax: 3 });
    for (const column of [bank.a, bank.b, bank.c, bank.d]) {
      expect(() => {
        (column as number[])[1] = 9;
      }).toThrow(TypeError);
    }
    expect(() => (bank.ids as string[]).push('w')).toThrow(TypeError);
    expect(bank.a).toEqual([1, 2, 0.5]);
    expect(fluidBenchmarking([1, 0, 1], bank, { nMax: 3 })).toEqual(before);
  });

  it('copies what it is given: changing the caller\'s arrays later changes nothing', () => {
    const a = new Float64Array([1, 2]);
    const bank = new ItemBank({ a, b: [0, 0] });
    a[0] = 5;
    expect(bank.a[0]).toBe(1);
  });
});

describe('shared defaults', () => {
  it('DEFAULT_RUN cannot be changed by a caller', () => {
    expect(() => {
      (DEFAULT_RUN as { nMax: number }).nMax = 1;
    }).toThrow(TypeError);
    expect(DEFAULT_RUN.nMax).toBe(500);
  });

  it('DEFAULT_ENGINE_OPTIONS cannot be changed, its range included', () => {
    expect(() => {
      (DEFAULT_ENGINE_OPTIONS as { priorSd: number }).priorSd = 2;
    }).toThrow(TypeError);
    expect(() => {
      (DEFAULT_ENGINE_OPTIONS.range as unknown as number[])[0] = -10;
    }).toThrow(TypeError);
    expect(DEFAULT_ENGINE_OPTIONS.range).toEqual([-4, 4]);
  });

  it('an engine\'s settings are frozen too (changing them would not reach the module)', () => {
    const bank = new ItemBank({ a: [1], b: [0] });
    const settings = bank.engine().settings;
    expect(() => {
      (settings as { priorSd: number }).priorSd = 3;
    }).toThrow(TypeError);
  });
});

describe('ItemBank.probability', () => {
  it('is c + (d − c)·σ(D·a·(θ − b)) and checks its row', () => {
    const bank = new ItemBank({ a: [1.5, 1], b: [0.2, 0], c: [0, 0.2], d: [1, 0.9] });
    expect(bank.probability(0, 0.2)).toBe(0.5);
    // σ(2·1·(1 − 0)) with D = 2, squeezed into [0.2, 0.9]
    expect(bank.probability(1, 1, { D: 2 })).toBeCloseTo(0.2 + 0.7 / (1 + Math.exp(-2)), 15);
    expect(() => bank.probability(2, 0)).toThrow(/row: not a row of the bank/);
  });
});
