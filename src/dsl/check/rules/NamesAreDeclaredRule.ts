import type * as ast from '../../ast.js';
import { walkExpr, type CheckContext } from '../context.js';
import { suggestName } from '../suggest.js';

/**
 * HR101: every name used is declared. Expressions and test `given` blocks name
 * signals, caps, floors and `expect band` name bands, and `expect alert` names
 * alerts. The message suggests the closest declared name, or lists the
 * declared ones when none is close.
 */
export function NamesAreDeclaredRule(ctx: CheckContext): void {
  for (const expr of ctx.expressions()) {
    walkExpr(expr, (node) => {
      if (node.kind === 'Ref') checkSignal(ctx, node.name, node.range);
    });
  }

  for (const decl of ctx.card.body) {
    if (decl.kind === 'Override') {
      checkName(ctx, 'band', decl.band, ctx.bands.keys());
    } else if (decl.kind === 'Test') {
      for (const assign of decl.given) checkSignal(ctx, assign.signal.name, assign.signal.range);
      for (const expect of decl.expects) {
        if (expect.kind === 'ExpectBand') checkName(ctx, 'band', expect.band, ctx.bands.keys());
        if (expect.kind === 'ExpectAlert') {
          checkName(ctx, 'alert', expect.alert, ctx.alerts.keys());
        }
      }
    }
  }
}

/** Signals get a hint when the name is a metric's, a common slip. */
function checkSignal(ctx: CheckContext, name: string, range: ast.Range): void {
  if (ctx.signals.has(name)) return;
  const metric = ctx.metrics.get(name);
  if (metric) {
    ctx.error(
      'HR101',
      `unknown signal \`${name}\`; \`${metric.fullName}\` is a metric, and expressions ` +
        'name signals, never metrics',
      range,
    );
    return;
  }
  report(ctx, 'signal', name, range, [...ctx.signals.keys()]);
}

function checkName(
  ctx: CheckContext,
  what: string,
  id: ast.Identifier,
  declared: Iterable<string>,
): void {
  const names = [...declared];
  if (!names.includes(id.name)) report(ctx, what, id.name, id.range, names);
}

/** Lists at most this many declared names when none is close to the unknown one. */
const MAX_LISTED = 6;

function report(
  ctx: CheckContext,
  what: string,
  name: string,
  range: ast.Range,
  declared: string[],
): void {
  const suggestion = suggestName(name, declared);
  let hint: string;
  if (suggestion !== undefined) hint = `; did you mean \`${suggestion}\`?`;
  else if (declared.length === 0) hint = `; no ${what}s are declared`;
  else if (declared.length <= MAX_LISTED) {
    hint = `; expected one of ${declared.map((n) => `\`${n}\``).join(', ')}`;
  } else hint = '';
  ctx.error('HR101', `unknown ${what} \`${name}\`${hint}`, range);
}
