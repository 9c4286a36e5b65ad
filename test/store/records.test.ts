import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  describeRecordError,
  detectFormat,
  parseIsoTime,
  readObservations,
  readOutcomes,
  RecordsInputError,
  type ReadItem,
  type SignalTypes,
} from '../../src/store/records.js';

async function collect<T>(items: AsyncIterable<ReadItem<T>>): Promise<ReadItem<T>[]> {
  const out: ReadItem<T>[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function stream(text: string): Readable {
  return Readable.from([Buffer.from(text)]);
}

function file(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'records-')), name);
  writeFileSync(path, text);
  return path;
}

const types: SignalTypes = new Map([
  ['nps', 'number'],
  ['onboarding_done', 'boolean'],
  ['plan', 'text'],
]);

describe('detectFormat', () => {
  it('tells NDJSON and CSV apart by extension and gives up on anything else', () => {
    expect(detectFormat('a/obs.ndjson')).toBe('ndjson');
    expect(detectFormat('obs.JSONL')).toBe('ndjson');
    expect(detectFormat('obs.json')).toBe('ndjson');
    expect(detectFormat('obs.csv')).toBe('csv');
    expect(detectFormat('obs.txt')).toBeUndefined();
  });
});

describe('parseIsoTime', () => {
  it('normalises offsets, dates and zone-less times to UTC ISO strings', () => {
    expect(parseIsoTime('2026-11-02T00:00:00Z')).toBe('2026-11-02T00:00:00.000Z');
    expect(parseIsoTime('2026-11-02T02:30:00+02:00')).toBe('2026-11-02T00:30:00.000Z');
    expect(parseIsoTime('2026-11-02T02:30:00+0200')).toBe('2026-11-02T00:30:00.000Z');
    expect(parseIsoTime('2026-11-02')).toBe('2026-11-02T00:00:00.000Z');
    expect(parseIsoTime('2026-11-02T10:15')).toBe('2026-11-02T10:15:00.000Z');
  });

  it('rejects words, impossible dates and other formats', () => {
    expect(parseIsoTime('yesterday')).toBeUndefined();
    expect(parseIsoTime('2026-02-30')).toBeUndefined();
    expect(parseIsoTime('2026-13-01')).toBeUndefined();
    expect(parseIsoTime('11/02/2026')).toBeUndefined();
    expect(parseIsoTime('2026-11-02T25:00:00Z')).toBeUndefined();
  });
});

describe('readObservations from NDJSON', () => {
  it('yields each record with its line number and skips blank lines', async () => {
    const text =
      '{"account":"acme","signal":"nps","value":40,"at":"2026-11-02T00:00:00Z"}\n' +
      '\n' +
      '{"account":"beta","signal":"onboarding_done","value":true,"at":"2026-11-01"}\r\n';
    expect(await collect(readObservations(stream(text), { format: 'ndjson' }))).toEqual([
      {
        line: 1,
        record: { account: 'acme', signal: 'nps', value: 40, at: '2026-11-02T00:00:00.000Z' },
      },
      {
        line: 3,
        record: {
          account: 'beta',
          signal: 'onboarding_done',
          value: true,
          at: '2026-11-01T00:00:00.000Z',
        },
      },
    ]);
  });

  it('reports each bad line with its reason and keeps reading', async () => {
    const lines = [
      '{"account":"acme","signal":"nps","value":40,"at":"yesterday"}',
      '{"account":"","signal":"nps","value":40,"at":"2026-11-02"}',
      '{"account":"acme","value":40,"at":"2026-11-02"}',
      'not json',
      '[1,2]',
      '{"account":"acme","signal":"nps","value":[1],"at":"2026-11-02"}',
      '{"account":"acme","signal":"nps","value":null,"at":"2026-11-02"}',
      '{"account":"acme","signal":"nps","value":3,"at":20261102}',
      '{"account":"acme","signal":"nps","value":3,"at":"2026-11-02"}',
    ];
    const items = await collect(readObservations(stream(lines.join('\n')), { format: 'ndjson' }));
    expect(items.map((i) => ('error' in i ? describeRecordError(i) : `ok ${i.line}`))).toEqual([
      'line 1: "at" is not an ISO 8601 time: "yesterday"',
      'line 2: "account" must be a non-empty string, found ""',
      'line 3: "signal" is missing',
      expect.stringMatching(/^line 4: not valid JSON: /),
      'line 5: expected a JSON object, found an array',
      'line 6: "value" must be a number, boolean or string, found an array',
      'line 7: "value" is missing',
      'line 8: "at" is not an ISO 8601 time: 20261102',
      'ok 9',
    ]);
  });

  it('checks values against declared signal types and names undeclared signals', async () => {
    const lines = [
      '{"account":"a","signal":"nps","value":"40","at":"2026-11-02"}',
      '{"account":"a","signal":"onboarding_done","value":1,"at":"2026-11-02"}',
      '{"account":"a","signal":"nsp","value":40,"at":"2026-11-02"}',
      '{"account":"a","signal":"zzz","value":40,"at":"2026-11-02"}',
      '{"account":"a","signal":"plan","value":"gold","at":"2026-11-02"}',
    ];
    const items = await collect(
      readObservations(stream(lines.join('\n')), { format: 'ndjson', signalTypes: types }),
    );
    expect(
      items.map((i) => ('error' in i ? describeRecordError(i, 'obs.ndjson') : i.record)),
    ).toEqual([
      'obs.ndjson:1: "value" of number signal "nps" must be a number, found "40"',
      'obs.ndjson:2: "value" of boolean signal "onboarding_done" must be a boolean, found 1',
      'obs.ndjson:3: signal "nsp" is not declared; did you mean "nps"?',
      'obs.ndjson:4: signal "zzz" is not declared',
      { account: 'a', signal: 'plan', value: 'gold', at: '2026-11-02T00:00:00.000Z' },
    ]);
  });
});

