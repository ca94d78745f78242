/**
 * The plan a site executes: a planner publishes the approved plan with its factory and
 * schedule; tablets fetch it, and entries are checked against its factory.
 */
import * as v from 'valibot';
import { planSchema, scheduleSchema } from '../domain/schema';
import type { Factory, Plan, Schedule } from '../domain/types';
import { validateFactory, type ValidationError } from '../domain/validate';
import type { Sql } from './database';

export interface PublishedPlan {
  site: string;
  version: number;
  factory: Factory;
  plan: Plan;
  schedule: Schedule | null;
  publishedAt: string;
  publishedBy: string;
}

export type PublishCheck = { ok: true; factory: Factory; plan: Plan; schedule: Schedule | null } | { ok: false; errors: ValidationError[] };

/** `{ factory, plan, schedule? }`, each checked with the domain's schemas. */
export function checkPublication(body: unknown): PublishCheck {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, errors: [{ path: '', message: 'the body must be an object { factory, plan, schedule }' }] };
  const { factory, plan, schedule } = body as Record<string, unknown>;
  const errors: ValidationError[] = [];
  const factoryCheck = validateFactory(factory);
  if (!factoryCheck.ok) errors.push(...factoryCheck.errors.map((error) => ({ path: error.path ? `factory.${error.path}`.replace('.[', '[') : 'factory', message: error.message })));
  const planCheck = v.safeParse(planSchema, plan);
  if (!planCheck.success) errors.push(...planCheck.issues.slice(0, 20).map((issue) => ({ path: `plan${issue.path ? `.${issue.path.map((item) => item.key).join('.')}` : ''}`, message: issue.message })));
  const scheduleCheck = schedule === undefined || schedule === null ? undefined : v.safeParse(scheduleSchema, schedule);
  if (scheduleCheck && !scheduleCheck.success) errors.push(...scheduleCheck.issues.slice(0, 20).map((issue) => ({ path: `schedule${issue.path ? `.${issue.path.map((item) => item.key).join('.')}` : ''}`, message: issue.message })));
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, factory: factoryCheck.factory!, plan: plan as Plan, schedule: (schedule ?? null) as Schedule | null };
}

export async function publishPlan(sql: Sql, site: string, deviceId: string, publication: { factory: Factory; plan: Plan; schedule: Schedule | null }): Promise<{ version: number }> {
  const { rows } = await sql.query<{ version: number }>(
    `insert into published_plans (site, version, factory, plan, schedule, published_by) values ($1, 1, $2, $3, $4, $5)
     on conflict (site) do update set version = published_plans.version + 1, factory = excluded.factory, plan = excluded.plan,
       schedule = excluded.schedule, published_at = now(), published_by = excluded.published_by
     returning version`,
    [site, JSON.stringify(publication.factory), JSON.stringify(publication.plan), publication.schedule === null ? null : JSON.stringify(publication.schedule), deviceId],
  );
  return { version: rows[0]!.version };
}

export async function fetchPlan(sql: Sql, site: string): Promise<PublishedPlan | undefined> {
  const { rows } = await sql.query<{ site: string; version: number; factory: Factory; plan: Plan; schedule: Schedule | null; published_at: Date | string; published_by: string }>(
    'select site, version, factory, plan, schedule, published_at, published_by from published_plans where site = $1',
    [site],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { site: row.site, version: row.version, factory: row.factory, plan: row.plan, schedule: row.schedule, publishedAt: new Date(row.published_at).toISOString(), publishedBy: row.published_by };
}

/** The factory entries are checked against, cached per site and version (a factory is large). */
export class FactoryCache {
  private readonly cache = new Map<string, { version: number; factory: Factory }>();

  /** `knownVersion`: the version read with the device's authentication, saving a query per push. */
  async get(sql: Sql, site: string, knownVersion?: number | null): Promise<{ version: number; factory: Factory } | undefined> {
    const version = knownVersion !== undefined ? knownVersion : (await sql.query<{ version: number }>('select version from published_plans where site = $1', [site])).rows[0]?.version;
    if (version === undefined || version === null) return undefined;
    const cached = this.cache.get(site);
    if (cached?.version === version) return cached;
    const { rows: full } = await sql.query<{ factory: Factory }>('select factory from published_plans where site = $1 and version = $2', [site, version]);
    if (!full[0]) return undefined;
    const fresh = { version, factory: full[0].factory };
    this.cache.set(site, fresh);
    return fresh;
  }
}
