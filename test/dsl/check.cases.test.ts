/**
 * Golden broken files: each `test/cases/errors/*.health` lists what checking
 * it must report in its leading comments, one line per diagnostic:
 *
 *     # expect: HR104 7:28 found 1 after 5
 *
 * that is the code, the line and column where it starts and, optionally, text
 * the message must contain. A new case is a new file; no code changes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/dsl/check/index.js';
import { DIAGNOSTIC_CODES, hasErrors, sortDiagnostics } from '../../src/dsl/diagnostics.js';
import { parse } from '../../src/dsl/parser.js';

const CASES = 'test/cases/errors';
const EXPECT = /^#\s*expect:\s*(HR\d{3})\s+(\d+):(\d+)(?:\s+(.*))?$/;

interface Expected {
  at: string;
  text?: string;
}

function expectationsOf(source: string): Expected[] {
  const expected: Expected[] = [];
  for (const line of source.split('\n')) {
    if (!line.startsWith('#')) break;
    const match = EXPECT.exec(line.trim());
    if (match) expected.push({ at: `${match[1]} ${match[2]}:${match[3]}`, text: match[4] });
  }
  return expected;
}

/** Parse, then check when the parse is clean, as `health check` does. */
function diagnose(source: string) {
  const parsed = parse(source);
  const checked = parsed.scorecard && !hasErrors(parsed.diagnostics) ? check(parsed.scorecard) : [];
  return sortDiagnostics([...parsed.diagnostics, ...checked]);
}

const files = readdirSync(CASES)
  .filter((f) => f.endsWith('.health'))
  .sort();

describe('golden error cases', () => {
  it.each(files)('%s reports exactly what it expects', (file) => {
    const source = readFileSync(join(CASES, file), 'utf8');
    const expected = expectationsOf(source);
    expect(expected.length).toBeGreaterThan(0);

    const found = diagnose(source);
    const at = (d: { code: string; range: { start: { line: number; column: number } } }) =>
      `${d.code} ${d.range.start.line}:${d.range.start.column}`;
    expect(found.map(at)).toEqual(expected.map((e) => e.at));
    expected.forEach((e, i) => {
      if (e.text) expect(found[i]!.message).toContain(e.text);
    });
  });

  it('cover every checker code at least once', () => {
    const covered = new Set(
      files.flatMap((f) =>
        expectationsOf(readFileSync(join(CASES, f), 'utf8')).map((e) => e.at.slice(0, 5)),
      ),
    );
    const checkerCodes = Object.keys(DIAGNOSTIC_CODES).filter((c) => c !== 'HR001');
    expect(checkerCodes.filter((c) => !covered.has(c))).toEqual([]);
  });
});
