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
import { generateDemoFactory } from '../../src/demo/generator';
import type { Plan, Schedule } from '../../src/domain/types';
import { adminRequest } from '../../src/server/serve';

const { values } = parseArgs({
  allowPositionals: true,
  options: {
    tablets: { type: 'string', default: '200' },
    entries: { type: 'string', default: '50' },
    pull: { type: 'string', default: '100000' },
    backends: { type: 'string', default: 'pglite,postgresql' },
  },
});
const TABLETS = Number(values.tablets);
const PER_TABLET = Number(values.entries);
const PULL_TOTAL = Number(values.pull);
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
  const child = spawn(process.execPath, [ponte, 'serve', '--quiet', '--port', String(port), '--data', dataDir, ...(databaseUrl ? ['--database-url', databaseUrl] : [])], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const started = Date.now();
  while (!output.includes('Ponte site server on')) {
    if (child.exitCode !== null || Date.now() - started > 60_000) throw new Error(`ponte serve did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, url: `http://127.0.0.1:${port}` };
}

function publication() {
  const factory = generateDemoFactory({ kind: 'food', size: 'S', seed: 3 });
  const production = (factory.previousPlan?.production ?? []).filter((line) => line.week === 0);
  const plan: Plan = { format: 'ponte.plan/1', status: 'feasible', objective: 0, production, purchases: [], constrainedDemand: [], capacity: [], changes: [], stats: { variables: 0, constraints: 0, solveSeconds: 0, solver: 'bench' } };
  const operations: Schedule['operations'] = [];
  for (const line of production) {
    for (const step of factory.routings.find((routing) => routing.item === line.item)?.steps ?? []) {
      const machine = step.machines?.[0]?.machine ?? factory.resources.find((resource) => resource.id === step.resource)!.machines[0]!.id;
      operations.push({ id: `${line.item}-${step.step}`, order: `LOT-${line.item}`, item: line.item, step: step.step, qty: line.qty, resource: step.resource, machine, setupStart: `${factory.start}T06:00`, start: `${factory.start}T06:30`, end: `${factory.start}T10:00`, setupMinutes: 30, tools: [], operators: 0 });
    }
  }
  return { factory, plan, schedule: { format: 'ponte.schedule/1' as const, operations, kpis: { makespanMinutes: 0, totalSetupMinutes: 0, totalTardinessMinutes: 0, lateOrders: 0 }, violations: [] } };
}

function entriesFor(device: string, count: number, operations: Schedule['operations']) {
  return Array.from({ length: count }, (_, index) => {
    const operation = operations[index % operations.length]!;
    return { id: crypto.randomUUID(), site: 'bench', device, operation: operation.id, order: operation.order, item: operation.item, step: operation.step, machine: operation.machine, start: operation.start, end: operation.end, goodQty: operation.qty, scrapQty: index % 7, recordedAt: new Date().toISOString(), status: 'finished' };
  });
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
    const published = publication();
    const publish = await fetch(`${url}/api/v1/sites/bench/plan`, { method: 'PUT', headers: { authorization: `Bearer ${planner.token}`, 'content-type': 'application/json' }, body: JSON.stringify(published) });
    if (publish.status !== 200) throw new Error(`publish failed: ${publish.status}`);
    const tablets = [];
    for (let index = 0; index < TABLETS; index++) tablets.push(await enroll('supervisor', `Tablet ${index + 1}`));

    // The shift: every tablet at once; online ones in batches of 1-5, offline ones in one burst.
    const latencies: number[] = [];
    let random = 12345;
    const next = () => ((random = (random * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const started = performance.now();
    await Promise.all(
      tablets.map(async (tablet, index) => {
        const entries = entriesFor(tablet.device.id, PER_TABLET, published.schedule.operations);
        if (index % 5 === 4) {
          // Offline all shift: everything at once when the network returns, a little later.
          await new Promise((resolve) => setTimeout(resolve, 200 + next() * 300));
          latencies.push(await push(url, tablet.token, entries));
          return;
        }
        for (let at = 0; at < entries.length; ) {
          const size = 1 + Math.floor(next() * 5);
          latencies.push(await push(url, tablet.token, entries.slice(at, at + size)));
          at += size;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const total = TABLETS * PER_TABLET;
    latencies.sort((a, b) => a - b);
    const shift = { entriesPerSecond: total / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), pushes: latencies.length, seconds };

    // A pull of PULL_TOTAL entries: fill the site up to it in batches of 500, then page through.
    const filler = tablets[0]!;
    for (let have = total; have < PULL_TOTAL; ) {
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
console.log(`${'backend'.padEnd(11)} ${'entries/s'.padStart(10)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'pushes'.padStart(7)} ${'shift s'.padStart(8)}   ${'pull'.padStart(8)} ${'pages'.padStart(6)} ${'pull s'.padStart(7)} ${'pulled/s'.padStart(9)}`);
const results = [];
for (const backend of values.backends.split(',') as ('pglite' | 'postgresql')[]) {
  const result = await run(backend);
  if (!result) continue;
  results.push(result);
  const { shift, pull } = result;
  console.log(
    `${backend.padEnd(11)} ${shift.entriesPerSecond.toFixed(0).padStart(10)} ${shift.p50.toFixed(1).padStart(8)} ${shift.p99.toFixed(1).padStart(8)} ${String(shift.pushes).padStart(7)} ${shift.seconds.toFixed(2).padStart(8)}   ${String(pull.pulled).padStart(8)} ${String(pull.pages).padStart(6)} ${pull.seconds.toFixed(2).padStart(7)} ${pull.entriesPerSecond.toFixed(0).padStart(9)}`,
  );
}
const postgres = results.find((result) => result.backend === 'postgresql');
console.log(
  postgres
    ? `\nsummary: PostgreSQL ${postgres.shift.entriesPerSecond.toFixed(0)} entries/s (goal >= 2,000), p99 ${postgres.shift.p99.toFixed(0)} ms (goal < 200 ms)${results.find((result) => result.backend === 'pglite') ? `; PGlite ${results.find((result) => result.backend === 'pglite')!.shift.entriesPerSecond.toFixed(0)} entries/s, p99 ${results.find((result) => result.backend === 'pglite')!.shift.p99.toFixed(0)} ms` : ''}`
    : '\nsummary: no PostgreSQL reached',
);
