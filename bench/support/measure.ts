/** Timing helpers shared by the benchmarks. */

/** The middle value of `xs` (the upper one of the two for an even count); `xs` is not changed. */
export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((x, y) => x - y);
  return sorted[sorted.length >> 1]!;
}

/**
 * Collects garbage when node runs with `--expose-gc` (as `npm run bench`
 * does), so one pass's garbage is not collected inside the next timed region.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
