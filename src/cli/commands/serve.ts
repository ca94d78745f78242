import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase, restorePglite } from '../../server/database';
import { enrollDevice, listDevices, revokeDevice, type Device } from '../../server/devices';
import { adminBackup, adminRequest, databaseTarget, serverHolding, startSiteServer } from '../../server/serve';
import { UsageError, writeAll } from '../io';

export const serveUsage =
  'ponte serve [--port 8080] [--host 127.0.0.1] [--data DIR] [--database-url postgres://…] [--tls-cert FILE --tls-key FILE] [--behind-proxy] [--quiet]\n' +
  '  ponte serve device add [--data DIR] [--database-url URL] --site S --role supervisor|planner --name "Tablet 3"\n' +
  '  ponte serve device list [--data DIR] [--database-url URL] [--site S]\n' +
  '  ponte serve device revoke ID|NAME [--data DIR] [--database-url URL]\n' +
  '  ponte serve backup [--data DIR] --out FILE.tgz        (PGlite; running or not)\n' +
  '  ponte serve restore --data NEW_DIR --from FILE.tgz';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function serveCommand(args: string[]): Promise<number> {
  if (args[0] === 'device') return deviceCommand(args.slice(1));
  if (args[0] === 'backup' || args[0] === 'restore') return backupCommand(args[0], args.slice(1));
  const { values, positionals } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'string' },
      data: { type: 'string', default: './ponte-data' },
      'database-url': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'behind-proxy': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError(`serve takes no file: ${positionals[0]}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${values.port}"`);
  if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) throw new UsageError('--tls-cert and --tls-key go together');
  const tls = values['tls-cert'] ? { cert: readFileSync(values['tls-cert']), key: readFileSync(values['tls-key']!) } : undefined;
  // Tablets need a secure context for the service worker: plain HTTP only on this machine, or
  // behind the plant's reverse proxy that terminates TLS.
  const host = values.host ?? (tls || values['behind-proxy'] ? '0.0.0.0' : '127.0.0.1');
  if (!tls && !values['behind-proxy'] && !LOOPBACK.has(host)) throw new UsageError(`plain HTTP is served on localhost only: give --tls-cert and --tls-key to serve ${host}, or --behind-proxy when a reverse proxy terminates TLS`);
  const databaseUrl = values['database-url'] ?? process.env.PONTE_DATABASE_URL;
  const server = await startSiteServer({ port, host, dataDir: values.data, databaseUrl, tls, log: !values.quiet, trustProxy: values['behind-proxy'] });
  const where = databaseUrl ? `PostgreSQL at ${redactUrl(databaseUrl)}` : `PGlite in ${values.data}`;
  await writeAll(process.stderr, `Ponte site server on ${server.url} (${where}); enroll devices with: ponte serve device add --data ${values.data} --site SITE --role supervisor --name "Tablet 1"\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}

/** A connection URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(a connection URL)';
  }
}

async function deviceCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      data: { type: 'string', default: './ponte-data' },
      'database-url': { type: 'string' },
      site: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const databaseUrl = values['database-url'] ?? process.env.PONTE_DATABASE_URL;
  // A running server holds its PGlite folder: ask it through its socket instead of opening it.
  const viaServer = !databaseUrl && serverHolding(values.data) !== undefined;
  const withDatabase = async <T>(work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> => {
    const db = await openDatabase(databaseTarget(values.data, databaseUrl));
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  };
  const describe = (device: Device) => `${device.id}  ${device.site}  ${device.role.padEnd(10)}  ${device.name}${device.revokedAt ? `  (revoked ${device.revokedAt})` : ''}`;
  switch (action) {
    case 'add': {
      if (!values.site || !values.role || !values.name) throw new UsageError('device add needs --site, --role and --name');
      const input = { site: values.site, role: values.role, name: values.name };
      const { device, token } = viaServer ? await adminRequest<{ device: Device; token: string }>(values.data, 'POST', '/devices', input) : await withDatabase((db) => enrollDevice(db, input));
      await writeAll(process.stderr, `enrolled ${describe(device)}\nits token (shown once; enter it on the device):\n`);
      await writeAll(process.stdout, `${token}\n`);
      return 0;
    }
    case 'list': {
      const devices = viaServer ? (await adminRequest<{ devices: Device[] }>(values.data, 'GET', `/devices${values.site ? `?site=${encodeURIComponent(values.site)}` : ''}`)).devices : await withDatabase((db) => listDevices(db, values.site));
      await writeAll(process.stdout, values.json ? `${JSON.stringify(devices, null, 1)}\n` : devices.length === 0 ? 'no devices enrolled\n' : `${devices.map(describe).join('\n')}\n`);
      return 0;
    }
    case 'revoke': {
      if (positionals.length !== 1) throw new UsageError('device revoke takes one device id or name');
      const device = viaServer ? (await adminRequest<{ device: Device }>(values.data, 'POST', '/devices/revoke', { device: positionals[0] })).device : await withDatabase((db) => revokeDevice(db, positionals[0]!));
      await writeAll(process.stdout, `revoked ${describe(device)}\n`);
      return 0;
    }
    default:
      throw new UsageError(`serve device takes add, list or revoke, not "${action ?? ''}"`);
  }
}

async function backupCommand(action: 'backup' | 'restore', args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: 'string', default: './ponte-data' }, out: { type: 'string' }, from: { type: 'string' } }, strict: true });
  const target = databaseTarget(values.data, undefined);
  if (target.kind !== 'pglite' || !target.dataDir) throw new UsageError('backup and restore are for PGlite folders; back up PostgreSQL with pg_dump');
  if (action === 'backup') {
    if (!values.out) throw new UsageError('serve backup needs --out FILE');
    let bytes: Uint8Array;
    if (serverHolding(values.data) !== undefined) bytes = await adminBackup(values.data);
    else {
      if (!existsSync(target.dataDir)) throw new Error(`no Ponte database in ${values.data}`);
      const db = await openDatabase(target);
      try {
        bytes = await db.backup!();
      } finally {
        await db.close();
      }
    }
    writeFileSync(values.out, bytes);
    await writeAll(process.stderr, `backup of ${values.data} written to ${values.out} (${(bytes.length / 1024).toFixed(0)} KiB)\n`);
    return 0;
  }
  if (!values.from) throw new UsageError('serve restore needs --from FILE');
  if (existsSync(target.dataDir)) throw new Error(`${values.data} already holds a database: restore into a new --data folder, then start the server on it`);
  mkdirSync(values.data, { recursive: true });
  await restorePglite(target.dataDir, readFileSync(values.from));
  await writeAll(process.stderr, `restored ${values.from} into ${values.data}\n`);
  return 0;
}
