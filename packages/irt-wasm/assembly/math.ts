// Scalar helpers shared by the kernels (one definition each; @inline, so hot loops pay no call).

/** `x` clipped to [lo, hi]. */
@inline export function clampTo(x: f64, lo: f64, hi: f64): f64 {
  return x < lo ? lo : x > hi ? hi : x;
}
