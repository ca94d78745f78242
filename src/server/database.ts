/**
 * The site server's database: PGlite (PostgreSQL compiled to WebAssembly) in a data folder by
 * default, nothing to install; a real PostgreSQL through a connection URL for large sites. Both
 * run the same SQL and the same versioned migrations (./migrations, applied in name order, each
 * once, each in its own transaction).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Sql {
  /** `name`: a hot query PostgreSQL prepares once per connection (PGlite ignores it). */
  query<Row = Record<string, unknown>>(text: string, params?: unknown[], name?: string): Promise<{ rows: Row[] }>;
}

export interface Database extends Sql {
  readonly kind: 'pglite' | 'postgresql';
  /** Runs `work` in one transaction: all of it is stored, or nothing. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  /** PGlite: a consistent copy of the whole database, gzipped (PostgreSQL: use pg_dump). */
  backup?(): Promise<Uint8Array>;
  close(): Promise<void>;
}

export type DatabaseTarget = { kind: 'pglite'; dataDir: string | undefined } | { kind: 'postgresql'; url: string };

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  const database = target.kind === 'pglite' ? await openPglite(target.dataDir) : await openPostgres(target.url);
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

async function openPglite(dataDir: string | undefined, restoreFrom?: Blob): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  // Without a folder the database lives in memory (tests); with one, a restart keeps everything.
  const db = await PGlite.create(dataDir, restoreFrom ? { loadDataDir: restoreFrom } : {});
  return {
    kind: 'pglite',
    query: (text, params) => db.query(text, params),
    transaction: (work) => db.transaction((tx) => work({ query: (text, params) => tx.query(text, params) })),
    // One query at a time goes through PGlite, so the dump sees no half-written transaction.
    backup: async () => new Uint8Array(await (await db.dumpDataDir('gzip')).arrayBuffer()),
    close: () => db.close(),
  };
}

/** Makes a new PGlite folder from a backup (`ponte serve restore`); the folder must not exist yet. */
export async function restorePglite(dataDir: string, backup: Uint8Array): Promise<void> {
  const db = await openPglite(dataDir, new Blob([backup as BlobPart]));
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
}

async function openPostgres(url: string): Promise<Database> {
  const { default: pg } = await import('pg');
  // int8 (bigserial seq) as a JavaScript number: a site will not reach 2^53 entries.
  pg.types.setTypeParser(20, (value) => Number(value));
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // A server that cannot reach its database says so at start, not at the first tablet's push.
  const probe = await pool.connect().catch(async (error: Error) => {
    await pool.end();
    throw new Error(`cannot connect to the PostgreSQL database: ${error.message}`);
  });
  probe.release();
  pool.on('error', () => undefined);
  return {
    kind: 'postgresql',
    query: async <Row,>(text: string, params?: unknown[], name?: string) => (await pool.query(name ? { name, text, values: params ?? [] } : { text, values: params ?? [] })) as unknown as { rows: Row[] },
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work({ query: async <Row,>(text: string, params?: unknown[]) => (await client.query(text, params)) as unknown as { rows: Row[] } });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

const MIGRATIONS = fileURLToPath(new URL('./migrations/', import.meta.url));

export function migrationFiles(): { version: string; sql: string }[] {
  return readdirSync(MIGRATIONS)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => ({ version: name.replace(/\.sql$/, ''), sql: readFileSync(`${MIGRATIONS}${name}`, 'utf8') }));
}

/** Applies the migrations not yet applied, each with its record in one transaction. */
export async function migrate(database: Database): Promise<string[]> {
  await database.query('create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())');
  const applied = new Set((await database.query<{ version: string }>('select version from schema_migrations')).rows.map((row) => row.version));
  const now: string[] = [];
  for (const { version, sql } of migrationFiles()) {
    if (applied.has(version)) continue;
    await database.transaction(async (tx) => {
      // Two servers starting on one PostgreSQL at once: the second waits, then finds it applied.
      await tx.query('select pg_advisory_xact_lock(7262736)');
      const again = await tx.query('select 1 from schema_migrations where version = $1', [version]);
      if (again.rows.length > 0) return;
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('insert into schema_migrations (version) values ($1)', [version]);
      now.push(version);
    });
  }
  return now;
}

/** A migration file's statements: split at semicolons ending a line, comments dropped. */
function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter(Boolean);
}
