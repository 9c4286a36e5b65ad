/**
 * The structural diff of two scorecards: a typed list of changes, one per
 * declaration attribute that differs, in the spirit of a schema's list of
 * breaking changes. It reads syntax trees only, so it works on drafts that
 * were never published.
 *
 * Declarations are matched by name (signals, groups, metrics, bands,
 * alerts, tests), and caps and floors by their band and condition. Values are
 * compared as the canonical formatter prints them, so moving a comment or
 * re-aligning columns is not a change, but writing `0.25` where `25%` stood is.
 */
import * as ast from '../dsl/ast.js';
import {
  printAssign,
  printExpectation,
  printExpr,
  printNumber,
  printScoring,
  printString,
} from '../dsl/format/expr.js';

/** What a change did to a declaration. */
export type ChangeType = 'added' | 'removed' | 'changed';

/** The kind of declaration a change touches. */
export type ChangeKind =
  | 'signal'
  | 'group'
  | 'metric'
  | 'scoring'
  | 'weight'
  | 'band'
  | 'cap'
  | 'floor'
  | 'alert'
  | 'setting'
  | 'test';

/**
 * One structural change. `path` names the declaration (`usage.activation`,
 * `bands.healthy`, `signals.nps`, `alerts.usage_dip`, `caps.at_risk`,
 * `tests.<name>`, `min_coverage`); `attribute` names the part of it that
 * changed when only a part did (`weight`, `expression`, `from`, …).
 * `before` and `after` are canonical source text, null on the side where the
 * declaration or attribute is absent.
 */
export interface RuleChange {
  type: ChangeType;
  kind: ChangeKind;
  path: string;
  attribute?: string;
  before: string | null;
  after: string | null;
  /**
   * For metrics whose nominal weight moved (directly or through a group or a
   * sibling), the nominal weight (a fraction of 1) on each side; 0 on the side
   * where the metric does not exist.
   */
  nominalWeightBefore?: number;
  nominalWeightAfter?: number;
  /** One line for people: `usage.activation weight 3 -> 2`. */
  description: string;
}

/**
 * Nominal weights that differ by less than this are equal: weights are
 * ratios of decimals, and float noise must not read as a change.
 */
const WEIGHT_EPSILON = 1e-9;

/**
 * Lists every structural difference from scorecard `a` to scorecard `b`.
 * The order is stable: settings, signals, groups and metrics, nominal-weight
 * shifts, bands, floors and caps, alerts, tests; within each, `b`'s declared
 * order, then what only `a` had.
 */
export function structuralDiff(a: ast.Scorecard, b: ast.Scorecard): RuleChange[] {
  const changes: RuleChange[] = [];
  diffSettings(a, b, changes);
  diffSignals(a, b, changes);
  diffGroupsAndMetrics(a, b, changes);
  diffNominalWeights(a, b, changes);
  diffBands(a, b, changes);
  diffOverrides(a, b, 'floor', changes);
  diffOverrides(a, b, 'cap', changes);
  diffAlerts(a, b, changes);
  diffTests(a, b, changes);
  return changes;
}

/**
 * Nominal weight of every metric, keyed by its full name `group.metric`:
 * (Wgroup / ΣWgroups) × (Wmetric / ΣWmetrics in its group).
 */
export function nominalWeights(card: ast.Scorecard): Map<string, number> {
  const groups = ast.groupsOf(card);
  const total = groups.reduce((sum, g) => sum + g.weight.value, 0);
  const weights = new Map<string, number>();
  for (const g of groups) {
    const inGroup = g.metrics.reduce((sum, m) => sum + m.weight.value, 0);
    for (const m of g.metrics) {
      const w =
        total > 0 && inGroup > 0 ? (g.weight.value / total) * (m.weight.value / inGroup) : 0;
      weights.set(`${g.name.name}.${m.name.name}`, w);
    }
  }
  return weights;
}

// ---------------------------------------------------------------------------
// Settings

