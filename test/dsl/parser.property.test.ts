import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DIAGNOSTICS } from '../../src/dsl/diagnostics.js';
import { parse, type ParseResult } from '../../src/dsl/parser.js';

const fixture = readFileSync(new URL('../fixtures/spec-example.health', import.meta.url), 'utf8');

/** What every parse result must satisfy, whatever the input. */
function expectWellFormed(result: ParseResult, source: string): void {
  expect(result.diagnostics.length).toBeLessThanOrEqual(MAX_DIAGNOSTICS);
  // A tree exactly when there is no syntax error.
  expect(result.scorecard === undefined).toBe(result.diagnostics.length > 0);
  for (const d of result.diagnostics) {
    expect(d.code).toBe('HR001');
    expect(d.message).not.toBe('');
    expect(d.message).not.toMatch(/the parser failed/);
    const { start, end } = d.range;
    expect(start.line).toBeGreaterThanOrEqual(1);
    expect(start.column).toBeGreaterThanOrEqual(1);
    expect(start.offset).toBeGreaterThanOrEqual(0);
    expect(end.offset).toBeGreaterThanOrEqual(start.offset);
    expect(end.offset).toBeLessThanOrEqual(source.length);
  }
}

// Characters the language uses, so random strings get past the lexer often.
const languageChars = fc.constantFrom(
  ...'scorecard signal group metric linear steps map else when alert test given expect'.split(''),
  ...'{}()<>=!-+*/@:,#"\\%\n\t 0123456789._'.split(''),
);

describe('parse on arbitrary input', () => {
  it('never throws and always returns a well-formed result on any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (source) => {
        expectWellFormed(parse(source), source);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on strings made of the language characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: languageChars, maxLength: 300 }), (source) => {
        expectWellFormed(parse(`scorecard "x" {${source}}`), `scorecard "x" {${source}}`);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on the example with a slice deleted', () => {
    fc.assert(
      fc.property(fc.nat(fixture.length), fc.nat(fixture.length), (a, b) => {
        const source = fixture.slice(0, Math.min(a, b)) + fixture.slice(Math.max(a, b));
        expectWellFormed(parse(source), source);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on the example with text inserted', () => {
    fc.assert(
      fc.property(fc.nat(fixture.length), fc.string({ maxLength: 20 }), (at, text) => {
        const source = fixture.slice(0, at) + text + fixture.slice(at);
        expectWellFormed(parse(source), source);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on the example truncated anywhere', () => {
    fc.assert(
      fc.property(fc.nat(fixture.length), (at) => {
        const source = fixture.slice(0, at);
        expectWellFormed(parse(source), source);
      }),
      { numRuns: 200 },
    );
  });

  it('reports an error for a truncated example and none for the whole one', () => {
    // Any cut before the final `}` leaves a block open.
    const lastBrace = fixture.lastIndexOf('}');
    fc.assert(
      fc.property(fc.nat(lastBrace), (at) => {
        expect(parse(fixture.slice(0, at)).diagnostics.length).toBeGreaterThan(0);
      }),
      { numRuns: 100 },
    );
    expect(parse(fixture).diagnostics).toEqual([]);
  });
});

describe('parse is deterministic', () => {
  it('gives equal trees when the same file is parsed twice', () => {
    const first = parse(fixture);
    parse('scorecard "in between" { signal $ }');
    const second = parse(fixture);
    expect(second).toEqual(first);
    expect(second.scorecard).not.toBe(first.scorecard);
  });

  it('does not let one broken parse affect the next', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (junk) => {
        parse(junk);
        expect(parse(fixture).diagnostics).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });
});