describe('readObservations from CSV', () => {
  it('reads the header, converts untyped values, and counts the header as line 1', async () => {
    const path = file(
      'obs.csv',
      'account,signal,value,at\n' +
        'acme,nps,40,2026-11-02T00:00:00Z\n' +
        'acme,onboarding_done,true,2026-11-02\n' +
        'acme,plan,"gold, annual",2026-11-02\n' +
        'acme,ratio,-0.5,2026-11-02\n',
    );
    const items = await collect(readObservations(path));
    expect(items).toEqual([
      {
        line: 2,
        record: { account: 'acme', signal: 'nps', value: 40, at: '2026-11-02T00:00:00.000Z' },
      },
      {
        line: 3,
        record: {
          account: 'acme',
          signal: 'onboarding_done',
          value: true,
          at: '2026-11-02T00:00:00.000Z',
        },
      },
      {
        line: 4,
        record: {
          account: 'acme',
          signal: 'plan',
          value: 'gold, annual',
          at: '2026-11-02T00:00:00.000Z',
        },
      },
      {
        line: 5,
        record: { account: 'acme', signal: 'ratio', value: -0.5, at: '2026-11-02T00:00:00.000Z' },
      },
    ]);
  });

  it('converts by declared type, so text that looks like a number stays text', async () => {
    const text =
      'signal,account,at,value\n' +
      'plan,a,2026-11-02,42\n' +
      'nps,a,2026-11-02,abc\n' +
      'onboarding_done,a,2026-11-02,FALSE\n' +
      'onboarding_done,a,2026-11-02,yes\n' +
      'nps,a,2026-11-02\n' +
      'nps,a,2026-11-02,\n';
    const items = await collect(
      readObservations(stream(text), { format: 'csv', signalTypes: types }),
    );
    expect(items.map((i) => ('error' in i ? describeRecordError(i) : i.record.value))).toEqual([
      '42',
      'line 3: "value" of number signal "nps" is not a number: "abc"',
      false,
      'line 5: "value" of boolean signal "onboarding_done" must be true or false, found "yes"',
      'line 6: expected 4 columns as in the header, found 3',
      'line 7: "value" is empty',
    ]);
  });

  it('refuses a file whose header lacks a required column', async () => {
    const path = file('obs.csv', 'account,signal,at\nacme,nps,2026-11-02\n');
    await expect(collect(readObservations(path))).rejects.toThrow(
      `${path}:1: the CSV header must name the columns account,signal,value,at; ` +
        'found account,signal,at',
    );
  });

  it('reports an unclosed quote as a bad line', async () => {
    const text = 'account,signal,value,at\nacme,nps,1,2026-11-02\nacme,"nps,1,2026-11-02\n';
    const items = await collect(readObservations(stream(text), { format: 'csv' }));
    expect(items.at(-1)).toEqual({
      line: 3,
      error:
        'not valid CSV: Quote Not Closed: the parsing is finished with an opening quote at line 3',
    });
  });
});

describe('reading inputs that cannot be read', () => {
  it('throws a RecordsInputError on a missing file, a folder or an unknown extension', async () => {
    await expect(collect(readObservations('/no/such/obs.ndjson'))).rejects.toThrow(
      '/no/such/obs.ndjson: no such file',
    );
    await expect(collect(readObservations(tmpdir(), { format: 'csv' }))).rejects.toBeInstanceOf(
      RecordsInputError,
    );
    const txt = file('obs.txt', '');
    await expect(collect(readObservations(txt))).rejects.toThrow(
      `${txt}: cannot tell the format from the file name; use .ndjson or .csv or give a format`,
    );
  });
});

describe('readOutcomes', () => {
  it('reads outcomes from CSV and NDJSON and rejects unknown outcomes', async () => {
    const csv = 'account,outcome,at\nacme,renewed,2026-11-02\nbeta,lost,2026-11-02\n';
    expect(await collect(readOutcomes(stream(csv), { format: 'csv' }))).toEqual([
      { line: 2, record: { account: 'acme', outcome: 'renewed', at: '2026-11-02T00:00:00.000Z' } },
      { line: 3, error: '"outcome" must be one of renewed, churned, expanded, found "lost"' },
    ]);
    const ndjson = '{"account":"acme","outcome":"churned","at":"2026-10-01T12:00:00Z"}\n';
    expect(await collect(readOutcomes(stream(ndjson)))).toEqual([
      { line: 1, record: { account: 'acme', outcome: 'churned', at: '2026-10-01T12:00:00.000Z' } },
    ]);
  });
});

describe('streaming', () => {
  it('reads a large file lazily, one record at a time', async () => {
    const lines = function* () {
      for (let i = 0; i < 200_000; i++) {
        yield `{"account":"a${i % 100}","signal":"nps","value":${i % 50},"at":"2026-11-02"}\n`;
      }
    };
    let count = 0;
    for await (const item of readObservations(Readable.from(lines()), { format: 'ndjson' })) {
      if ('record' in item) count++;
    }
    expect(count).toBe(200_000);
  });
});
