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
