import { describe, expect, it } from 'vitest';
import { TINY } from './fixtures.js';
import { health, lines, workspace } from './harness.js';

/**
 * As of 2026-12-01 with TINY (activation 0.75, nps 0.25 of the score):
 * - acme: 6 of 10 seats active → 60 × 0.75 = 45; nps 40 → 50 × 0.25 = 12.5;
 *   57.5, poor. The active=10 observation on 12-05 is after as-of: ignored.
 * - beta: 4 of 4 → 75; nps -10 → 0; 75.0, good, and the detractor alert fires.
 * - zeta: `active` is 30 days old (max_age 14d), so only nps (25%) is real:
 *   below the default 50% coverage, not scored.
 */
const OBSERVATIONS = [
  { account: 'zeta', signal: 'seats', value: 5, at: '2026-11-01T00:00:00Z' },
  { account: 'zeta', signal: 'active', value: 5, at: '2026-11-01T00:00:00Z' },
  { account: 'zeta', signal: 'nps', value: 60, at: '2026-11-20T00:00:00Z' },
  { account: 'acme', signal: 'seats', value: 10, at: '2026-11-01T00:00:00Z' },
  { account: 'acme', signal: 'active', value: 6, at: '2026-11-30T00:00:00Z' },
  { account: 'acme', signal: 'active', value: 10, at: '2026-12-05T00:00:00Z' },
  { account: 'acme', signal: 'nps', value: 40, at: '2026-11-15T00:00:00Z' },
  { account: 'beta', signal: 'seats', value: 4, at: '2026-11-01T00:00:00Z' },
  { account: 'beta', signal: 'active', value: 4, at: '2026-11-28T00:00:00Z' },
  { account: 'beta', signal: 'nps', value: -10, at: '2026-11-10T00:00:00Z' },
];
const NDJSON = OBSERVATIONS.map((o) => JSON.stringify(o)).join('\n') + '\n';
const CSV =
  'account,signal,value,at\n' +
  OBSERVATIONS.map((o) => `${o.account},${o.signal},${o.value},${o.at}`).join('\n') +
  '\n';
const AS_OF = '2026-12-01T00:00:00Z';

function metric(
  group: string,
  name: string,
  value: number | null,
  score: number | null,
  status: string,
  weights: [nominal: number, effective: number, points: number, headroom: number],
) {
  const [nominalWeight, effectiveWeight, points, headroom] = weights;
  return {
    group,
    metric: name,
    value,
    score,
    status,
    nominalWeight,
    effectiveWeight,
    points,
    headroom,
  };
}

