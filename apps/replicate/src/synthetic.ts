// The embedded default world: generated, seeded, shaped like the paper's dataset, so the whole grid runs
// offline. The 2PL model is exactly true here: responses are Bernoulli draws from each item's curve. TruthfulQA
// MC2 is graded (five-category GRM draws, written as raw scores 0…1); binarized at 0.5 they are 2PL draws too.
import { ItemBank, PolytomousItemBank, SeededRandom, abilityMany, fullAccuracy, InvalidArgumentError, simulateCategories, simulateResponses } from '@fluidbench/core';
import { deriveSeed } from './seeds';
import type { BenchmarkWorld, GradedBank, Leaderboard, LmWorld, ResponseRecipe, World } from './world';

/** MMLU's 57 subjects with their test-split sizes (14,042 items in all): the synthetic MMLU's content groups. */
export const MMLU_SUBJECT_SIZES: readonly (readonly [string, number])[] = [
  ['abstract_algebra', 100], ['anatomy', 135], ['astronomy', 152], ['business_ethics', 100],
  ['clinical_knowledge', 265], ['college_biology', 144], ['college_chemistry', 100],
  ['college_computer_science', 100], ['college_mathematics', 100], ['college_medicine', 173],
  ['college_physics', 102], ['computer_security', 100], ['conceptual_physics', 235], ['econometrics', 114],
  ['electrical_engineering', 145], ['elementary_mathematics', 378], ['formal_logic', 126], ['global_facts', 100],
  ['high_school_biology', 310], ['high_school_chemistry', 203], ['high_school_computer_science', 100],
  ['high_school_european_history', 165], ['high_school_geography', 198],
  ['high_school_government_and_politics', 193], ['high_school_macroeconomics', 390],
  ['high_school_mathematics', 270], ['high_school_microeconomics', 238], ['high_school_physics', 151],
  ['high_school_psychology', 545], ['high_school_statistics', 216], ['high_school_us_history', 204],
  ['high_school_world_history', 237], ['human_aging', 223], ['human_sexuality', 131], ['international_law', 121],
  ['jurisprudence', 108], ['logical_fallacies', 163], ['machine_learning', 112], ['management', 103],
  ['marketing', 234], ['medical_genetics', 100], ['miscellaneous', 783], ['moral_disputes', 346],
  ['moral_scenarios', 895], ['nutrition', 306], ['philosophy', 311], ['prehistory', 324],
  ['professional_accounting', 282], ['professional_law', 1534], ['professional_medicine', 272],
  ['professional_psychology', 612], ['public_relations', 110], ['security_studies', 245], ['sociology', 201],
  ['us_foreign_policy', 100], ['virology', 166], ['world_religions', 171],
];
/**
 * Subjects differ: discrimination × exp(0.35·z), difficulty + 0.4·z′ per subject, so plain MFI favours some
 * subjects (what content balancing corrects).
 */
const SUBJECT_LOG_A_SD = 0.35;
const SUBJECT_B_SD = 0.4;

/** Latent factors: a general one, one shared by ARC and MMLU, one shared by HellaSwag and WinoGrande. */
interface Loadings {
  general: number;
  knowledge: number;
  commonsense: number;
}

interface BenchmarkShape {
  name: string;
  items: number;
  /** Item difficulty b ~ Normal(mean, sd): sets how hard the benchmark is for the leaderboard. */
  difficultyMean: number;
  difficultySd: number;
  /** Item discrimination a ~ LogNormal(log(median), logSd). */
  discriminationMedian: number;
  discriminationLogSd: number;
  loadings: Loadings;
  /** Scores are graded (partial credit, as TruthfulQA MC2's probability mass): items are GRM with five categories. */
  graded?: boolean;
}

/**
 * The six benchmarks with their real item counts. Difficulties put leaderboard accuracies near the
 * benchmarks' typical levels (GSM8K hard, HellaSwag and WinoGrande easy); the validity pairs ARC↔MMLU and
 * HellaSwag↔WinoGrande share a factor, so their abilities correlate at about 0.93 across the leaderboard.
 */
