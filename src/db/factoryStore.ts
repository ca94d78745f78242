/**
 * Importing and exporting factory files. An import validates first and then writes every table
 * in one transaction: a refused or failed import leaves the store exactly as it was.
 */
import type { Factory, FactoryList } from '../domain/types';
import { FACTORY_LISTS } from '../domain/types';
import { validateFactory, validateFactoryText, type ValidationError } from '../domain/validate';
import { BASE_SCENARIO, type FactoryRecord, type FactoryRow, type PonteDatabase } from './database';

export class FactoryRefusedError extends Error {
  constructor(readonly errors: ValidationError[]) {
    super(`factory file refused: ${errors.length} error${errors.length === 1 ? '' : 's'}; first: ${errors[0] ? `${errors[0].path || '(document)'}: ${errors[0].message}` : 'none'}`);
    this.name = 'FactoryRefusedError';
  }
}

export interface ImportOptions {
  /** Replace this stored factory (same id) instead of adding a new one. */
  replace?: string;
  /** Id for a new factory; a random UUID by default. */
  id?: string;
  now?: () => Date;
}

function refOf(list: FactoryList, value: Record<string, unknown>): string {
  if (typeof value.id === 'string') return value.id;
  if (list === 'boms') return `${String(value.parent)}>${String(value.component)}`;
  if (list === 'routings' || list === 'forecast') return `${String(value.item)}${list === 'forecast' ? `@${String(value.week)}` : ''}`;
  if (list === 'setupMatrices' || list === 'sequenceRules') return String(value.resource);
  return '';
}

export function listTables(db: PonteDatabase) {
  return FACTORY_LISTS.map((list) => db[list]);
}

/** Validates and stores a factory (text or parsed); returns its id. Throws FactoryRefusedError. */
export async function importFactory(db: PonteDatabase, input: string | unknown, options: ImportOptions = {}): Promise<string> {
  const result = typeof input === 'string' ? validateFactoryText(input) : validateFactory(input);
  if (!result.ok) throw new FactoryRefusedError(result.errors);
  const raw = result.factory as Factory & Record<string, unknown>;
  const id = options.replace ?? options.id ?? crypto.randomUUID();
  const now = (options.now ?? (() => new Date()))().toISOString();

  const header: Record<string, unknown> = {};
  const presentLists: FactoryList[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if ((FACTORY_LISTS as readonly string[]).includes(key)) presentLists.push(key as FactoryList);
    else header[key] = value;
  }
  const record: FactoryRecord = { id, name: raw.name, start: raw.start, horizonWeeks: raw.horizonWeeks, importedAt: now, header, keyOrder: Object.keys(raw), presentLists };

  await db.transaction('rw', [db.factories, db.scenarios, ...listTables(db)], async () => {
    if (options.replace !== undefined) await deleteFactoryRows(db, id);
    await db.factories.put(record);
    if (!(await db.scenarios.get(`${id}:${BASE_SCENARIO}`))) {
      await db.scenarios.add({ id: `${id}:${BASE_SCENARIO}`, factoryId: id, name: 'Base', createdAt: now });
    }
    for (const list of FACTORY_LISTS) {
      const entries = (raw[list] ?? []) as Record<string, unknown>[];
      const rows = entries.map((value, seq) => {
        const row: FactoryRow = { factoryId: id, seq, ref: refOf(list, value), value };
        return list === 'items' ? { ...row, type: (value as { type: 'finished' }).type } : row;
      });
      await (db[list] as typeof db.calendars).bulkAdd(rows);
    }
  });
  return id;
}

/**
 * Stores a factory's new S&OP (the grid's autosave): the whole factory is validated with it, and
 * only the header that holds it is written. A full import (every list rewritten) blocked the page
 * for 72-112 ms on L after each edit (the workspace bench's long-task observer).
 */
export async function saveSop(db: PonteDatabase, factoryId: string, factory: Factory, sop: Factory['sop']): Promise<void> {
  const result = validateFactory({ ...factory, sop });
  if (!result.ok) throw new FactoryRefusedError(result.errors);
  await db.transaction('rw', db.factories, async () => {
    const record = await db.factories.get(factoryId);
    if (!record) throw new Error(`no factory with id "${factoryId}" in the store`);
    const keyOrder = record.keyOrder.includes('sop') ? record.keyOrder : [...record.keyOrder, 'sop'];
    await db.factories.put({ ...record, keyOrder, header: { ...record.header, sop: (result.factory as Factory).sop } });
  });
}

async function deleteFactoryRows(db: PonteDatabase, factoryId: string): Promise<void> {
  for (const table of listTables(db)) {
    await table.where('[factoryId+seq]').between([factoryId, -Infinity], [factoryId, Infinity]).delete();
  }
}

/** Removes a factory and everything computed from it. */
export async function deleteFactory(db: PonteDatabase, factoryId: string): Promise<void> {
  await db.transaction('rw', [db.factories, db.scenarios, db.planVersions, db.schedules, ...listTables(db)], async () => {
    await deleteFactoryRows(db, factoryId);
    await db.scenarios.where('factoryId').equals(factoryId).delete();
    await db.planVersions.where('factoryId').equals(factoryId).delete();
    await db.schedules.where('factoryId').equals(factoryId).delete();
    await db.factories.delete(factoryId);
  });
}

export async function readList<T>(db: PonteDatabase, factoryId: string, list: FactoryList): Promise<T[]> {
  const rows = await (db[list] as typeof db.calendars).where('[factoryId+seq]').between([factoryId, -Infinity], [factoryId, Infinity]).toArray();
  return rows.map((row) => row.value as T);
}

/** The stored factory as a `ponte.factory/1` document, as it was imported. */
export async function exportFactory(db: PonteDatabase, factoryId: string): Promise<Factory> {
  return db.transaction('r', [db.factories, ...listTables(db)], async () => {
    const record = await db.factories.get(factoryId);
    if (!record) throw new Error(`no factory with id "${factoryId}" in the store`);
    const lists = new Map<string, unknown[]>();
    for (const list of record.presentLists) lists.set(list, await readList(db, factoryId, list));
    const document: Record<string, unknown> = {};
    for (const key of record.keyOrder) document[key] = lists.has(key) ? lists.get(key) : record.header[key];
    return document as Factory;
  });
}

export async function listFactories(db: PonteDatabase): Promise<FactoryRecord[]> {
  return db.factories.orderBy('name').toArray();
}
