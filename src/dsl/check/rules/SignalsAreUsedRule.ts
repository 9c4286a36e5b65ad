import { walkExpr, type CheckContext } from '../context.js';
import { suggestName } from '../suggest.js';

/**
 * HR203 (warning): every declared signal is read by a metric, cap, floor or
 * alert. An unread signal is usually a metric that was forgotten or a
 * misspelt name. Tests do not count: giving a value to a signal nothing reads
 * proves nothing. A misspelt reference counts as reading the signal it
 * suggests: the typo is already reported (HR101), and the fix uses the signal.
 */
export function SignalsAreUsedRule(ctx: CheckContext): void {
  const used = new Set<string>();
  for (const expr of ctx.expressions()) {
    walkExpr(expr, (node) => {
      if (node.kind !== 'Ref') return;
      const name = ctx.signals.has(node.name)
        ? node.name
        : suggestName(node.name, ctx.signals.keys());
      if (name !== undefined) used.add(name);
    });
  }
  for (const [name, { decl }] of ctx.signals) {
    if (used.has(name)) continue;
    ctx.warning(
      'HR203',
      `signal \`${name}\` is declared but no metric, cap, floor or alert reads it`,
      decl.name.range,
    );
  }
}
