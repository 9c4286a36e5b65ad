/**
 * Terminal rendering: aligned tables, colors and marks.
 *
 * Colors appear only when the stream is a terminal and `NO_COLOR` is unset,
 * so piped output and files stay plain text that scripts can match exactly.
 * Tables are aligned with spaces either way: they read well in a log too.
 */
/**
 * The styles this module knows, as ANSI SGR codes. Every band color is one of
 * them; orange has no basic ANSI code, so it shows as yellow.
 */
const ANSI = {
  green: 32,
  yellow: 33,
  orange: 33,
  red: 31,
  blue: 34,
  gray: 90,
  bold: 1,
  dim: 2,
} as const;

export type Style = keyof typeof ANSI;

/** Whether to color output written to `stream`. */
export function colorEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR;
}

/** A painter bound to one stream: returns text unchanged when colors are off. */
export function painter(
  stream: NodeJS.WriteStream = process.stdout,
): (text: string, style: Style) => string {
  const enabled = colorEnabled(stream);
  return (text, style) => (enabled ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text);
}

/** `✓` for a pass, `✗` for a failure. */
export const MARKS = { pass: '✓', fail: '✗' } as const;

/**
 * Lays out rows under a header with columns padded to their widest cell.
 * `paint` may style whole cells after padding; widths are measured on the
 * plain text so escape codes never misalign a column.
 */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  style?: (row: number, column: number, padded: string) => string,
): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[], row: number) =>
    cells
      .map((cell, c) => {
        const last = c === cells.length - 1;
        const padded = last ? cell : cell.padEnd(widths[c] ?? 0);
        return style ? style(row, c, padded) : padded;
      })
      .join('  ');
  return [line(header, -1), ...rows.map((r, i) => line(r, i))];
}

/** Formats a 0..1 share as a whole percent: `0.875` → `88%`. */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** One decimal, without a trailing `.0`: `12.25` → `12.3`, `60` → `60`. */
export function oneDecimal(value: number): string {
  // toPrecision first drops binary noise (0.1 + 0.2), so halves round up as written.
  const scaled = Number((value * 10).toPrecision(12));
  return String(Math.round(scaled) / 10 || 0);
}

/** `1 error`, `2 errors`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