function diffSettings(a: ast.Scorecard, b: ast.Scorecard, out: RuleChange[]): void {
  if (a.title.value !== b.title.value) {
    out.push(change('changed', 'setting', 'title', printString(a.title), printString(b.title)));
  }
  const staleA = ast.staleAfterOf(a);
  const staleB = ast.staleAfterOf(b);
  diffValue(out, 'setting', 'stale_after', undefined, staleA?.text, staleB?.text, 'none');
  // An absent min_coverage means the language's default, so the description
  // says so instead of calling the setting new.
  const covA = ast.minCoverageOf(a);
  const covB = ast.minCoverageOf(b);
  diffValue(
    out,
    'setting',
    'min_coverage',
    undefined,
    covA && printNumber(covA),
    covB && printNumber(covB),
    '50% (default)',
  );
}

// ---------------------------------------------------------------------------
// Signals

function diffSignals(a: ast.Scorecard, b: ast.Scorecard, out: RuleChange[]): void {
  const print = (s: ast.SignalDecl): string =>
    `signal ${s.name.name} : ${s.type}${s.maxAge ? ` max_age ${s.maxAge.text}` : ''}`;
  matchByName(ast.signalsOf(a), ast.signalsOf(b), (s) => s.name.name, {
    added: (s) => out.push(change('added', 'signal', `signals.${s.name.name}`, null, print(s))),
    removed: (s) => out.push(change('removed', 'signal', `signals.${s.name.name}`, print(s), null)),
    both: (sa, sb) => {
      const path = `signals.${sb.name.name}`;
      diffValue(out, 'signal', path, 'type', sa.type, sb.type, 'none');
      diffValue(out, 'signal', path, 'max_age', sa.maxAge?.text, sb.maxAge?.text, 'none');
    },
  });
}

// ---------------------------------------------------------------------------
// Groups and metrics

function diffGroupsAndMetrics(a: ast.Scorecard, b: ast.Scorecard, out: RuleChange[]): void {
  const weightsA = nominalWeights(a);
  const weightsB = nominalWeights(b);

  matchByName(ast.groupsOf(a), ast.groupsOf(b), (g) => g.name.name, {
    added: (g) =>
      out.push(change('added', 'group', g.name.name, null, `weight ${printNumber(g.weight)}`)),
    removed: (g) =>
      out.push(change('removed', 'group', g.name.name, `weight ${printNumber(g.weight)}`, null)),
    both: (ga, gb) =>
      diffValue(
        out,
        'weight',
        gb.name.name,
        'weight',
        printNumber(ga.weight),
        printNumber(gb.weight),
        'none',
      ),
  });

  // Metric names are unique across a scorecard, so a metric that moved to
  // another group is the same metric with a new path, not a removal.
  const located = (card: ast.Scorecard) =>
    ast.groupsOf(card).flatMap((g) => g.metrics.map((m) => ({ group: g.name.name, m })));
  matchByName(located(a), located(b), (x) => x.m.name.name, {
    added: ({ group, m }) => {
      const path = `${group}.${m.name.name}`;
      out.push({
        ...change('added', 'metric', path, null, printMetric(m)),
        nominalWeightBefore: 0,
        nominalWeightAfter: weightsB.get(path) ?? 0,
      });
    },
    removed: ({ group, m }) => {
      const path = `${group}.${m.name.name}`;
      out.push({
        ...change('removed', 'metric', path, printMetric(m), null),
        nominalWeightBefore: weightsA.get(path) ?? 0,
        nominalWeightAfter: 0,
      });
    },
    both: (xa, xb) => {
      const pathA = `${xa.group}.${xa.m.name.name}`;
      const path = `${xb.group}.${xb.m.name.name}`;
      if (pathA !== path) out.push(change('changed', 'metric', path, pathA, path, 'group'));
      const wa = printNumber(xa.m.weight);
      const wb = printNumber(xb.m.weight);
      if (wa !== wb) {
        out.push({
          ...change('changed', 'weight', path, wa, wb, 'weight'),
          nominalWeightBefore: weightsA.get(pathA) ?? 0,
          nominalWeightAfter: weightsB.get(path) ?? 0,
        });
      }
      const ea = printExpr(xa.m.expr);
      const eb = printExpr(xb.m.expr);
      diffValue(out, 'metric', path, 'expression', ea, eb, 'none');
      diffValue(
        out,
        'scoring',
        path,
        'scoring',
        printScoring(xa.m.scoring),
        printScoring(xb.m.scoring),
        'none',
      );
      diffValue(
        out,
        'scoring',
        path,
        'missing',
        xa.m.missing && printNumber(xa.m.missing),
        xb.m.missing && printNumber(xb.m.missing),
        'none',
      );
    },
  });
}

