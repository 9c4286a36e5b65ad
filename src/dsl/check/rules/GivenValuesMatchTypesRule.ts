import type { CheckContext } from '../context.js';
import { describeType, literalType } from '../types.js';

/**
 * HR103: a test gives each signal a value of the signal's declared type, as
 * ingestion would require of a real observation.
 */
export function GivenValuesMatchTypesRule(ctx: CheckContext): void {
  for (const decl of ctx.card.body) {
    if (decl.kind !== 'Test') continue;
    for (const { signal, value } of decl.given) {
      const declared = ctx.signals.get(signal.name)?.type;
      const found = literalType(value.kind);
      if (declared === undefined || declared === found) continue;
      ctx.error(
        'HR103',
        `signal \`${signal.name}\` is ${describeType(declared)}; ` +
          `found ${describeType(found)} in the test's given value`,
        value.range,
      );
    }
  }
}
