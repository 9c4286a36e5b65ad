import { describe, expect, it } from 'vitest';
import { textDiff } from '../../src/analysis/text-diff.js';

describe('textDiff', () => {
  it('prints a unified diff with both names in its header', () => {
    const before = 'a\nb\nc\n';
    const after = 'a\nB\nc\n';
    expect(textDiff(before, after, { before: 'default@1', after: 'default@2' })).toBe(
      '--- default@1\n+++ default@2\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n',
    );
  });

  it('is empty when the texts are equal', () => {
    expect(textDiff('same\n', 'same\n', { before: 'x', after: 'y' })).toBe('');
  });
});
