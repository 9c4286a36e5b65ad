/**
 * A small harness for the analysis tests: compile a scorecard or fail loudly,
 * and build account histories from `signal: value` records.
 */
import { buildHistory, compile } from '../../src/dsl/index.js';
import type { History, SignalValue } from '../../src/dsl/result.js';
import type { CompiledScorecard } from '../../src/dsl/scorecard.js';

/** The as-of time every test scores at. */
export const AS_OF = new Date('2026-06-01T00:00:00Z');

const DAY = 86_400_000;

/** Compiles a source that must have no errors. */
export function card(source: string): CompiledScorecard {
  const { scorecard, diagnostics } = compile(source);
  if (!scorecard) {
    throw new Error(`test scorecard does not compile:\n${diagnostics.map((d) => d.message)}`);
  }
  return scorecard;
}

/**
 * A history with each signal observed once, `daysAgo` days before AS_OF
 * (default 1).
 */
export function history(values: Record<string, SignalValue>, daysAgo = 1): History {
  const at = new Date(AS_OF.getTime() - daysAgo * DAY);
  return buildHistory(Object.entries(values).map(([signal, value]) => ({ signal, value, at })));
}

/** A history from observations given as [signal, value, days before AS_OF]. */
export function series(observations: [string, SignalValue, number][]): History {
  return buildHistory(
    observations.map(([signal, value, daysAgo]) => ({
      signal,
      value,
      at: new Date(AS_OF.getTime() - daysAgo * DAY),
    })),
  );
}

/** Two signals averaged, bands at 60: small enough to score by hand. */
export const BASE = `
scorecard "Two halves" {
  min_coverage 50%
  signal a : number
  signal b : number
  signal c : number
  group g weight 1 {
    metric m1 weight 1 = a linear { 0 -> 0, 100 -> 100 }
    metric m2 weight 1 = b linear { 0 -> 0, 100 -> 100 }
  }
  bands {
    good from 60 green "Keep going"
    bad  from 0  red   "Act"
  }
}
`;

/** BASE with one edit applied: `variant(BASE, [from, to], …)`. */
export function variant(source: string, ...edits: [string, string][]): string {
  let out = source;
  for (const [from, to] of edits) {
    if (!out.includes(from)) throw new Error(`variant: ${JSON.stringify(from)} not in source`);
    out = out.replace(from, to);
  }
  return out;
}
