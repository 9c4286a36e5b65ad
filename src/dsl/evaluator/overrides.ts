/**
 * Caps, floors and the manual override, applied to a rounded score.
 *
 * Order matters and is fixed by the language: floors first, then caps, each
 * in declared order, then the manual override. A cap therefore beats a floor
 * that fired on the same account, and a person's decision beats both.
 *
 * Decisions:
 * - An override whose condition holds is listed even when it changes
 *   nothing (`applied: false`), e.g. a cap to the top band, or any override
 *   of an account with insufficient data (which keeps no score or band).
 * - A manual override naming a band this scorecard does not have (a later
 *   version may have removed it) is listed with `applied: false`.
 * - Scores set by overrides stay on the one-decimal grid: a cap to a band
 *   below one starting at 80 gives at most 79.9.
 */
import type { BandInfo, ManualOverride, OverrideResult, SourceLocation } from '../result.js';
import type { EvalContext } from './context.js';
import { roundScore } from './numbers.js';

/** A `cap` or `floor` as compiled; `band` is the index of its band. */
export interface CompiledOverride {
  kind: 'cap' | 'floor';
  band: number;
  reason: string | null;
  signals: readonly number[];
  location: SourceLocation;
}

/** A score and the index of its band; `score` is null with insufficient data. */
export interface Standing {
  score: number | null;
  band: number;
}

/** The first band, in declared order, whose `from` is at most `score`. */
export function bandIndexFor(bands: readonly BandInfo[], score: number): number {
  for (let i = 0; i < bands.length; i++) {
    if ((bands[i] as BandInfo).from <= score) return i;
  }
  return bands.length - 1;
}

/** The highest score inside band `i`: just under the band above, or 100. */
function topOf(bands: readonly BandInfo[], i: number): number {
  return i === 0 ? 100 : roundScore((bands[i - 1] as BandInfo).from - 0.1);
}

/**
 * Applies the rule overrides (already ordered floors, then caps) to
 * `standing` in place, appending those whose condition held to `out`.
 * `fired[i]` is 1 when the condition of `overrides[i]` holds.
 */
export function applyRuleOverrides(
  c: EvalContext,
  overrides: readonly CompiledOverride[],
  fired: Uint8Array,
  bands: readonly BandInfo[],
  standing: Standing,
  out: OverrideResult[],
): void {
  for (let i = 0; i < overrides.length; i++) {
    if (fired[i] !== 1) continue;
    const o = overrides[i] as CompiledOverride;

    let applied = false;
    const score = standing.score;
    if (score !== null) {
      if (o.kind === 'floor' && standing.band > o.band) {
        standing.band = o.band;
        standing.score = Math.max(score, (bands[o.band] as BandInfo).from);
        applied = true;
      } else if (o.kind === 'cap' && standing.band < o.band) {
        standing.band = o.band;
        standing.score = Math.min(score, topOf(bands, o.band));
        applied = true;
      }
    }
    out.push({
      kind: o.kind,
      band: (bands[o.band] as BandInfo).name,
      reason: o.reason,
      applied,
      signals: c.readingsOf(o.signals),
      location: o.location,
    });
  }
}

/**
 * Applies a manual override in force at `asOf` (epoch ms): it sets the band
 * and clamps the score into that band's range. Expired ones are ignored.
 */
export function applyManualOverride(
  manual: ManualOverride | null | undefined,
  asOf: number,
  bands: readonly BandInfo[],
  standing: Standing,
  out: OverrideResult[],
): void {
  if (!manual) return;
  if (manual.expiresAt != null) {
    const expires = Date.parse(manual.expiresAt);
    if (!Number.isFinite(expires)) {
      throw new TypeError(
        `manualOverride.expiresAt is ${JSON.stringify(manual.expiresAt)}; ` +
          'expected an ISO 8601 string or null',
      );
    }
    if (expires <= asOf) return;
  }

  const band = bands.findIndex((b) => b.name === manual.band);
  let applied = false;
  const score = standing.score;
  if (band >= 0 && score !== null) {
    const clamped = Math.min(Math.max(score, (bands[band] as BandInfo).from), topOf(bands, band));
    applied = band !== standing.band || clamped !== score;
    standing.band = band;
    standing.score = clamped;
  }
  out.push({
    kind: 'manual',
    band: manual.band,
    reason: manual.reason ?? null,
    applied,
    signals: [],
    location: null,
  });
}
