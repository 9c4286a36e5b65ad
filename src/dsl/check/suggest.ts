/**
 * "Did you mean": the declared name closest to a misspelt one.
 *
 * A suggestion that is not close is worse than none, so a candidate must be
 * within a third of the name's length in edits (at least one edit allowed).
 */

/**
 * The candidate nearest to `name` by edit distance, or undefined when none is
 * close enough. A difference only in letter case counts as the closest match.
 * Ties go to the earlier candidate, which is the one declared first.
 */
export function suggestName(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance =
      candidate.toLowerCase() === name.toLowerCase()
        ? 0
        : editDistance(name, candidate, Math.min(limit, bestDistance - 1));
    // Replacing every letter is a different name, not a slip (`a` is not `b`).
    if (distance <= limit && distance < name.length && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `; did you mean `x`?` when there is a close name, otherwise the empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const suggestion = suggestName(name, candidates);
  return suggestion === undefined ? '' : `; did you mean \`${suggestion}\`?`;
}

/**
 * Levenshtein distance with adjacent transpositions counted as one edit
 * (`actvie` is one slip from `active`). Returns `limit + 1` as soon as the
 * distance must exceed `limit`, which keeps long candidate lists cheap.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, previous2[j - 2]! + 1);
      }
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length]!;
}
