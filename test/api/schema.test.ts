/**
 * The committed `schema/schema.graphql` is what the resolvers build. When
 * this fails after an intended change, run `npx tsx src/api/emit-schema.ts`
 * and commit the file with the change.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { printApiSchema, SCHEMA_FILE } from '../../src/api/emit-schema.js';

describe('schema', () => {
  it('matches the committed schema file', async () => {
    const committed = await readFile(SCHEMA_FILE, 'utf8');
    expect(await printApiSchema()).toBe(committed);
  });

  it('keeps the names the frontend depends on', async () => {
    const printed = await printApiSchema();
    for (const line of [
      'account(\n    """The account id."""\n    id: ID!\n  ): Account',
      'accounts(',
      'healthSummary(',
      'ruleset(',
      'checkRules(',
      'publishRules(',
      'activateRuleVersion(',
      'recordObservations(',
      'recordOutcomes(',
      'setHealthOverride(',
      'clearHealthOverride(',
    ]) {
      expect(printed).toContain(line);
    }
  });

  it('describes every type and field', async () => {
    const printed = await printApiSchema();
    const lines = printed.split('\n');
    const undescribed = lines.filter((line, i) => {
      const field = /^  [a-zA-Z]+(\(|:)/.test(line) || /^(type|input|enum|scalar) /.test(line);
      return field && !lines[i - 1]!.trim().endsWith('"""');
    });
    expect(undescribed).toEqual([]);
  });
});
