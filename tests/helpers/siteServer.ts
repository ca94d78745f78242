/**
 * Site servers for the tests, on the real databases: PGlite always, and the machine's
 * PostgreSQL when PONTE_TEST_DATABASE_URL is set (each server in a schema of its own, dropped
 * afterwards, so runs never see each other's rows).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enrollDevice } from '../../src/server/devices';
import { startSiteServer, type RunningServer } from '../../src/server/serve';
import { generateDemoFactory } from '../../src/demo/generator';
import { entryOf } from '../../src/engine/adherence/asPlanned';
import type { Factory, Plan, Schedule } from '../../src/domain/types';

export type Backend = 'pglite' | 'postgresql';

export const POSTGRES_URL = process.env.PONTE_TEST_DATABASE_URL;
/** PGlite always; PostgreSQL where the environment names one. */
export const BACKENDS: Backend[] = POSTGRES_URL ? ['pglite', 'postgresql'] : ['pglite'];

export interface TestDatabase {
  dataDir: string;
  databaseUrl: string | undefined;
  dispose(): Promise<void>;
}

export async function testDatabase(backend: Backend): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ponte-serve-'));
  if (backend === 'pglite') return { dataDir, databaseUrl: undefined, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
  const schema = `ponte_test_${randomBytes(6).toString('hex')}`;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = new URL(POSTGRES_URL!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    dataDir,
    databaseUrl: url.toString(),
    dispose: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema ${schema} cascade`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function startTestServer(database: TestDatabase, port = 0, rateLimitPerMinute = 100_000): Promise<RunningServer> {
  return startSiteServer({ port, host: '127.0.0.1', dataDir: database.dataDir, databaseUrl: database.databaseUrl, rateLimitPerMinute });
}

export async function enroll(server: RunningServer, site: string, role: 'supervisor' | 'planner', name = `${role} of ${site}`) {
  return enrollDevice(server.db, { site, role, name });
}

/** A small published plan: a demo factory, a plan of its frozen week's production, its schedule's operations. */
export function demoPublication(): { factory: Factory; plan: Plan; schedule: Schedule } {
  const factory = generateDemoFactory({ kind: 'food', size: 'S', seed: 3 });
  const production = (factory.previousPlan?.production ?? []).filter((line) => line.week === 0);
  const plan: Plan = {
    format: 'ponte.plan/1',
    status: 'feasible',
    objective: 0,
    production,
    purchases: [],
    constrainedDemand: [],
    capacity: [],
    changes: [],
    stats: { variables: 0, constraints: 0, solveSeconds: 0, solver: 'test' },
  };
  const operations: Schedule['operations'] = [];
  for (const line of production) {
    const routing = factory.routings.find((candidate) => candidate.item === line.item);
    for (const step of routing?.steps ?? []) {
      const machine = step.machines?.[0]?.machine ?? factory.resources.find((resource) => resource.id === step.resource)!.machines[0]!.id;
      operations.push({ id: `${line.item}-w0-${step.step}`, order: `${line.item}-w0`, item: line.item, step: step.step, qty: line.qty, resource: step.resource, machine, setupStart: `${factory.start}T06:00`, start: `${factory.start}T06:30`, end: `${factory.start}T10:00`, setupMinutes: 30, tools: [], operators: 0 });
    }
  }
  return { factory, plan, schedule: { format: 'ponte.schedule/1', operations, kpis: { makespanMinutes: 0, totalSetupMinutes: 0, totalTardinessMinutes: 0, lateOrders: 0 }, violations: [] } };
}

export async function api(server: RunningServer, method: string, path: string, token: string | undefined, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json().catch(() => undefined)) as Record<string, unknown> & { results?: { id: string; status: string; reason?: string }[]; entries?: unknown[]; next?: string; error?: string } };
}

let clock = Date.parse('2026-11-30T06:00:00Z');

/** An entry for an operation of the published schedule, by a device of the site. */
export function entryFor(publication: { schedule: Schedule }, site: string, device: string, index = 0, overrides: Record<string, unknown> = {}) {
  const operation = publication.schedule.operations[index % publication.schedule.operations.length]!;
  clock += 60_000;
  return { ...entryOf(operation, { id: crypto.randomUUID(), site, device, recordedAt: new Date(clock).toISOString() }), ...overrides };
}
