import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { SchoolgateError } from '../errors';
import type { SqlExecutor } from '../queue/queue';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A database handle or an open transaction: repositories take either. */
export type DbOrTx = Db | Tx;

export const MIGRATIONS_FOLDER = join(import.meta.dirname, '..', '..', 'migrations');

export interface Store {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /** Raw SQL outside any transaction (pg-boss's maintenance, multi-statement SQL). */
  readonly executor: SqlExecutor;
  /** For PostgreSQL, the URL pg-boss connects with (its own pool); null on PGlite. */
  readonly connectionString: string | null;
  /** Run `fn` in one transaction; it commits if `fn` resolves and rolls back if it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  health(): Promise<{ ok: boolean; detail?: string }>;
  close(): Promise<void>;
}

/**
 * Raw parameterised SQL on a drizzle handle or transaction, so the queue can enqueue inside our
 * transactions: `$1..$n` placeholders become drizzle parameters.
 */
export function sqlExecutor(on: DbOrTx): SqlExecutor {
  return {
    async executeSql(text, values = []) {
      const parts = text.split(/\$(\d+)/);
      const chunks: SQL[] = [];
      for (let i = 0; i < parts.length; i++) {
        if (i % 2 === 0) chunks.push(sql.raw(parts[i]!));
        else chunks.push(sql`${sql.param(values[Number(parts[i]) - 1])}`);
      }
      const res = (await on.execute(sql.join(chunks, sql.raw('')))) as unknown as { rows: Record<string, unknown>[] };
      return { rows: res.rows };
    },
  };
}

/** Open the store the environment asks for and bring its schema up to date (idempotent). */
export async function openStore(options: { databaseUrl?: string; dataDir?: string; inMemory?: boolean }): Promise<Store> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.inMemory ? undefined : options.dataDir);
}

async function openPglite(dataDir: string | undefined): Promise<Store> {
  let lite: PGlite;
  try {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    lite = await PGlite.create(dataDir ? join(dataDir, 'pglite') : undefined);
  } catch (e) {
    throw new SchoolgateError(
      'CONFIG_INVALID',
      `Cannot open the embedded database in ${dataDir ?? 'memory'}: ${(e as Error).message}. Check SCHOOLGATE_DATA_DIR points at a folder this user can write, and that no other Schoolgate is using it.`,
      undefined,
      { cause: e },
    );
  }
  const db = drizzlePglite(lite, { schema }) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  return {
    kind: 'pglite',
    db,
    connectionString: null,
    executor: {
      // pg-boss sends multi-statement scripts without parameters; it needs every statement's rows.
      async executeSql(text, values) {
        if (values?.length) return (await lite.query(text, values)) as { rows: Record<string, unknown>[] };
        const results = await lite.exec(text);
        return { rows: results.flatMap((r) => r.rows as Record<string, unknown>[]) };
      },
    },
    transaction: (fn) => db.transaction(fn),
    async health() {
      try {
        await lite.query('SELECT 1');
        return { ok: true };
      } catch {
        return { ok: false, detail: 'embedded database not answering' };
      }
    },
    close: () => lite.close(),
  };
}

async function openPostgres(url: string): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => {});
    throw new SchoolgateError(
      'CONFIG_INVALID',
      `Cannot connect to PostgreSQL at DATABASE_URL (${redactUrl(url)}): ${(e as Error).message}. Check the server is running and the URL, user and database are right, or unset DATABASE_URL to use the embedded database.`,
      undefined,
      { cause: e },
    );
  }
  const db = drizzleNodePg(pool, { schema }) as unknown as Db;
  await migrateNodePg(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  return {
    kind: 'postgres',
    db,
    connectionString: url,
    executor: {
      async executeSql(text, values) {
        // A multi-statement script (pg-boss's) answers with one result per statement.
        const r = (await pool.query(text, values)) as unknown as { rows: Record<string, unknown>[] } | { rows: Record<string, unknown>[] }[];
        return Array.isArray(r) ? { rows: r.flatMap((x) => x.rows) } : r;
      },
    },
    transaction: (fn) => db.transaction(fn),
    async health() {
      try {
        await pool.query('SELECT 1');
        return { ok: true };
      } catch {
        return { ok: false, detail: 'PostgreSQL not answering' };
      }
    },
    close: () => pool.end(),
  };
}

/** The URL without its password, for messages a person reads. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'an unparseable URL';
  }
}
