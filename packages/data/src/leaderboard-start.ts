import type { LeaderboardResults } from './dataset';

/**
 * The mean ability of a benchmark's Open LLM Leaderboard LMs: where the paper starts Fluid Benchmarking
 * (0 when the results have no abilities for the benchmark).
 *
 * @example
 * ```ts
 * meanLeaderboardAbility({ mmlu: { accuracy: {}, ability: { lm1: -0.5, lm2: 1.5 } } }, 'mmlu'); // returns 0.5
 * ```
 */
export function meanLeaderboardAbility(results: LeaderboardResults, benchmark: string): number {
  const abilities = Object.values(results[benchmark]?.ability ?? {});
  return abilities.length ? abilities.reduce((sum, x) => sum + x, 0) / abilities.length : 0;
}
