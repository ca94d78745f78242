/**
 * Starting and stopping a site server: its database (PGlite in a data folder unless a
 * PostgreSQL URL is given), a lock so that two servers never share a PGlite folder, and an
 * administration socket in that folder so that `ponte serve device …` can enroll devices while
 * the server holds the database (a Unix socket: only who may write the folder may use it).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join, resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildServer, type ServerOptions } from './app';
import { openDatabase, type Database, type DatabaseTarget } from './database';
import { DeviceError, enrollDevice, listDevices, revokeDevice } from './devices';

export interface SiteServerOptions {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string | undefined;
  tls?: { cert: Buffer; key: Buffer } | undefined;
  appDir?: string | undefined;
  log?: boolean;
  trustProxy?: boolean;
  rateLimitPerMinute?: number;
}

export interface RunningServer {
  url: string;
  db: Database;
  close(): Promise<void>;
}

export function databaseTarget(dataDir: string, databaseUrl: string | undefined): DatabaseTarget {
  return databaseUrl ? { kind: 'postgresql', url: databaseUrl } : { kind: 'pglite', dataDir: join(resolve(dataDir), 'pglite') };
}

export const lockFile = (dataDir: string) => join(resolve(dataDir), 'ponte-serve.lock');
export const adminSocket = (dataDir: string) => join(resolve(dataDir), 'admin.sock');

/** The pid of a live server holding the folder, if any (a lock left by a killed one is stale). */
export function serverHolding(dataDir: string): number | undefined {
  const file = lockFile(dataDir);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid === process.pid ? undefined : pid;
  } catch {
    return undefined;
  }
}

export async function startSiteServer(options: SiteServerOptions): Promise<RunningServer> {
  mkdirSync(options.dataDir, { recursive: true });
  const holder = serverHolding(options.dataDir);
  if (holder !== undefined) throw new Error(`another ponte serve (pid ${holder}) uses ${resolve(options.dataDir)}; stop it first or give another --data folder`);
  writeFileSync(lockFile(options.dataDir), `${process.pid}\n`);
  let db: Database | undefined;
  let app: FastifyInstance | undefined;
  let admin: FastifyInstance | undefined;
  try {
    db = await openDatabase(databaseTarget(options.dataDir, options.databaseUrl));
    const serverOptions: ServerOptions = { db, appDir: options.appDir, log: options.log ?? false, trustProxy: options.trustProxy ?? false, ...(options.tls ? { https: options.tls } : {}), ...(options.rateLimitPerMinute ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}) };
    app = await buildServer(serverOptions);
    await app.listen({ port: options.port, host: options.host });
    admin = await startAdminSocket(db, options.dataDir);
  } catch (error) {
    await app?.close();
    await db?.close();
    rmSync(lockFile(options.dataDir), { force: true });
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const database = db;
  const server = app;
  const adminServer = admin;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
    db: database,
    async close() {
      await adminServer.close();
      await server.close();
      await database.close();
      rmSync(adminSocket(options.dataDir), { force: true });
      rmSync(lockFile(options.dataDir), { force: true });
    },
  };
}

async function startAdminSocket(db: Database, dataDir: string): Promise<FastifyInstance> {
  const socket = adminSocket(dataDir);
  rmSync(socket, { force: true });
  const admin = Fastify({ logger: false });
  admin.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    void reply.status(error instanceof DeviceError ? 400 : (error.statusCode ?? 500)).send({ error: error.message });
  });
  admin.post('/devices', async (request) => enrollDevice(db, request.body as { site: string; role: string; name: string }));
  admin.get<{ Querystring: { site?: string } }>('/devices', async (request) => ({ devices: await listDevices(db, request.query.site) }));
  admin.post('/devices/revoke', async (request) => ({ device: await revokeDevice(db, (request.body as { device: string }).device) }));
  admin.get('/backup', async (_request, reply) => {
    if (!db.backup) return reply.status(400).send({ error: 'this server runs on PostgreSQL: back it up with pg_dump' });
    return reply.type('application/gzip').send(Buffer.from(await db.backup()));
  });
  await admin.listen({ path: socket });
  chmodSync(socket, 0o600);
  return admin;
}

/** A running server's backup, through its administration socket. */
export function adminBackup(dataDir: string): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const request = httpRequest({ socketPath: adminSocket(dataDir), method: 'GET', path: '/backup' }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        if ((response.statusCode ?? 500) >= 400) reject(new DeviceError((JSON.parse(body.toString('utf8') || '{}') as { error?: string }).error ?? `HTTP ${response.statusCode}`));
        else resolvePromise(body);
      });
    });
    request.on('error', reject);
    request.end();
  });
}

/** Talks to a running server's administration socket. */
export function adminRequest<T>(dataDir: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = httpRequest({ socketPath: adminSocket(dataDir), method, path, headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {} }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        const parsed = JSON.parse(text || '{}') as T & { error?: string };
        if ((response.statusCode ?? 500) >= 400) reject(new DeviceError(parsed.error ?? `HTTP ${response.statusCode}`));
        else resolvePromise(parsed);
      });
    });
    request.on('error', reject);
    if (payload) request.write(payload);
    request.end();
  });
}
