/**
 * Column alignment for runs of similar lines (signals, metrics, bands,
 * alerts), so a run reads as a table.
 */

/** One line of a table: its cells, `undefined` where an optional part is absent. */
export type Row = ReadonlyArray<string | undefined>;

/**
 * Lays out rows as aligned columns. `gaps[i]` is the text between column `i`
 * and column `i + 1`. A column that is empty in every row is left out with
 * its gap, so an optional part nobody wrote takes no room; a cell absent in
 * one row only is padded with spaces so the later columns still line up.
 * Lines never end in spaces.
 */
export function alignRows(rows: readonly Row[], gaps: readonly string[]): string[] {
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths: number[] = [];
  for (let c = 0; c < columns; c++) {
    widths.push(Math.max(0, ...rows.map((r) => r[c]?.length ?? 0)));
  }
  const used = widths.map((_, c) => rows.some((r) => r[c] !== undefined));

  return rows.map((row) => {
    let line = '';
    let pending = '';
    let started = false;
    for (let c = 0; c < columns; c++) {
      if (!used[c]) continue;
      const cell = row[c];
      const gap = started ? (gaps[c - 1] ?? ' ') : '';
      started = true;
      if (cell === undefined) {
        // Padding only counts if a later cell of this row is printed.
        pending += gap + ' '.repeat(widths[c] ?? 0);
        continue;
      }
      line += pending + gap + cell;
      pending = ' '.repeat((widths[c] ?? 0) - cell.length);
    }
    return line;
  });
}
