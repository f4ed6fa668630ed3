import { InvalidArgumentError } from './errors';

/** One stopping condition; each names itself in the stop reason when it ends a test. */
export type StopCondition =
  /** At least `items` items given. */
  | { rule: 'max_items'; items: number }
  /** The standard error below `se`. */
  | { rule: 'min_se'; se: number }
  /** The cut θ_c outside θ̂ ± z·SE (the test has classified the LM above or below the cut). Default z 1.96. */
  | { rule: 'classification'; cut: number; z?: number }
  /** The best remaining item's Fisher information at θ̂ below `information`. */
  | { rule: 'min_information'; information: number }
  /** The last answer moved θ̂ by less than `delta`. */
  | { rule: 'ability_change'; delta: number }
  /** The SE fell by less than `gain` over the last `patience` items. */
  | { rule: 'se_plateau'; gain: number; patience: number };

/** A stopping rule: a condition, or conditions combined with any (first to hold) / all (every one holds). */
export type StopRule = StopCondition | { any: StopRule[] } | { all: StopRule[] };

/** Stopping settings: a rule, and a floor of items under every rule but the end of the bank. */
export interface StopOptions {
  rule?: StopRule;
  /** No rule can stop the test before this many items (catR's minimum length). Default 0. */
  minItems?: number;
}

/** Why a test stopped: a stop condition's name, or the end of the usable bank. */
export type StopRuleName = StopCondition['rule'] | 'exhausted';

/** What a stop rule looks at after each answer. */
export interface StopContext {
  /** Items given so far. */
  count: number;
  /** Ability after each item. */
  abilities: ArrayLike<number>;
  /** SE after each item. */
  se: ArrayLike<number>;
  /** The best remaining item's information at the current θ (computed only for min_information). */
  bestInformation: () => number;
}

const DEFAULT_Z = 1.96;

/**
 * The condition of `rule` that stops the test now, or null. `any` reports its first child that holds; `all`
 * reports its first child once every child holds.
 *
 * @example
 * ```ts
 * const context = { count: 3, abilities: [0.2, 0.5, 0.51], se: [0.9, 0.7, 0.6], bestInformation: () => 0.4 };
 * firedRule({ any: [{ rule: 'min_se', se: 0.5 }, { rule: 'ability_change', delta: 0.05 }] }, context); // returns 'ability_change'
 * ```
 */
export function firedRule(rule: StopRule, context: StopContext): StopCondition['rule'] | null {
  if ('any' in rule) {
    for (const child of rule.any) {
      const fired = firedRule(child, context);
      if (fired) return fired;
    }
    return null;
  }
  if ('all' in rule) {
    let first: StopCondition['rule'] | null = null;
    for (const child of rule.all) {
      const fired = firedRule(child, context);
      if (!fired) return null;
      first ??= fired;
    }
    return first;
  }
  return holds(rule, context) ? rule.rule : null;
}

function holds(condition: StopCondition, context: StopContext): boolean {
  const k = context.count;
  if (k === 0) return false;
  const se = context.se[k - 1];
  const theta = context.abilities[k - 1];
  switch (condition.rule) {
    case 'max_items':
      return k >= condition.items;
    case 'min_se':
      return se < condition.se;
    case 'classification':
      return Math.abs(theta - condition.cut) > (condition.z ?? DEFAULT_Z) * se;
    case 'min_information':
      return context.bestInformation() < condition.information;
    case 'ability_change':
      return k >= 2 && Math.abs(theta - context.abilities[k - 2]) < condition.delta;
    case 'se_plateau':
      return k > condition.patience && context.se[k - 1 - condition.patience] - se < condition.gain;
  }
}

/**
 * Whether a rule needs the best remaining item's information (the only costly input).
 *
 * @example
 * ```ts
 * needsInformation({ any: [{ rule: 'min_information', information: 0.1 }] }); // returns true
 * ```
 */
export function needsInformation(rule: StopRule | undefined): boolean {
  if (!rule) return false;
  if ('any' in rule) return rule.any.some(needsInformation);
  if ('all' in rule) return rule.all.some(needsInformation);
  return rule.rule === 'min_information';
}

/**
 * Checks a rule tree; throws InvalidArgumentError naming the bad field.
 *
 * @example
 * ```ts
 * checkStopRule({ rule: 'min_se', se: -1 }); // throws InvalidArgumentError: stop.se: must be > 0 (got -1)
 * ```
 */
export function checkStopRule(rule: StopRule, path = 'stop'): StopRule {
  if (typeof rule !== 'object' || rule === null) throw new InvalidArgumentError(path, rule, 'a stop rule is an object');
  if ('any' in rule || 'all' in rule) {
    const children = 'any' in rule ? rule.any : (rule as { all: StopRule[] }).all;
    const key = 'any' in rule ? 'any' : 'all';
    if (!Array.isArray(children) || children.length === 0) throw new InvalidArgumentError(`${path}.${key}`, children, 'need a non-empty array of rules');
    children.forEach((child, i) => checkStopRule(child, `${path}.${key}[${i}]`));
    return rule;
  }
  const positive = (key: string, value: unknown) => {
    if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) throw new InvalidArgumentError(`${path}.${key}`, value, 'must be > 0');
  };
  const count = (key: string, value: unknown) => {
    if (!(Number.isInteger(value) && (value as number) >= 1)) throw new InvalidArgumentError(`${path}.${key}`, value, 'must be a positive integer');
  };
  switch (rule.rule) {
    case 'max_items': count('items', rule.items); break;
    case 'min_se': positive('se', rule.se); break;
    case 'classification':
      if (!Number.isFinite(rule.cut)) throw new InvalidArgumentError(`${path}.cut`, rule.cut, 'must be a finite number');
      if (rule.z !== undefined) positive('z', rule.z);
      break;
    case 'min_information': positive('information', rule.information); break;
    case 'ability_change': positive('delta', rule.delta); break;
    case 'se_plateau':
      if (!(rule.gain >= 0 && Number.isFinite(rule.gain))) throw new InvalidArgumentError(`${path}.gain`, rule.gain, 'must be ≥ 0');
      count('patience', rule.patience);
      break;
    default:
      throw new InvalidArgumentError(`${path}.rule`, (rule as { rule: unknown }).rule, 'must be one of max_items, min_se, classification, min_information, ability_change, se_plateau');
  }
  return rule;
}

