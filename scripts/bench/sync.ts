/**
 * `npm run bench -- sync [--tablets 200] [--entries 50] [--pull 100000] [--backends pglite,postgresql]`
 *
 * The site server under a plant's load, over HTTP on this machine: `ponte serve` in its own
 * process; 200 simulated tablets, one shift each (about 50 entries), all at once. Four in five
 * push as they record, in small batches (1-5 entries); one in five is offline for the shift and
 * bursts everything when it comes back. Printed: sustained entries per second, p50 and p99 push
 * latency, then a pull of 100,000 entries paged (1,000 a page), for PGlite and for PostgreSQL
 * (PONTE_BENCH_DATABASE_URL, or the machine's at 127.0.0.1:5432, database test).
 * Goal: >= 2,000 entries/s and p99 < 200 ms on PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Schedule } from '../../src/domain/types';
import { entryOf } from '../../src/engine/adherence/asPlanned';
import { demoPublication } from '../../tests/helpers/siteServer';
import { adminRequest } from '../../src/server/serve';

const { values } = parseArgs({
  allowPositionals: true,
  options: {
    tablets: { type: 'string', default: '200' },
    entries: { type: 'string', default: '50' },
    pull: { type: 'string', default: '100000' },
    rate: { type: 'string', default: '2000' },
    backends: { type: 'string', default: 'pglite,postgresql' },
  },
});
const TABLETS = Number(values.tablets);
const PER_TABLET = Number(values.entries);
const PULL_TOTAL = Number(values.pull);
const TARGET = Number(values.rate);
const ponte = fileURLToPath(new URL('../../bin/ponte.js', import.meta.url));

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function startServe(dataDir: string, databaseUrl: string | undefined): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  // PONTE_BENCH_PROFILE=DIR: the server writes a V8 CPU profile there when it stops.
  const profile = process.env.PONTE_BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.PONTE_BENCH_PROFILE] : [];
  const child = spawn(process.execPath, [...profile, ponte, 'serve', '--quiet', '--port', String(port), '--data', dataDir, ...(databaseUrl ? ['--database-url', databaseUrl] : [])], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const started = Date.now();
  while (!output.includes('Ponte site server on')) {
    if (child.exitCode !== null || Date.now() - started > 60_000) throw new Error(`ponte serve did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, url: `http://127.0.0.1:${port}` };
}

function entriesFor(device: string, count: number, operations: Schedule['operations']) {
  return Array.from({ length: count }, (_, index) => ({ ...entryOf(operations[index % operations.length]!, { id: crypto.randomUUID(), site: 'bench', device, recordedAt: new Date().toISOString() }), scrapQty: index % 7 }));
}

async function push(url: string, token: string, entries: unknown[]): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/api/v1/sites/bench/entries`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ entries }) });
  const body = (await response.json()) as { results?: { status: string }[]; error?: string };
  if (response.status !== 200 || body.results!.some((result) => result.status !== 'accepted')) throw new Error(`push refused: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  return performance.now() - started;
}

async function run(backend: 'pglite' | 'postgresql') {
  const dataDir = mkdtempSync(join(tmpdir(), 'ponte-bench-sync-'));
  let databaseUrl: string | undefined;
  let dropSchema: (() => Promise<void>) | undefined;
  if (backend === 'postgresql') {
    const base = process.env.PONTE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const { default: pg } = await import('pg');
    const schema = `ponte_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    try {
      await admin.connect();
    } catch (error) {
      console.log(`postgresql: skipped, no database at ${base} (${(error as Error).message})`);
      return undefined;
    }
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const url = new URL(base);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.toString();
    dropSchema = async () => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`drop schema ${schema} cascade`);
      await client.end();
    };
  }
  const { child, url } = await startServe(dataDir, databaseUrl);
  try {
    const enroll = (role: string, name: string) => adminRequest<{ device: { id: string }; token: string }>(dataDir, 'POST', '/devices', { site: 'bench', role, name });
    const planner = await enroll('planner', 'Planner');
    const published = demoPublication();
    const publish = await fetch(`${url}/api/v1/sites/bench/plan`, { method: 'PUT', headers: { authorization: `Bearer ${planner.token}`, 'content-type': 'application/json' }, body: JSON.stringify(published) });
    if (publish.status !== 200) throw new Error(`publish failed: ${publish.status}`);
    const tablets: { device: { id: string }; token: string }[] = [];
    for (let index = 0; index < TABLETS; index++) tablets.push(await enroll('supervisor', `Tablet ${index + 1}`));

    const total = TABLETS * PER_TABLET;
    let random = 12345;
    const next = () => ((random = (random * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    // Each tablet pushes its batches one after another, as its outbox does.
    const shiftOf = (tablet: (typeof tablets)[number], index: number) => {
      const entries = entriesFor(tablet.device.id, PER_TABLET, published.schedule.operations);
      if (index % 5 === 4) return [entries];
      const batches: (typeof entries)[] = [];
      for (let at = 0; at < entries.length; ) {
        const size = 1 + Math.floor(next() * 5);
        batches.push(entries.slice(at, at + size));
        at += size;
      }
      return batches;
    };

    // 1. The shift at a steady pace: TARGET entries/s offered. Online tablets record over the
    //    window, each batch pushed when recorded (after the tablet's previous push returned);
    //    offline ones burst all their entries at a moment in the window's second half.
    const window = total / TARGET;
    const paced: number[] = [];
    let lastAck = 0;
    const pacedStart = performance.now();
    await Promise.all(
      tablets.map(async (tablet, index) => {
        const batches = shiftOf(tablet, index);
        const times = index % 5 === 4 ? [window * (0.5 + 0.5 * next())] : batches.map(() => window * next()).sort((a, b) => a - b);
        for (const [at, batch] of batches.entries()) {
          const wait = pacedStart + times[at]! * 1000 - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          paced.push(await push(url, tablet.token, batch));
          lastAck = Math.max(lastAck, performance.now());
        }
      }),
    );
    const pacedSeconds = (lastAck - pacedStart) / 1000;
    paced.sort((a, b) => a - b);

    // 2. Capacity: the same shift again, every tablet pushing as fast as it gets answers.
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      tablets.map(async (tablet, index) => {
        for (const batch of shiftOf(tablet, index)) latencies.push(await push(url, tablet.token, batch));
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const shift = { offered: TARGET, achieved: total / pacedSeconds, p50: quantile(paced, 0.5), p99: quantile(paced, 0.99), pushes: paced.length, capacity: total / seconds, capacityP50: quantile(latencies, 0.5), capacityP99: quantile(latencies, 0.99) };

    // A pull of PULL_TOTAL entries: fill the site up to it in batches of 500, then page through.
    const filler = tablets[0]!;
    for (let have = 2 * total; have < PULL_TOTAL; ) {
      const batch = Math.min(500, PULL_TOTAL - have);
      const rounds = Array.from({ length: Math.min(4, Math.ceil((PULL_TOTAL - have) / batch)) }, () => push(url, filler.token, entriesFor(filler.device.id, Math.min(batch, PULL_TOTAL - have), published.schedule.operations)));
      have += rounds.length * batch;
      await Promise.all(rounds);
    }
    const pullStarted = performance.now();
    let cursor = '0';
    let pulled = 0;
    let pages = 0;
    for (;;) {
      const response = await fetch(`${url}/api/v1/sites/bench/entries?after=${cursor}&limit=1000`, { headers: { authorization: `Bearer ${tablets[1]!.token}` } });
      const page = (await response.json()) as { entries: unknown[]; next: string };
      pages++;
      if (page.entries.length === 0) break;
      pulled += page.entries.length;
      cursor = page.next;
    }
    const pullSeconds = (performance.now() - pullStarted) / 1000;
    return { backend, shift, pull: { pulled, pages, seconds: pullSeconds, entriesPerSecond: pulled / pullSeconds } };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
    await dropSchema?.();
  }
}

console.log(`\nSite server sync: ${TABLETS} tablets × ${PER_TABLET} entries (4 in 5 pushing batches of 1-5 as they record, 1 in 5 offline and bursting), ponte serve in its own process, HTTP on 127.0.0.1`);
console.log(`paced: the shift offered at ${TARGET} entries/s; capacity: the same shift with every tablet pushing as fast as it is answered`);
console.log(`${'backend'.padEnd(11)} ${'offered/s'.padStart(9)} ${'kept/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'pushes'.padStart(7)} | ${'capacity/s'.padStart(10)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} | ${'pull'.padStart(7)} ${'pages'.padStart(5)} ${'pull s'.padStart(6)} ${'pulled/s'.padStart(8)}`);
const results: NonNullable<Awaited<ReturnType<typeof run>>>[] = [];
for (const backend of values.backends.split(',') as ('pglite' | 'postgresql')[]) {
  const result = await run(backend);
  if (!result) continue;
  results.push(result);
  const { shift, pull } = result;
  console.log(
    `${backend.padEnd(11)} ${String(shift.offered).padStart(9)} ${shift.achieved.toFixed(0).padStart(7)} ${shift.p50.toFixed(1).padStart(7)} ${shift.p99.toFixed(1).padStart(7)} ${String(shift.pushes).padStart(7)} | ${shift.capacity.toFixed(0).padStart(10)} ${shift.capacityP50.toFixed(0).padStart(7)} ${shift.capacityP99.toFixed(0).padStart(7)} | ${String(pull.pulled).padStart(7)} ${String(pull.pages).padStart(5)} ${pull.seconds.toFixed(2).padStart(6)} ${pull.entriesPerSecond.toFixed(0).padStart(8)}`,
  );
}
const describe = (result: (typeof results)[number]) =>
  `${result.backend}: kept ${result.shift.achieved.toFixed(0)} of ${result.shift.offered} entries/s offered, p99 ${result.shift.p99.toFixed(0)} ms; capacity ${result.shift.capacity.toFixed(0)} entries/s; pulled ${result.pull.entriesPerSecond.toFixed(0)} entries/s`;
console.log(`\nsummary: ${results.map(describe).join('; ')} (goal on postgresql: >= 2,000 entries/s with p99 < 200 ms)`);