/**
 * Every metric present on both sides whose nominal weight moved although its
 * own weight did not (a group weight, a sibling, or another group changed).
 * Metrics with a direct weight change, added or removed already carry
 * their nominal weights, so each moved metric is reported exactly once.
 */
function diffNominalWeights(a: ast.Scorecard, b: ast.Scorecard, out: RuleChange[]): void {
  const reported = new Set(
    out.filter((c) => c.nominalWeightBefore !== undefined).map((c) => c.path),
  );
  const before = new Map<string, number>();
  const weightsA = nominalWeights(a);
  for (const [path, w] of weightsA) before.set(path.slice(path.indexOf('.') + 1), w);

  for (const [path, after] of nominalWeights(b)) {
    const name = path.slice(path.indexOf('.') + 1);
    const w = before.get(name);
    if (w === undefined || reported.has(path)) continue;
    if (Math.abs(w - after) <= WEIGHT_EPSILON) continue;
    out.push({
      type: 'changed',
      kind: 'weight',
      path,
      attribute: 'nominal_weight',
      before: percent(w),
      after: percent(after),
      nominalWeightBefore: w,
      nominalWeightAfter: after,
      description: `${path} nominal weight ${percent(w)} -> ${percent(after)}`,
    });
  }
}

// ---------------------------------------------------------------------------
// Bands, overrides, alerts, tests

function diffBands(a: ast.Scorecard, b: ast.Scorecard, out: RuleChange[]): void {
  const print = (band: ast.BandDecl): string =>
    [
      band.name.name,
      'from',
      printNumber(band.from),
      band.color.name,
      ...(band.action ? [printString(band.action)] : []),
    ].join(' ');
  matchByName(ast.bandsOf(a), ast.bandsOf(b), (band) => band.name.name, {
    added: (band) =>
      out.push(change('added', 'band', `bands.${band.name.name}`, null, print(band))),
    removed: (band) =>
      out.push(change('removed', 'band', `bands.${band.name.name}`, print(band), null)),
    both: (ba, bb) => {
      const path = `bands.${bb.name.name}`;
      diffValue(out, 'band', path, 'from', printNumber(ba.from), printNumber(bb.from), 'none');
      diffValue(out, 'band', path, 'color', ba.color.name, bb.color.name, 'none');
      const actA = ba.action && printString(ba.action);
      const actB = bb.action && printString(bb.action);
      diffValue(out, 'band', path, 'action', actA, actB, 'none');
    },
  });
}

/**
 * Caps (or floors) are matched by band and condition, in declared order: the
 * n-th `cap at_risk when nps < 0` of `a` is the n-th one of `b`. What is left
 * over is paired by band alone, in order, as a changed condition; the rest
 * was added or removed. The reason is compared on matched pairs.
 */
