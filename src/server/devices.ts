/**
 * Enrolled devices: each tablet or laptop holds a random token (256 bits); the server keeps only
 * its SHA-256, so a stolen database does not let anyone in. A device belongs to one site and has
 * one role: supervisors record entries, planners also publish plans.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Sql } from './database';

export type DeviceRole = 'supervisor' | 'planner';

export interface Device {
  id: string;
  site: string;
  role: DeviceRole;
  name: string;
  createdAt: string;
  revokedAt: string | null;
}

const SITE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class DeviceError extends Error {}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function enrollDevice(sql: Sql, input: { site: string; role: string; name: string }): Promise<{ device: Device; token: string }> {
  if (!SITE.test(input.site)) throw new DeviceError(`site "${input.site}" must be 1-64 letters, digits, dots, hyphens or underscores`);
  if (input.role !== 'supervisor' && input.role !== 'planner') throw new DeviceError(`role must be supervisor or planner, not "${input.role}"`);
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) throw new DeviceError('name must be 1-100 characters');
  const token = `ponte_${randomBytes(32).toString('base64url')}`;
  const id = randomUUID();
  const { rows } = await sql.query<DeviceRow>(
    'insert into devices (id, site, role, name, token_hash) values ($1, $2, $3, $4, $5) returning id, site, role, name, created_at, revoked_at',
    [id, input.site, input.role, name, hashToken(token)],
  );
  return { device: deviceOf(rows[0]!), token };
}

export async function listDevices(sql: Sql, site?: string): Promise<Device[]> {
  const { rows } = await sql.query<DeviceRow>(
    `select id, site, role, name, created_at, revoked_at from devices ${site ? 'where site = $1' : ''} order by site, created_at`,
    site ? [site] : [],
  );
  return rows.map(deviceOf);
}

/** Revokes by id, or by name where one device of that name exists. */
export async function revokeDevice(sql: Sql, idOrName: string): Promise<Device> {
  const { rows } = await sql.query<DeviceRow>('select id, site, role, name, created_at, revoked_at from devices where id::text = $1 or name = $1', [idOrName]);
  if (rows.length === 0) throw new DeviceError(`no device has the id or name "${idOrName}"`);
  if (rows.length > 1) throw new DeviceError(`${rows.length} devices are named "${idOrName}": revoke one by its id (${rows.map((row) => row.id).join(', ')})`);
  const revoked = await sql.query<DeviceRow>('update devices set revoked_at = coalesce(revoked_at, now()) where id = $1 returning id, site, role, name, created_at, revoked_at', [rows[0]!.id]);
  return deviceOf(revoked.rows[0]!);
}

/**
 * The device a bearer token belongs to, unless it is unknown or revoked, with the version of its
 * site's published plan read in the same query (one round trip per request).
 */
export async function authenticate(sql: Sql, token: string): Promise<(Device & { planVersion: number | null }) | undefined> {
  const { rows } = await sql.query<DeviceRow & { plan_version: number | null }>(
    'select d.id, d.site, d.role, d.name, d.created_at, d.revoked_at, p.version as plan_version from devices d left join published_plans p on p.site = d.site where d.token_hash = $1',
    [hashToken(token)],
    'ponte-authenticate',
  );
  const row = rows[0];
  return row && row.revoked_at === null ? { ...deviceOf(row), planVersion: row.plan_version } : undefined;
}

interface DeviceRow {
  id: string;
  site: string;
  role: DeviceRole;
  name: string;
  created_at: Date | string;
  revoked_at: Date | string | null;
}

function deviceOf(row: DeviceRow): Device {
  const iso = (value: Date | string) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString());
  return { id: row.id, site: row.site, role: row.role, name: row.name, createdAt: iso(row.created_at), revokedAt: row.revoked_at === null ? null : iso(row.revoked_at) };
}
