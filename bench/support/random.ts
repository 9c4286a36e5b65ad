/**
 * The benchmarks' seeded random numbers. A fixed seed gives the same
 * synthetic accounts on every run, so figures from two runs compare.
 */

/** mulberry32: a small, fast 32-bit generator; returns floats in [0, 1). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