function diffOverrides(
  a: ast.Scorecard,
  b: ast.Scorecard,
  type: 'cap' | 'floor',
  out: RuleChange[],
): void {
  const ofType = (card: ast.Scorecard) => ast.overridesOf(card).filter((o) => o.type === type);
  const listA = ofType(a);
  const listB = ofType(b);
  const print = (o: ast.OverrideDecl): string => {
    const reason = o.reason ? ` ${printString(o.reason)}` : '';
    return `${type} ${o.band.name} when ${printExpr(o.when)}${reason}`;
  };
  const key = (o: ast.OverrideDecl) => `${o.band.name}\u0000${printExpr(o.when)}`;

  const pairs = pairInOrder(listA, listB, key);
  const leftover = pairInOrder(pairs.onlyA, pairs.onlyB, (o) => o.band.name);

  // A path names the band; when one band has several caps, their ordinal
  // on the `b` side (or `a` side for removals) tells them apart.
  const pathOf = (list: readonly ast.OverrideDecl[], o: ast.OverrideDecl): string => {
    const same = list.filter((x) => x.band.name === o.band.name);
    const base = `${type}s.${o.band.name}`;
    return same.length > 1 ? `${base}[${same.indexOf(o) + 1}]` : base;
  };

  for (const [oa, ob] of pairs.both) {
    const ra = oa.reason && printString(oa.reason);
    const rb = ob.reason && printString(ob.reason);
    diffValue(out, type, pathOf(listB, ob), 'reason', ra, rb, 'none');
  }
  for (const [oa, ob] of leftover.both) {
    const path = pathOf(listB, ob);
    diffValue(out, type, path, 'condition', printExpr(oa.when), printExpr(ob.when), 'none');
    const ra = oa.reason && printString(oa.reason);
    const rb = ob.reason && printString(ob.reason);
    diffValue(out, type, path, 'reason', ra, rb, 'none');
  }
  for (const o of leftover.onlyB) out.push(change('added', type, pathOf(listB, o), null, print(o)));
  for (const o of leftover.onlyA) {
    out.push(change('removed', type, pathOf(listA, o), print(o), null));
  }

  // Overrides apply in declared order, so a reordering alone changes results:
  // read the matched pairs in `b`'s order and check `a`'s order still holds.
  const matched = [...pairs.both, ...leftover.both].sort(
    ([, x], [, y]) => listB.indexOf(x) - listB.indexOf(y),
  );
  const reordered = matched.some(
    ([oa], i) => i > 0 && listA.indexOf(oa) < listA.indexOf(matched[i - 1]![0]),
  );
  if (reordered) {
    const seq = (list: readonly ast.OverrideDecl[]) =>
      list.map((o) => `${o.band.name} when ${printExpr(o.when)}`).join('; ');
    out.push(change('changed', type, `${type}s`, seq(listA), seq(listB), 'order'));
  }
}

function diffAlerts(a: ast.Scorecard, b: ast.Scorecard, out: RuleChange[]): void {
  const print = (al: ast.AlertDecl): string =>
    [
      'alert',
      al.name.name,
      al.severity ?? 'medium',
      'when',
      printExpr(al.when),
      ...(al.message ? [printString(al.message)] : []),
    ].join(' ');
  matchByName(ast.alertsOf(a), ast.alertsOf(b), (al) => al.name.name, {
    added: (al) => out.push(change('added', 'alert', `alerts.${al.name.name}`, null, print(al))),
    removed: (al) =>
      out.push(change('removed', 'alert', `alerts.${al.name.name}`, print(al), null)),
    both: (aa, ab) => {
      const path = `alerts.${ab.name.name}`;
      // An unwritten severity is the default `medium`: writing it out is no change.
      const sa = aa.severity ?? 'medium';
      const sb = ab.severity ?? 'medium';
      diffValue(out, 'alert', path, 'severity', sa, sb, 'none');
      diffValue(out, 'alert', path, 'condition', printExpr(aa.when), printExpr(ab.when), 'none');
      const ma = aa.message && printString(aa.message);
      const mb = ab.message && printString(ab.message);
      diffValue(out, 'alert', path, 'message', ma, mb, 'none');
    },
  });
}

/**
 * Tests are matched by name. A changed test is one change whose before and
 * after are the whole test on one line, and whose description lists only
 * the `given` assignments and expectations that differ, so it stays short.
 */
function diffTests(a: ast.Scorecard, b: ast.Scorecard, out: RuleChange[]): void {
  const items = (t: ast.TestDecl): string[] => [
    ...t.given.map(printAssign),
    ...t.expects.map(printExpectation),
  ];
  const print = (t: ast.TestDecl): string => {
    const given = t.given.map(printAssign).join('  ');
    return `given { ${given} } ${t.expects.map(printExpectation).join('; ')}`;
  };
  matchByName(ast.testsOf(a), ast.testsOf(b), (t) => t.name.value, {
    added: (t) => out.push(change('added', 'test', `tests.${t.name.value}`, null, print(t))),
    removed: (t) => out.push(change('removed', 'test', `tests.${t.name.value}`, print(t), null)),
    both: (ta, tb) => {
      const before = print(ta);
      const after = print(tb);
      if (before === after) return;
      const itemsA = items(ta);
      const itemsB = items(tb);
      const gone = itemsA.filter((x) => !itemsB.includes(x)).map((x) => `-${x}`);
      const came = itemsB.filter((x) => !itemsA.includes(x)).map((x) => `+${x}`);
      // Only the order changed when both lists are empty.
      const what = [...gone, ...came].join(', ') || 'reordered';
      out.push({
        type: 'changed',
        kind: 'test',
        path: `tests.${tb.name.value}`,
        before,
        after,
        description: `tests.${tb.name.value} changed: ${what}`,
      });
    },
  });
}