export const SYNTHETIC_BENCHMARKS: readonly BenchmarkShape[] = [
  { name: 'arc_challenge', items: 1172, difficultyMean: -0.2, difficultySd: 1.1, discriminationMedian: 1.8, discriminationLogSd: 0.6, loadings: { general: 0.8, knowledge: 0.54, commonsense: 0 } },
  { name: 'gsm8k', items: 1319, difficultyMean: 0.8, difficultySd: 0.9, discriminationMedian: 2.0, discriminationLogSd: 0.6, loadings: { general: 0.75, knowledge: 0, commonsense: 0 } },
  { name: 'hellaswag', items: 10042, difficultyMean: -1.3, difficultySd: 1.2, discriminationMedian: 1.6, discriminationLogSd: 0.6, loadings: { general: 0.8, knowledge: 0, commonsense: 0.54 } },
  { name: 'mmlu', items: 14042, difficultyMean: -0.2, difficultySd: 1.3, discriminationMedian: 1.6, discriminationLogSd: 0.6, loadings: { general: 0.8, knowledge: 0.54, commonsense: 0 } },
  { name: 'truthfulqa_mc2', items: 817, difficultyMean: 0.2, difficultySd: 1.0, discriminationMedian: 1.3, discriminationLogSd: 0.6, loadings: { general: 0.5, knowledge: 0, commonsense: 0 }, graded: true },
  { name: 'winogrande', items: 1267, difficultyMean: -1.0, difficultySd: 1.0, discriminationMedian: 1.4, discriminationLogSd: 0.6, loadings: { general: 0.8, knowledge: 0, commonsense: 0.54 } },
];

interface LmShape {
  name: string;
  /** Released checkpoint counts of the paper's dataset. */
  checkpoints: number;
  /** General ability at the last checkpoint (the leaderboard's abilities are standard normal). */
  finalAbility: number;
  /** Training steps between checkpoints, for checkpoint names. */
  stride: number;
}

export const SYNTHETIC_LMS: readonly LmShape[] = [
  { name: 'amber-7b', checkpoints: 73, finalAbility: 0.0, stride: 4000 },
  { name: 'k2-65b', checkpoints: 46, finalAbility: 1.3, stride: 10000 },
  { name: 'olmo1-7b', checkpoints: 83, finalAbility: 0.3, stride: 5000 },
  { name: 'olmo2-7b', checkpoints: 94, finalAbility: 0.9, stride: 10000 },
  { name: 'pythia-3b', checkpoints: 78, finalAbility: -0.8, stride: 2000 },
  { name: 'pythia-7b', checkpoints: 78, finalAbility: -0.5, stride: 2000 },
];

/** Bumped whenever the generator's output changes, so results of an older world are never resumed into a newer one. */
export const SYNTHETIC_GENERATOR_VERSION = 2;
/** The paper's leaderboard holds 102 LMs. */
export const LEADERBOARD_SIZE = 102;
/** General ability of every LM at its first released checkpoint. */
const START_ABILITY = -2.2;
/** How fast learning saturates: the curve covers 1 − e^(−rate) of its rise by the last checkpoint. */
const LEARNING_RATE = 3;
/** SD of the LM's fixed, benchmark-specific offsets (they grow in as training proceeds). */
const TRAIT_SD = 0.5;
/** Checkpoint-to-checkpoint wobble of the true ability: shared by all benchmarks, and per benchmark. */
const SHARED_WOBBLE_SD = 0.04;
const BENCHMARK_WOBBLE_SD = 0.06;
/**
 * Raw scores of the graded benchmark's five categories. A score ≥ 0.5 (category ≥ 2) counts as correct when
 * binarized, so under the GRM the binarized item is exactly the 2PL item (a, b_2): both methods' models are true.
 */
