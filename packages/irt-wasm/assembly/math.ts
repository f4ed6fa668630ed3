// Scalar helpers shared by the kernels (one definition each; @inline, so hot loops pay no call).

/** `x` clipped to [lo, hi]. */
@inline export function clampTo(x: f64, lo: f64, hi: f64): f64 {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Spacing of `n` equally spaced nodes on [lo, hi]. */
@inline export function nodeSpacing(lo: f64, hi: f64, n: i32): f64 {
  return (hi - lo) / <f64>(n - 1);
}

/**
 * Node `q` of `n` equally spaced nodes on [lo, hi] (`spacing` from nodeSpacing), the last one exactly `hi`:
 * the one definition of the EAP grid and of the selection criteria's grid.
 */
@inline export function gridNode(q: i32, n: i32, lo: f64, hi: f64, spacing: f64): f64 {
  return q == n - 1 ? hi : lo + <f64>q * spacing;
}

/**
 * Whether `value` of item `item` beats the best so far (`best` of `bestIndex`, −1 for none): larger, or equal
 * with a lower index (the selection rule "exact ties go to the lowest index", as a full scan keeps them).
 */
@inline export function beats(value: f64, item: i32, best: f64, bestIndex: i32): bool {
  return value > best || bestIndex < 0 || (value == best && item < bestIndex);
}
