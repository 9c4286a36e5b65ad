import type * as ast from '../../ast.js';
import type { CheckContext } from '../context.js';

/**
 * HR102: a name is declared once. Signals, groups, metrics (across the whole
 * scorecard, since `group.metric` must not be needed to tell them apart),
 * bands, alerts and tests each have their own namespace; a map names each key
 * once; `bands`, `stale_after` and `min_coverage` appear at most once; a test
 * gives a signal at most one value per moment. The second occurrence is
 * reported, with the line of the first.
 */
export function NamesAreUniqueRule(ctx: CheckContext): void {
  const signals = new Seen(ctx, 'signal');
  const groups = new Seen(ctx, 'group');
  const metrics = new Seen(ctx, 'metric');
  const alerts = new Seen(ctx, 'alert');
  const tests = new Seen(ctx, 'test');
  const settings = new Seen(ctx, 'setting');
  let firstBands: ast.BandsDecl | undefined;

  for (const decl of ctx.card.body) {
    switch (decl.kind) {
      case 'Signal':
        signals.add(decl.name.name, decl.name.range);
        break;
      case 'Group':
        groups.add(decl.name.name, decl.name.range);
        for (const metric of decl.metrics) {
          metrics.add(metric.name.name, metric.name.range);
          checkMapKeys(ctx, metric.scoring);
        }
        break;
      case 'Alert':
        alerts.add(decl.name.name, decl.name.range);
        break;
      case 'Test':
        tests.add(decl.name.value, decl.name.range, `"${decl.name.value}"`);
        checkGiven(ctx, decl);
        break;
      case 'StaleAfter':
      case 'MinCoverage': {
        const word = decl.kind === 'StaleAfter' ? 'stale_after' : 'min_coverage';
        settings.add(word, decl.range, `\`${word}\``, 'is given twice; the first is at line');
        break;
      }
      case 'Bands':
        if (firstBands) {
          const line = firstBands.range.start.line;
          ctx.error('HR102', `a second \`bands\` block; the first is at line ${line}`, decl.range);
        } else {
          firstBands = decl;
          const bands = new Seen(ctx, 'band');
          for (const band of decl.bands) bands.add(band.name.name, band.name.range);
        }
        break;
      case 'Override':
        break;
    }
  }
}

/** Remembers where each name was first seen and reports the repeats. */
class Seen {
  private readonly first = new Map<string, ast.Range>();

  constructor(
    private readonly ctx: CheckContext,
    private readonly what: string,
  ) {}

  add(name: string, range: ast.Range, shown = `\`${name}\``, verb?: string): void {
    const earlier = this.first.get(name);
    if (!earlier) {
      this.first.set(name, range);
      return;
    }
    const line = earlier.start.line;
    const message = verb
      ? `${shown} ${verb} ${line}`
      : `duplicate ${this.what} ${shown}; first declared at line ${line}`;
    this.ctx.error('HR102', message, range);
  }
}

/** A map key written twice: the second can never be chosen. */
function checkMapKeys(ctx: CheckContext, scoring: ast.Scoring): void {
  if (scoring.kind !== 'Map') return;
  const first = new Map<string, ast.Range>();
  for (const { key } of scoring.entries) {
    // Keys of different types never collide: `"true"` is not `true`.
    const id = `${key.kind}:${String(key.value)}`;
    const shown = key.kind === 'String' ? `"${key.value}"` : String(key.value);
    const earlier = first.get(id);
    if (earlier) {
      const line = earlier.start.line;
      ctx.error('HR102', `duplicate map key ${shown}; first given at line ${line}`, key.range);
    } else {
      first.set(id, key.range);
    }
  }
}

/** Two values for one signal at the same moment leave the test ambiguous. */
function checkGiven(ctx: CheckContext, test: ast.TestDecl): void {
  const first = new Map<string, ast.Range>();
  for (const assign of test.given) {
    const days = assign.ago?.days ?? 0;
    const id = `${assign.signal.name}@${days}`;
    const earlier = first.get(id);
    if (earlier) {
      const when = days === 0 ? 'now' : `at -${assign.ago?.text ?? ''}`;
      ctx.error(
        'HR102',
        `signal \`${assign.signal.name}\` is given twice ${when} in this test; ` +
          `first at line ${earlier.start.line}`,
        assign.signal.range,
      );
    } else {
      first.set(id, assign.signal.range);
    }
  }
}
