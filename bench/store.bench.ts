/**
 * Store benchmark: ingest a generated NDJSON file of observations, then
 * rescore every account, on embedded PGlite and on PostgreSQL (a fresh
 * database), and print the rates and peak memory side by side.
 *
 * Full size is 1,000,000 observation lines over 100,000 accounts (ten per
 * account, one per signal of `rules/default.health`). `BENCH_SCALE=0.1`
 * shrinks both for a quick run. The target: rescoring 100,000 accounts in
 * under 60 s on PostgreSQL with peak RSS under 500 MB. PGlite runs inside
 * this process, so its peak RSS includes the database itself.
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { compile } from '../src/dsl/index.js';
import {
  activeSignalTypes,
  ingestObservations,
  openStore,
  publishRules,
  rescore,
  type Store,
} from '../src/store/index.js';
import { readObservations } from '../src/store/records.js';
import { mulberry32 } from '../src/store/demo.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ACCOUNTS = Math.max(1, Math.round(100_000 * SCALE));
const RULES = readFileSync(new URL('../rules/default.health', import.meta.url), 'utf8');
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const AS_OF = new Date('2026-06-01T00:00:00Z');
const DAY = 86_400_000;

interface Figures {
  backend: string;
  lines: number;
  ingestSeconds: number;
  rowsPerSecond: number;
  ingestPeakMb: number;
  accounts: number;
  rescoreSeconds: number;
  accountsPerSecond: number;
  rescorePeakMb: number;
}

/** Samples RSS every 50 ms; `take()` returns the peak since the last take. */
function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  timer.unref();
  return {
    take() {
      const result = Math.max(peak, process.memoryUsage().rss);
      peak = process.memoryUsage().rss;
      return Math.round(result / 1_048_576);
    },
    stop: () => clearInterval(timer),
  };
}

/** One observation per signal per account, at a random time in the last ten days. */
async function writeObservations(path: string): Promise<number> {
  const signals = compile(RULES).scorecard!.signals;
  const rng = mulberry32(2026);
  const out = createWriteStream(path);
  let lines = 0;
  let chunk = '';
  for (let i = 0; i < ACCOUNTS; i++) {
    const account = `acct-${String(i).padStart(6, '0')}`;
    for (const s of signals) {
      const at = new Date(AS_OF.getTime() - Math.floor(rng() * 10 * DAY)).toISOString();
      const value =
        s.type === 'boolean' ? rng() < 0.7 : s.type === 'text' ? 'x' : Math.round(rng() * 100);
      chunk += `${JSON.stringify({ account, signal: s.name, value, at })}\n`;
      lines++;
    }
    if (chunk.length > 1_000_000) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return lines;
}

async function measure(name: string, store: Store, file: string, lines: number): Promise<Figures> {
  const rss = rssSampler();
  await publishRules(store, { ruleset: 'default', source: RULES, expectedVersion: null });
  const signalTypes = await activeSignalTypes(store);
  rss.take();

  let started = performance.now();
  const ingested = await ingestObservations(store, readObservations(file, { signalTypes }));
  const ingestSeconds = (performance.now() - started) / 1000;
  const ingestPeakMb = rss.take();
  if (ingested.stored !== lines) throw new Error(`stored ${ingested.stored} of ${lines} lines`);

  started = performance.now();
  const summary = await rescore(store, { asOf: AS_OF });
  const rescoreSeconds = (performance.now() - started) / 1000;
  const rescorePeakMb = rss.take();
  rss.stop();
  return {
    backend: name,
    lines,
    ingestSeconds,
    rowsPerSecond: Math.round(lines / ingestSeconds),
    ingestPeakMb,
    accounts: summary.accounts,
    rescoreSeconds,
    accountsPerSecond: Math.round(summary.accounts / rescoreSeconds),
    rescorePeakMb,
  };
}

/**
 * Each back end runs in a child process of its own: PGlite's memory lives in
 * this process and is never given back, so measuring PostgreSQL after it in
 * the same process would report PGlite's peak.
 */
async function runChild(backend: string, file: string, lines: number): Promise<Figures | null> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: { ...process.env, BENCH_CHILD: backend, BENCH_FILE: file, BENCH_LINES: String(lines) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  const [code] = (await once(child, 'close')) as [number];
  const last = output.trim().split('\n').at(-1) ?? '';
  if (code !== 0) throw new Error(`${backend} benchmark failed:\n${output}`);
  if (last.startsWith('skip:')) {
    process.stdout.write(`skipping ${backend}: ${last.slice(5).trim()}\n`);
    return null;
  }
  return JSON.parse(last) as Figures;
}

async function child(backend: string, file: string, lines: number): Promise<void> {
  if (backend === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'health-bench-pglite-'));
    const store = await openStore({ dataDir: dir });
    try {
      process.stdout.write(`${JSON.stringify(await measure('pglite', store, file, lines))}\n`);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const admin = postgres(PG_URL, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  const database = `health_bench_${randomBytes(4).toString('hex')}`;
  try {
    await admin.unsafe(`create database ${database}`);
  } catch (err) {
    process.stdout.write(`skip: ${(err as Error).message}\n`);
    await admin.end();
    return;
  }
  try {
    const url = new URL(PG_URL);
    url.pathname = `/${database}`;
    const store = await openStore({ databaseUrl: url.toString() });
    try {
      process.stdout.write(`${JSON.stringify(await measure('postgres', store, file, lines))}\n`);
    } finally {
      await store.close();
    }
  } finally {
    await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.end();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'health-bench-'));
  const file = join(dir, 'observations.ndjson');
  const results: Figures[] = [];
  try {
    const lines = await writeObservations(file);
    process.stdout.write(`generated ${lines} lines for ${ACCOUNTS} accounts (scale ${SCALE})\n`);
    for (const backend of ['pglite', 'postgres']) {
      const figures = await runChild(backend, file, lines);
      if (figures) results.push(figures);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const rows: Array<[string, (f: Figures) => string]> = [
    ['observation lines', (f) => String(f.lines)],
    ['ingest seconds', (f) => f.ingestSeconds.toFixed(1)],
    ['ingest rows/s', (f) => String(f.rowsPerSecond)],
    ['ingest peak RSS MB', (f) => String(f.ingestPeakMb)],
    ['accounts rescored', (f) => String(f.accounts)],
    ['rescore seconds', (f) => f.rescoreSeconds.toFixed(1)],
    ['rescore accounts/s', (f) => String(f.accountsPerSecond)],
    ['rescore peak RSS MB', (f) => String(f.rescorePeakMb)],
  ];
  const pad = (s: string, n: number) => s.padStart(n);
  process.stdout.write(`${''.padEnd(22)}${results.map((r) => pad(r.backend, 12)).join('')}\n`);
  for (const [label, get] of rows) {
    process.stdout.write(`${label.padEnd(22)}${results.map((r) => pad(get(r), 12)).join('')}\n`);
  }
}

if (process.env.BENCH_CHILD) {
  await child(process.env.BENCH_CHILD, process.env.BENCH_FILE!, Number(process.env.BENCH_LINES));
} else {
  await main();
}