describe('health score', () => {
  it('prints one JSON element per account, sorted by id, with hand-computed scores', () => {
    const dir = workspace({ 'tiny.health': TINY, 'obs.ndjson': NDJSON });
    const run = health(
      dir,
      'score',
      'tiny.health',
      '--signals',
      'obs.ndjson',
      '--as-of',
      AS_OF,
      '--json',
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const results = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    expect(Object.keys(results[0]!).slice(0, 8)).toEqual([
      'account',
      'status',
      'score',
      'band',
      'coverage',
      'metrics',
      'overrides',
      'alerts',
    ]);
    const keep = ['group', 'metric', 'value', 'score', 'status'];
    const weights = ['nominalWeight', 'effectiveWeight', 'points', 'headroom'];
    const summary = results.map((r) => ({
      account: r.account,
      status: r.status,
      score: r.score,
      band: r.band,
      coverage: r.coverage,
      metrics: (r.metrics as Array<Record<string, unknown>>).map((m) =>
        Object.fromEntries([...keep, ...weights].map((k) => [k, m[k]])),
      ),
      overrides: r.overrides,
      alerts: (r.alerts as Array<Record<string, unknown>>).map(({ name, severity, message }) => ({
        name,
        severity,
        message,
      })),
    }));
    expect(summary).toEqual([
      {
        account: 'acme',
        status: 'scored',
        score: 57.5,
        band: 'poor',
        coverage: 1,
        metrics: [
          metric('usage', 'activation', 0.6, 60, 'ok', [0.75, 0.75, 45, 30]),
          metric('sentiment', 'nps', 40, 50, 'ok', [0.25, 0.25, 12.5, 12.5]),
        ],
        overrides: [],
        alerts: [],
      },
      {
        account: 'beta',
        status: 'scored',
        score: 75,
        band: 'good',
        coverage: 1,
        metrics: [
          metric('usage', 'activation', 1, 100, 'ok', [0.75, 0.75, 75, 0]),
          metric('sentiment', 'nps', -10, 0, 'ok', [0.25, 0.25, 0, 25]),
        ],
        overrides: [],
        alerts: [{ name: 'detractor', severity: 'high', message: 'NPS below zero' }],
      },
      {
        account: 'zeta',
        status: 'insufficient_data',
        score: null,
        band: null,
        coverage: 0.25,
        metrics: [
          metric('usage', 'activation', null, null, 'stale', [0.75, 0, 0, 0]),
          metric('sentiment', 'nps', 60, 100, 'ok', [0.25, 1, 100, 0]),
        ],
        overrides: [],
        alerts: [],
      },
    ]);
  });

  it('prints a table with score, band, coverage, top headroom and alerts', () => {
    const dir = workspace({ 'tiny.health': TINY, 'obs.ndjson': NDJSON });
    const run = health(dir, 'score', 'tiny.health', '--signals', 'obs.ndjson', '--as-of', AS_OF);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([
      'ACCOUNT  SCORE  BAND               COVERAGE  TOP HEADROOM          ALERTS',
      'acme     57.5   poor               100%      usage.activation +30  -',
      'beta     75.0   good               100%      sentiment.nps +25     detractor',
      'zeta     -      insufficient data  25%       -                     -',
    ]);
  });

  it('reads CSV, converting values by the declared signal types, to the same scores', () => {
    const dir = workspace({ 'tiny.health': TINY, 'obs.csv': CSV, 'obs.ndjson': NDJSON });
    const args = ['score', 'tiny.health', '--as-of', AS_OF, '--json'];
    const fromCsv = health(dir, ...args, '--signals', 'obs.csv');
    expect(fromCsv.code).toBe(0);
    expect(fromCsv.stdout).toBe(health(dir, ...args, '--signals', 'obs.ndjson').stdout);
  });

  it('takes the format from --format when the extension does not tell', () => {
    const dir = workspace({ 'tiny.health': TINY, 'obs.txt': CSV });
    const run = health(
      dir,
      'score',
      'tiny.health',
      '--signals',
      'obs.txt',
      '--format',
      'csv',
      '--as-of',
      AS_OF,
    );
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toHaveLength(4);
  });

  it('reports each bad observation line as FILE:LINE and scores nothing (exit 2)', () => {
    const bad =
      NDJSON +
      '{"account":"acme","signal":"nps","value":"high","at":"2026-11-02"}\n' +
      '{"account":"acme","signal":"nps","value":3,"at":"yesterday"}\n' +
      '{"account":"acme","signal":"npss","value":3,"at":"2026-11-02"}\n';
    const dir = workspace({ 'tiny.health': TINY, 'obs.ndjson': bad });
    const run = health(dir, 'score', 'tiny.health', '--signals', 'obs.ndjson', '--as-of', AS_OF);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(lines(run.stderr)).toEqual([
      'obs.ndjson:11: "value" of number signal "nps" must be a number, found "high"',
      'obs.ndjson:12: "at" is not an ISO 8601 time: "yesterday"',
      'obs.ndjson:13: signal "npss" is not declared; did you mean "nps"?',
      'health: obs.ndjson: 3 bad observation line(s); nothing scored',
    ]);
  });

  it('exits 2 on an --as-of that is not a time, a bad --format or a missing file', () => {
    const dir = workspace({ 'tiny.health': TINY, 'obs.ndjson': NDJSON });
    const asOf = health(dir, 'score', 'tiny.health', '--signals', 'obs.ndjson', '--as-of', 'soon');
    expect(asOf.code).toBe(2);
    expect(asOf.stderr).toBe('health: --as-of is not an ISO 8601 time: "soon"\n');
    const format = health(
      dir,
      'score',
      'tiny.health',
      '--signals',
      'obs.ndjson',
      '--format',
      'xml',
    );
    expect(format.code).toBe(2);
    expect(format.stderr).toBe('health: --format must be ndjson or csv, found "xml"\n');
    const missing = health(dir, 'score', 'tiny.health', '--signals', 'none.ndjson');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('health: none.ndjson: no such file\n');
  });

  it('exits 1 with the diagnostics when the rules have errors', () => {
    const dir = workspace({
      'bad.health': TINY.replace('active / seats', 'actve / seats'),
      'obs.ndjson': NDJSON,
    });
    const run = health(dir, 'score', 'bad.health', '--signals', 'obs.ndjson');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'bad.health:7:34: error HR101: unknown signal `actve`; did you mean `active`?\n',
    );
  });
});
