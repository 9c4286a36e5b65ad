import { describe, expect, it } from 'vitest';
import { oneDecimal, painter, percent, plural, table } from '../../src/cli/render.js';

function fakeStream(isTTY: boolean): NodeJS.WriteStream {
  return { isTTY } as NodeJS.WriteStream;
}

describe('render', () => {
  it('pads every column but the last to its widest cell', () => {
    expect(
      table(
        ['A', 'LONG HEADER'],
        [
          ['wide cell', 'x'],
          ['b', 'yy'],
        ],
      ),
    ).toEqual(['A          LONG HEADER', 'wide cell  x', 'b          yy']);
  });

  it('colors only for a terminal, and never when NO_COLOR is set', () => {
    const saved = process.env.NO_COLOR;
    try {
      delete process.env.NO_COLOR;
      expect(painter(fakeStream(false))('ok', 'green')).toBe('ok');
      expect(painter(fakeStream(true))('ok', 'green')).toBe('\u001b[32mok\u001b[0m');
      process.env.NO_COLOR = '1';
      expect(painter(fakeStream(true))('ok', 'green')).toBe('ok');
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
    }
  });

  it('rounds halves up to one decimal despite binary representation', () => {
    expect(oneDecimal(12.25)).toBe('12.3');
    expect(oneDecimal(84.45)).toBe('84.5');
    expect(oneDecimal(0.1 + 0.2)).toBe('0.3');
    expect(oneDecimal(30)).toBe('30');
  });

  it('writes shares as whole percents and counts with plurals', () => {
    expect(percent(0.875)).toBe('88%');
    expect(percent(1)).toBe('100%');
    expect(plural(1, 'error')).toBe('1 error');
    expect(plural(0, 'warning')).toBe('0 warnings');
  });
});
