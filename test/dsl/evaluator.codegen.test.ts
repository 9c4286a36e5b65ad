import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/dsl/index.js';
import { compileScorecard } from '../../src/dsl/evaluator/compile.js';
import type { Observation } from '../../src/dsl/result.js';
import type { CompiledScorecard } from '../../src/dsl/scorecard.js';

const AS_OF = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;

/** A map key that would break generated code if it were spliced in raw. */
const HOSTILE_KEY = 'say "hi" \\ ${x} */ \' ` </script>';

/** `HOSTILE_KEY` as a string literal of the rule language. */
const HOSTILE_SOURCE = `"${HOSTILE_KEY.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Signal names for `everyConstruct`. */
interface Names {
  a: string;
  b: string;
  flag: string;
  tier: string;
}

const PLAIN: Names = { a: 'a', b: 'b', flag: 'flag', tier: 'tier' };

/** Every operator, function and curve the language has, over values of every type. */
function everyConstruct({ a, b, flag, tier }: Names = PLAIN): string {
  return `scorecard "Every construct" {
  stale_after 60d
  min_coverage 10%
  signal ${a} : number max_age 20d
  signal ${b} : number
  signal ${flag} : boolean
  signal ${tier} : text
  group g1 weight 2 {
    metric m1 weight 1 = (${a} + ${b}) * 2 - ${b} / ${a}
      linear { -10 -> 0, 0 -> 40, 10% -> 50, 100 -> 100 }
    metric m2 weight 1 = -${a}
      steps { < -50 -> 0, <= -10 -> 30, == 0 -> 50, != 5 -> 70, >= 100 -> 90, else -> 100 }
    metric m3 weight 2 = ${tier}
      map { "gold" -> 100, ${HOSTILE_SOURCE} -> 80, else -> 10 } missing -> 25
    metric m4 weight 1 = ${flag} map { true -> 100 }
  }
  group g2 weight 1 {
    metric m5 weight 1 = change(${a}, 10d) + delta(${b}, 5d) linear { -1 -> 0, 1 -> 100 }
    metric m6 weight 1 = avg(${a}, 30d) + min(${a}, 30d) + max(${b}, 30d) + sum(${b}, 30d)
      + count(${a}, 30d) + age(${b}) linear { 0 -> 0, 500 -> 100 }
    metric m7 weight 1 = ${tier} map { "gold" -> 100, "lead" -> 20 }
  }
  bands {
    top    from 50 green
    bottom from 0  red
  }
  floor top when present(${flag}) and not ${flag} "floored"
  cap bottom when ${a} > 90 or ${tier} == "lead"
  alert x when ${a} / ${b} >= 2 and ${flag} == true
  alert y low when not present(${tier})
}`;
}

/** Both implementations of the value pass for one source. */
function bothPasses(source: string): [CompiledScorecard, CompiledScorecard] {
  const parsed = parse(source);
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const generated = compileScorecard(parsed.scorecard!, { file: 'f.health' });
  const closures = compileScorecard(parsed.scorecard!, {
    file: 'f.health',
    valuePass: 'closures',
  });
  expect(generated.valuePass).toBe('generated');
  expect(closures.valuePass).toBe('closures');
  return [generated, closures];
}

/** Observations of `signals` within 100 days before as-of, values of any type. */
function observationsOf(signals: readonly string[]): fc.Arbitrary<Observation[]> {
  const observation = fc.record({
    signal: fc.constantFrom(...signals),
    value: fc.oneof(
      fc.integer({ min: -120, max: 120 }),
      fc.double({ noNaN: false }),
      fc.constantFrom(0, -0, 1e308, -1e308, 'gold', 'lead', HOSTILE_KEY),
      fc.boolean(),
      fc.string({ maxLength: 3 }),
    ),
    at: fc.integer({ min: -100 * DAY, max: 10 * DAY }).map((d) => new Date(AS_OF + d)),
  });
  return fc.array(observation, { maxLength: 30 });
}

describe('generated value pass', () => {
  it('gives exactly the results of the closures for every construct of the language', () => {
    const [generated, closures] = bothPasses(everyConstruct());
    fc.assert(
      fc.property(observationsOf(['a', 'b', 'flag', 'tier']), (list) => {
        const options = { asOf: new Date(AS_OF) };
        expect(generated.evaluate(list, options)).toStrictEqual(closures.evaluate(list, options));
      }),
      { numRuns: 1_000 },
    );
  });

  it('scores the key no raw splice could survive with its own entry', () => {
    const [generated] = bothPasses(everyConstruct());
    const at = new Date(AS_OF).toISOString();
    const result = generated.evaluate([{ signal: 'tier', value: HOSTILE_KEY, at }], {
      asOf: at,
    });
    const m3 = result.metrics!.find((m) => m.metric === 'm3')!;
    expect(m3.score).toBe(80);
    expect(m3.branch).toBe(`${JSON.stringify(HOSTILE_KEY)} -> 80`);
  });

  it('means the same when signals are named like the variables of the generated code', () => {
    const names: Names = { a: 'c', b: 'rt', flag: '__proto__', tier: 'constructor' };
    const [generated, closures] = bothPasses(everyConstruct(names));
    fc.assert(
      fc.property(observationsOf(Object.values(names)), (list) => {
        const options = { asOf: new Date(AS_OF) };
        expect(generated.evaluate(list, options)).toStrictEqual(closures.evaluate(list, options));
      }),
      { numRuns: 300 },
    );
  });

  it('gives exactly the results of the closures on every golden scoring case', () => {
    const dir = new URL('../cases/scoring/', import.meta.url);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const c = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as {
        rules: string;
        asOf: string;
        accounts: Record<string, Observation[]>;
      };
      const source = c.rules.endsWith('.health')
        ? readFileSync(new URL(c.rules, dir), 'utf8')
        : c.rules;
      const [generated, closures] = bothPasses(source);
      for (const [account, list] of Object.entries(c.accounts)) {
        expect(generated.evaluate(list, { asOf: c.asOf }), `${file}: ${account}`).toStrictEqual(
          closures.evaluate(list, { asOf: c.asOf }),
        );
      }
    }
  });

  it('splits a large scorecard into several functions and keeps its results', () => {
    const metrics = Array.from(
      { length: 30 },
      (_, i) => `    metric m${i} weight ${1 + (i % 3)} = s * ${i} linear { 0 -> 0, 100 -> 100 }`,
    );
    const source = `scorecard "Large" {
  signal s : number
  group g weight 1 {
${metrics.join('\n')}
  }
  bands {
    good from 50 green
    bad from 0 red
  }
}`;
    const [generated, closures] = bothPasses(source);
    fc.assert(
      fc.property(observationsOf(['s']), (list) => {
        const options = { asOf: new Date(AS_OF) };
        expect(generated.evaluate(list, options)).toStrictEqual(closures.evaluate(list, options));
      }),
      { numRuns: 200 },
    );
  });
});