export const GRADED_SCORE_VALUES: readonly number[] = [0, 0.25, 0.5, 0.75, 1];
/** Gaps between adjacent GRM thresholds: 0.3 + 0.6·U(0, 1), around the binarization threshold b_2 = the 2PL's b. */
const THRESHOLD_GAP_MIN = 0.3;
const THRESHOLD_GAP_SPAN = 0.6;
/** Floor on shrunken sizes, so `--scale` keeps every benchmark and curve usable. */
const MIN_ITEMS = 30;
const MIN_CHECKPOINTS = 5;

export interface SyntheticOptions {
  /** Default 0. */
  seed?: number;
  /** Shrinks item and checkpoint counts (e.g. 0.05 for tests). Default 1: the paper's sizes. */
  scale?: number;
}

function shrink(count: number, scale: number, floor: number): number {
  return scale >= 1 ? count : Math.max(floor, Math.round(count * scale));
}

function factorScore(loadings: Loadings, general: number, knowledge: number, commonsense: number, specific: number): number {
  const rest = Math.sqrt(Math.max(0, 1 - loadings.general ** 2 - loadings.knowledge ** 2 - loadings.commonsense ** 2));
  return loadings.general * general + loadings.knowledge * knowledge + loadings.commonsense * commonsense + rest * specific;
}

function makeBank(shape: BenchmarkShape, nItems: number, seed: number) {
  const rng = new SeededRandom(deriveSeed(seed, 'bank', shape.name));
  const a = new Float64Array(nItems);
  const b = new Float64Array(nItems);
  for (let i = 0; i < nItems; i++) {
    a[i] = shape.discriminationMedian * Math.exp(shape.discriminationLogSd * rng.nextNormal());
    b[i] = shape.difficultyMean + shape.difficultySd * rng.nextNormal();
  }
  if (shape.name === 'mmlu') return { ids: withSubjects(a, b, seed), a, b };
  const ids = Array.from({ length: nItems }, (_, i) => `${shape.name}_${i}`);
  return { ids, a, b };
}

/**
 * MMLU ids `mmlu_<subject>_<k>` (subjects in blocks of their real shares, also when shrunk), and each subject's
 * discrimination factor and difficulty shift applied to `a` and `b` in place.
 */
function withSubjects(a: Float64Array, b: Float64Array, seed: number): string[] {
  const rng = new SeededRandom(deriveSeed(seed, 'subjects'));
  const effects = MMLU_SUBJECT_SIZES.map(() => ({ a: Math.exp(SUBJECT_LOG_A_SD * rng.nextNormal()), b: SUBJECT_B_SD * rng.nextNormal() }));
  const total = MMLU_SUBJECT_SIZES.reduce((sum, [, size]) => sum + size, 0);
  const ids: string[] = [];
  let subject = 0;
  let end = MMLU_SUBJECT_SIZES[0][1];
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    const position = Math.floor((i * total) / a.length);
    while (position >= end) {
      subject++;
      end += MMLU_SUBJECT_SIZES[subject][1];
      k = 0;
    }
    a[i] *= effects[subject].a;
    b[i] += effects[subject].b;
    ids.push(`mmlu_${MMLU_SUBJECT_SIZES[subject][0]}_${k++}`);
  }
  return ids;
}

/**
 * The graded bank of a graded benchmark: GRM thresholds b_1 < b_2 < b_3 < b_4 with b_2 the 2PL bank's b (drawn
 * from a stream of its own, so the 2PL bank is the one an ungraded world would have).
 */
function makeGradedBank(shape: BenchmarkShape, bank: { a: Float64Array; b: Float64Array }, seed: number): GradedBank {
  const rng = new SeededRandom(deriveSeed(seed, 'graded', shape.name));
  const gap = () => THRESHOLD_GAP_MIN + THRESHOLD_GAP_SPAN * rng.next();
  const thresholds = Array.from(bank.b, (b2) => {
    const b1 = b2 - gap();
    const b3 = b2 + gap();
    return Float64Array.of(b1, b2, b3, b3 + gap());
  });
  return { model: 'grm', a: bank.a, thresholds, scoreValues: [...GRADED_SCORE_VALUES], source: 'synthetic GRM, five categories' };
}

