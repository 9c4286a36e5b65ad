import { walkExpr, type CheckContext } from '../context.js';

/**
 * HR203 (warning): every declared signal is read by a metric, cap, floor or
 * alert. An unread signal is usually a metric that was forgotten or a
 * misspelt name. Tests do not count: giving a value to a signal nothing reads
 * proves nothing.
 */
export function SignalsAreUsedRule(ctx: CheckContext): void {
  const used = new Set<string>();
  for (const expr of ctx.expressions()) {
    walkExpr(expr, (node) => {
      if (node.kind === 'Ref') used.add(node.name);
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