/**
 * Parses a stop expression (the CLI's `--stop`). Terms joined by `|` (any) and `&` (all, binds tighter),
 * parentheses group; `;` separates a trailing `min_items=N`:
 * `items>=N` (max_items), `se<S` (min_se), `info<I` (min_information), `dtheta<D` (ability_change),
 * `class(C)` or `class(C,Z)` (classification at cut C, z = Z, default 1.96), `plateau(G,P)` (se_plateau:
 * SE gain below G over P items), `min_items=N` (the floor).
 *
 * @example
 * ```ts
 * parseStopExpression('se<0.3|items>=50; min_items=10');
 * // returns { rule: { any: [{ rule: 'min_se', se: 0.3 }, { rule: 'max_items', items: 50 }] }, minItems: 10 }
 * ```
 */
export function parseStopExpression(text: string): StopOptions {
  const source = String(text);
  const parts = source.split(';').map((part) => part.trim()).filter(Boolean);
  const out: StopOptions = {};
  for (const part of parts) {
    const floor = /^min_items\s*=\s*(\d+)$/.exec(part);
    if (floor) {
      out.minItems = Number(floor[1]);
      continue;
    }
    if (out.rule) throw new InvalidArgumentError('stop', source, 'one rule expression (combine conditions with | and &)');
    out.rule = new StopParser(part, source).parse();
  }
  if (!out.rule && out.minItems === undefined) throw new InvalidArgumentError('stop', source, 'empty stop expression');
  return out;
}

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const ATOMS: [RegExp, (m: RegExpExecArray) => StopCondition][] = [
  [new RegExp(`^items\\s*>=\\s*(\\d+)`), (m) => ({ rule: 'max_items', items: Number(m[1]) })],
  [new RegExp(`^se\\s*<\\s*(${NUMBER})`), (m) => ({ rule: 'min_se', se: Number(m[1]) })],
  [new RegExp(`^info\\s*<\\s*(${NUMBER})`), (m) => ({ rule: 'min_information', information: Number(m[1]) })],
  [new RegExp(`^dtheta\\s*<\\s*(${NUMBER})`), (m) => ({ rule: 'ability_change', delta: Number(m[1]) })],
  [new RegExp(`^class\\(\\s*(${NUMBER})\\s*(?:,\\s*(${NUMBER})\\s*)?\\)`), (m) => (m[2] === undefined
    ? { rule: 'classification', cut: Number(m[1]) } : { rule: 'classification', cut: Number(m[1]), z: Number(m[2]) })],
  [new RegExp(`^plateau\\(\\s*(${NUMBER})\\s*,\\s*(\\d+)\\s*\\)`), (m) => ({ rule: 'se_plateau', gain: Number(m[1]), patience: Number(m[2]) })],
];

class StopParser {
  private at = 0;
  constructor(private readonly text: string, private readonly source: string) {}

  parse(): StopRule {
    const rule = this.any();
    this.space();
    if (this.at < this.text.length) this.fail(`unexpected "${this.text.slice(this.at)}"`);
    return checkStopRule(rule);
  }

  private fail(reason: string): never {
    throw new InvalidArgumentError('stop', this.source, `${reason}; terms: items>=N, se<S, info<I, dtheta<D, class(C[,Z]), plateau(G,P), min_items=N`);
  }

  private space(): void {
    while (this.text[this.at] === ' ') this.at++;
  }

  private any(): StopRule {
    return this.joined('|', () => this.all(), (terms) => ({ any: terms }));
  }

  private all(): StopRule {
    return this.joined('&', () => this.atom(), (terms) => ({ all: terms }));
  }

  /** term (op term)*: one term as is, several wrapped. */
  private joined(op: string, term: () => StopRule, wrap: (terms: StopRule[]) => StopRule): StopRule {
    const terms = [term()];
    for (this.space(); this.text[this.at] === op; this.space()) {
      this.at++;
      terms.push(term());
    }
    return terms.length === 1 ? terms[0] : wrap(terms);
  }

  private atom(): StopRule {
    this.space();
    if (this.text[this.at] === '(') {
      this.at++;
      const inner = this.any();
      this.space();
      if (this.text[this.at] !== ')') this.fail('missing ")"');
      this.at++;
      return inner;
    }
    const rest = this.text.slice(this.at);
    for (const [pattern, build] of ATOMS) {
      const match = pattern.exec(rest);
      if (match) {
        this.at += match[0].length;
        return build(match);
      }
    }
    return this.fail(`no stop term at "${rest}"`);
  }
}