// ---------------------------------------------------------------------------
// Helpers

function printMetric(m: ast.MetricDecl): string {
  const missing = m.missing ? ` missing -> ${printNumber(m.missing)}` : '';
  return (
    `metric ${m.name.name} weight ${printNumber(m.weight)} = ${printExpr(m.expr)} ` +
    `${printScoring(m.scoring)}${missing}`
  );
}

function change(
  type: ChangeType,
  kind: ChangeKind,
  path: string,
  before: string | null,
  after: string | null,
  attribute?: string,
): RuleChange {
  const what = attribute ? `${path} ${attribute}` : path;
  let description: string;
  if (type === 'added') description = `${what} added: ${after}`;
  else if (type === 'removed') description = `${what} removed: ${before}`;
  else description = `${what} ${before} -> ${after}`;
  return attribute === undefined
    ? { type, kind, path, before, after, description }
    : { type, kind, path, attribute, before, after, description };
}

/**
 * Records a change of one attribute when its printed values differ. An
 * attribute written on one side only is `added` or `removed`, and its
 * description names what the absence means (`none`, a default).
 */
function diffValue(
  out: RuleChange[],
  kind: ChangeKind,
  path: string,
  attribute: string | undefined,
  before: string | undefined,
  after: string | undefined,
  absent: string,
): void {
  if (before === after) return;
  const what = attribute ? `${path} ${attribute}` : path;
  if (before === undefined || after === undefined) {
    const type = before === undefined ? 'added' : 'removed';
    const base = { type, kind, path, before: before ?? null, after: after ?? null } as const;
    out.push({
      ...base,
      ...(attribute === undefined ? {} : { attribute }),
      description: `${what} ${before ?? absent} -> ${after ?? absent}`,
    });
    return;
  }
  out.push(change('changed', kind, path, before, after, attribute));
}

interface Matcher<T> {
  added(item: T): void;
  removed(item: T): void;
  both(a: T, b: T): void;
}

/** Calls back for `b`'s items in order (added or both), then `a`'s leftovers. */
function matchByName<T>(
  listA: readonly T[],
  listB: readonly T[],
  name: (item: T) => string,
  on: Matcher<T>,
): void {
  const byName = new Map<string, T>();
  for (const item of listA) if (!byName.has(name(item))) byName.set(name(item), item);
  const seen = new Set<string>();
  for (const item of listB) {
    const n = name(item);
    const before = byName.get(n);
    if (before !== undefined && !seen.has(n)) on.both(before, item);
    else on.added(item);
    seen.add(n);
  }
  for (const item of listA) if (!seen.has(name(item))) on.removed(item);
}

/**
 * Pairs equal keys in order: the n-th occurrence of a key in `a` with the n-th
 * occurrence in `b`. Returns the pairs and what each side has left over.
 */
function pairInOrder<T>(
  listA: readonly T[],
  listB: readonly T[],
  key: (item: T) => string,
): { both: [T, T][]; onlyA: T[]; onlyB: T[] } {
  const queues = new Map<string, T[]>();
  for (const item of listA) {
    const k = key(item);
    const queue = queues.get(k) ?? [];
    queue.push(item);
    queues.set(k, queue);
  }
  const both: [T, T][] = [];
  const onlyB: T[] = [];
  for (const item of listB) {
    const match = queues.get(key(item))?.shift();
    if (match === undefined) onlyB.push(item);
    else both.push([match, item]);
  }
  const paired = new Set(both.map(([x]) => x));
  return { both, onlyA: listA.filter((x) => !paired.has(x)), onlyB };
}

/** A fraction as a percent with one decimal: 0.1333 → `13.3%`. */
function percent(w: number): string {
  return `${Math.round(w * 1000) / 10}%`;
}