/**
 * A graded bank as core's PolytomousItemBank.
 *
 * @example
 * ```ts
 * polytomousBank({ model: 'grm', a: Float64Array.of(1), thresholds: [Float64Array.of(-1, 1)], scoreValues: [0, 0.5, 1], source: 'x' }).categories[0]; // returns 3
 * ```
 */
export function polytomousBank(graded: GradedBank, ids?: readonly string[]): PolytomousItemBank {
  return new PolytomousItemBank({ ids, model: graded.model, a: graded.a, thresholds: graded.thresholds });
}

/** Raw scores of category columns (`scoreValues[category]`). */
function rawScores(categories: Float64Array[], scoreValues: readonly number[]): Float64Array[] {
  return categories.map((column) => column.map((x) => scoreValues[x]));
}

/** True factor scores of the 102 leaderboard LMs (standard normal, independent factors). */
function leaderboardFactors(seed: number) {
  const rng = new SeededRandom(deriveSeed(seed, 'leaderboard-factors'));
  return Array.from({ length: LEADERBOARD_SIZE }, () => ({
    general: rng.nextNormal(), knowledge: rng.nextNormal(), commonsense: rng.nextNormal(),
  }));
}

/**
 * The leaderboard's scores on one benchmark: accuracy and full-bank MAP ability of simulated responses (graded
 * responses binarized at 0.5 for a graded benchmark, whose graded ability is kept too).
 */
function makeLeaderboard(
  shape: BenchmarkShape, bank: { a: Float64Array; b: Float64Array; ids: string[] }, graded: GradedBank | undefined, factors: ReturnType<typeof leaderboardFactors>, seed: number,
): Leaderboard {
  const rng = new SeededRandom(deriveSeed(seed, 'leaderboard', shape.name));
  const truth = factors.map((f) => factorScore(shape.loadings, f.general, f.knowledge, f.commonsense, rng.nextNormal()));
  const itemBank = new ItemBank({ a: bank.a, b: bank.b });
  const names = truth.map((_, k) => `leaderboard-lm-${String(k + 1).padStart(3, '0')}`);
  if (graded) {
    const categories = simulateCategories(polytomousBank(graded), truth, { rng });
    const raw = rawScores(categories, graded.scoreValues);
    return {
      names,
      accuracy: Float64Array.from(raw, (column) => fullAccuracy(column)),
      ability: abilityMany(raw, itemBank, null).theta,
      gradedAbility: abilityMany(categories, polytomousBank(graded), null).theta,
    };
  }
  const columns = simulateResponses(bank, truth, { rng });
  return {
    names,
    accuracy: Float64Array.from(columns, (column) => fullAccuracy(column)),
    ability: abilityMany(columns, itemBank, null).theta,
  };
}

/** A training run's true ability on one benchmark at each checkpoint: a saturating curve plus wobble. */
function trueAbilities(shape: BenchmarkShape, lm: LmShape, nCheckpoints: number, seed: number): Float64Array {
  const traits = new SeededRandom(deriveSeed(seed, 'traits', lm.name));
  const knowledge = TRAIT_SD * traits.nextNormal();
  const commonsense = TRAIT_SD * traits.nextNormal();
  const specificRng = new SeededRandom(deriveSeed(seed, 'trait', lm.name, shape.name));
  const specific = TRAIT_SD * specificRng.nextNormal();
  const sharedWobble = new SeededRandom(deriveSeed(seed, 'wobble', lm.name));
  const wobble = new SeededRandom(deriveSeed(seed, 'wobble', lm.name, shape.name));
  const out = new Float64Array(nCheckpoints);
  for (let t = 0; t < nCheckpoints; t++) {
    const progress = nCheckpoints === 1 ? 1 : t / (nCheckpoints - 1);
    const rise = (1 - Math.exp(-LEARNING_RATE * progress)) / (1 - Math.exp(-LEARNING_RATE));
    const general = START_ABILITY + (lm.finalAbility - START_ABILITY) * rise;
    const noise = SHARED_WOBBLE_SD * sharedWobble.nextNormal() + BENCHMARK_WOBBLE_SD * wobble.nextNormal();
    out[t] = factorScore(shape.loadings, general, rise * knowledge, rise * commonsense, rise * specific) + noise;
  }
  return out;
}

