/**
 * The functions an expression may call (SPEC 2.2), described as data so the
 * checker, the evaluator and the docs agree on one table.
 *
 * Every function reads one signal's history. The first argument is always a
 * signal name, never a computed value, because the function needs the
 * signal's observations over time, not its current value alone.
 */
import type { SignalType } from '../ast.js';

/** What an argument position accepts. */
export type ParameterKind = 'signal' | 'duration';

/** A function's contract: its arguments and what it returns. */
export interface FunctionSignature {
  name: string;
  /** The argument positions, in order; the count is the function's arity. */
  params: readonly ParameterKind[];
  /** The signal types the `signal` argument may have. */
  signalTypes: readonly SignalType[];
  /** The type of the value the call produces. */
  result: 'number' | 'boolean';
  /** A call as a user would write it, for messages. */
  example: string;
}

const ANY_SIGNAL: readonly SignalType[] = ['number', 'boolean', 'text'];
const NUMBER_SIGNAL: readonly SignalType[] = ['number'];
const SIGNAL_AND_WINDOW: readonly ParameterKind[] = ['signal', 'duration'];

function signature(
  name: string,
  params: readonly ParameterKind[],
  signalTypes: readonly SignalType[],
  result: 'number' | 'boolean',
): FunctionSignature {
  const args = params.map((p) => (p === 'signal' ? 'signal' : '30d')).join(', ');
  return { name, params, signalTypes, result, example: `${name}(${args})` };
}

/**
 * Every function of the language, by name. `count`, `age` and `present` work
 * on a signal of any type since they look only at when observations were
 * made; the others do arithmetic on the values, so they need numbers.
 */
export const FUNCTIONS: ReadonlyMap<string, FunctionSignature> = new Map(
  [
    signature('change', SIGNAL_AND_WINDOW, NUMBER_SIGNAL, 'number'),
    signature('delta', SIGNAL_AND_WINDOW, NUMBER_SIGNAL, 'number'),
    signature('avg', SIGNAL_AND_WINDOW, NUMBER_SIGNAL, 'number'),
    signature('min', SIGNAL_AND_WINDOW, NUMBER_SIGNAL, 'number'),
    signature('max', SIGNAL_AND_WINDOW, NUMBER_SIGNAL, 'number'),
    signature('sum', SIGNAL_AND_WINDOW, NUMBER_SIGNAL, 'number'),
    signature('count', SIGNAL_AND_WINDOW, ANY_SIGNAL, 'number'),
    signature('age', ['signal'], ANY_SIGNAL, 'number'),
    signature('present', ['signal'], ANY_SIGNAL, 'boolean'),
  ].map((f) => [f.name, f]),
);

/** The signature of a function, or undefined when the language has none by that name. */
export function lookupFunction(name: string): FunctionSignature | undefined {
  return FUNCTIONS.get(name);
}
