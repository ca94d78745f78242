/**
 * Execution entries on the site server: push (idempotent on the entry id) and pull (in the
 * server's order, by a cursor). Each entry is checked alone: a malformed one is refused with a
 * reason naming its path, and nothing of it is stored; the well-formed ones of the same batch
 * are stored together in one transaction.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, factoryErrors, validateEntry } from '../domain/execution';
import type { ExecutionEntry } from '../domain/types';
import type { Database } from './database';
import type { Device } from './devices';
import type { FactoryCache } from './plans';

export const MAX_ENTRIES_PER_PUSH = 500;
export const MAX_PULL_LIMIT = 1000;

export type PushResult = { id: string; status: 'accepted' | 'duplicate' } | { id: string; status: 'rejected'; reason: string };

export class NoPublishedFactoryError extends Error {}

export async function pushEntries(db: Database, factories: FactoryCache, device: Device & { planVersion?: number | null }, site: string, inputs: unknown[]): Promise<PushResult[]> {
  const published = await factories.get(db, site, device.planVersion);
  if (!published) throw new NoPublishedFactoryError(`no plan is published for site ${site}: entries are checked against its factory, so they wait on the device until a planner publishes one`);
  const results: PushResult[] = new Array(inputs.length);
  const valid: { index: number; entry: ExecutionEntry; hash: string }[] = [];
  const seen = new Map<string, number>();
  inputs.forEach((input, index) => {
    const path = `entries[${index}]`;
    const idOf = typeof input === 'object' && input !== null && typeof (input as { id?: unknown }).id === 'string' ? (input as { id: string }).id : '';
    const check = validateEntry(input, path);
    if (!check.ok) return void (results[index] = { id: idOf, status: 'rejected', reason: check.errors.map((error) => `${error.path}: ${error.message}`).join('; ') });
    const { entry } = check;
    const problems = [
      ...(entry.site !== site ? [`${path}.site: ${entry.site} is not site ${site}`] : []),
      ...(entry.device !== device.id ? [`${path}.device: ${entry.device} is not the device that sends it`] : []),
      ...factoryErrors(entry, published.factory, path).map((error) => `${error.path}: ${error.message}`),
    ];
    if (problems.length > 0) return void (results[index] = { id: entry.id, status: 'rejected', reason: problems.join('; ') });
    const hash = createHash('sha256').update(canonicalJson(entry)).digest('hex');
    const earlier = seen.get(entry.id.toLowerCase());
    if (earlier !== undefined) {
      // The same id twice in one batch: the second is judged against the first.
      results[index] = valid[earlier]!.hash === hash ? { id: entry.id, status: 'duplicate' } : { id: entry.id, status: 'rejected', reason: `${path}.id: conflict: ${entry.id} appears earlier in this batch with other content` };
      return;
    }
    seen.set(entry.id.toLowerCase(), valid.length);
    valid.push({ index, entry, hash });
  });
  if (valid.length > 0) {
    // One statement, its own transaction: pushes of many tablets commit side by side.
    const inserted = await db.query<{ id: string }>(
      `insert into entries (id, site, device, body, content_hash)
       select * from unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::text[]) on conflict (id) do nothing returning id::text`,
      [valid.map((row) => row.entry.id), valid.map(() => site), valid.map(() => device.id), valid.map((row) => JSON.stringify(row.entry)), valid.map((row) => row.hash)],
      'ponte-push',
    );
    const accepted = new Set(inserted.rows.map((row) => row.id.toLowerCase()));
    const others = valid.filter((row) => !accepted.has(row.entry.id.toLowerCase()));
    const stored = others.length === 0 ? [] : (await db.query<{ id: string; site: string; content_hash: string }>('select id::text, site, content_hash from entries where id = any($1::uuid[])', [others.map((row) => row.entry.id)])).rows;
    const storedById = new Map(stored.map((row) => [row.id.toLowerCase(), row]));
    for (const row of valid) {
      const id = row.entry.id;
      if (accepted.has(id.toLowerCase())) results[row.index] = { id, status: 'accepted' };
      else {
        const existing = storedById.get(id.toLowerCase());
        results[row.index] =
          existing && existing.site === site && existing.content_hash === row.hash
            ? { id, status: 'duplicate' }
            : { id, status: 'rejected', reason: `entries[${row.index}].id: conflict: an entry ${id} with other content is already stored; nothing was overwritten (a correction is a new entry that names the one it corrects)` };
      }
    }
  }
  return results;
}

export interface PullPage {
  entries: ExecutionEntry[];
  next: string;
}

export function parseCursor(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return 0;
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

/**
 * Numbers the entries that have committed since the last pass, in one transaction under an
 * advisory lock (several server processes may share one PostgreSQL): every seq it gives is
 * larger than every seq visible before, and an entry still committing gets one in a later pass.
 */
export async function sequenceEntries(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(72627361)');
    const { rows } = await tx.query<{ count: number }>(
      `with numbered as (
         update entries set seq = nextval('entries_seq')
         where pk in (select pk from entries where seq is null order by pk limit 20000)
         returning 1)
       select count(*)::int as count from numbered`,
    );
    return rows[0]!.count;
  });
}

/** Runs a pass after pushes, one at a time; a push during a pass asks for another. */
export class Sequencer {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly db: Database) {}

  /** After a push: sequence soon, without holding up the push's answer. */
  poke(): void {
    if (this.running) this.again = true;
    else this.running = this.loop();
  }

  /** Before a pull: everything committed so far has its seq. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    await sequenceEntries(this.db);
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        await sequenceEntries(this.db);
      } while (this.again);
    } catch {
      // The next push or pull runs a pass again; nothing is lost, only numbered later.
    } finally {
      this.running = undefined;
    }
  }
}

export async function pullEntries(db: Database, site: string, after: number, limit: number): Promise<PullPage> {
  const { rows } = await db.query<{ seq: number; body: ExecutionEntry }>('select seq, body from entries where site = $1 and seq > $2 order by seq limit $3', [site, after, limit]);
  return { entries: rows.map((row) => row.body), next: String(rows.length > 0 ? rows[rows.length - 1]!.seq : after) };
}