/**
 * The generated world: banks, leaderboard and learning curves. Costs about a third of a second at full
 * size (the leaderboard's 102 × 28,659 responses and their abilities); LM responses are drawn later, in the
 * workers, by {@link syntheticColumns}.
 *
 * @example
 * ```ts
 * initSync();
 * const world = syntheticWorld({ seed: 0, scale: 0.05 });
 * world.benchmarks.map((b) => b.name); // returns ['arc_challenge', 'gsm8k', ..., 'winogrande']
 * ```
 */
export function syntheticWorld(options: SyntheticOptions = {}): World {
  const seed = options.seed ?? 0;
  const scale = options.scale ?? 1;
  if (!Number.isInteger(seed)) throw new InvalidArgumentError('seed', seed, 'must be an integer');
  if (!(scale > 0 && scale <= 1)) throw new InvalidArgumentError('scale', scale, 'must be in (0, 1]');
  const factors = leaderboardFactors(seed);
  const benchmarks: BenchmarkWorld[] = SYNTHETIC_BENCHMARKS.map((shape) => {
    const bank = makeBank(shape, shrink(shape.items, scale, MIN_ITEMS), seed);
    const graded = shape.graded ? makeGradedBank(shape, bank, seed) : undefined;
    return { name: shape.name, ...bank, leaderboard: makeLeaderboard(shape, bank, graded, factors, seed), ...(graded ? { graded } : {}) };
  });
  const lms: LmWorld[] = SYNTHETIC_LMS.map((lm) => {
    const count = shrink(lm.checkpoints, scale, MIN_CHECKPOINTS);
    // Spread the kept checkpoints over the whole run, so a shrunken curve still spans training.
    const step = lm.checkpoints / count;
    return { name: lm.name, checkpoints: Array.from({ length: count }, (_, t) => `step${Math.round((t + 1) * step) * lm.stride}`) };
  });
  return {
    description: `synthetic (seed ${seed}${scale < 1 ? `, scale ${scale}` : ''})`,
    identity: { data: 'synthetic', generator: SYNTHETIC_GENERATOR_VERSION, seed, scale },
    isPaperDataset: false,
    benchmarks,
    lms,
    recipe(benchmark, lm): ResponseRecipe {
      const shape = SYNTHETIC_BENCHMARKS.find((s) => s.name === benchmark.name)!;
      const lmShape = SYNTHETIC_LMS.find((s) => s.name === lm.name)!;
      return { kind: 'synthetic', seed, benchmark: benchmark.name, lm: lm.name, trueAbilities: trueAbilities(shape, lmShape, lm.checkpoints.length, seed) };
    },
  };
}

/**
 * The response columns of one (benchmark, LM) unit: one Bernoulli draw per item and checkpoint from the
 * recipe's true abilities (on a graded benchmark, one GRM category draw, written as its raw score), from a stream of its own (so any unit can be made alone, in any worker).
 *
 * @example
 * ```ts
 * const recipe = world.recipe(world.benchmarks[0], world.lms[0]);
 * syntheticColumns(recipe, world.benchmarks[0]).length; // returns the LM's checkpoint count
 * ```
 */
export function syntheticColumns(
  recipe: Extract<ResponseRecipe, { kind: 'synthetic' }>, bank: { a: Float64Array; b: Float64Array; graded?: GradedBank },
): Float64Array[] {
  const rng = new SeededRandom(deriveSeed(recipe.seed, 'responses', recipe.benchmark, recipe.lm));
  if (bank.graded) return rawScores(simulateCategories(polytomousBank(bank.graded), recipe.trueAbilities, { rng }), bank.graded.scoreValues);
  return simulateResponses(bank, recipe.trueAbilities, { rng });
}
