import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BASE_SCENARIO, SCHEMA_V1, openDatabase, type PonteDatabase } from '../../src/db/database';
import { FactoryRefusedError, deleteFactory, exportFactory, importFactory, listFactories, readList, saveSop } from '../../src/db/factoryStore';
import { generateDemoFactory } from '../../src/demo/generator';
import type { Factory, Item } from '../../src/domain/types';

let db: PonteDatabase;
let name: string;
let counter = 0;

function demo(): Factory & Record<string, unknown> {
  return structuredClone(generateDemoFactory({ kind: 'food', size: 'S', seed: 3 })) as Factory & Record<string, unknown>;
}

async function rowCounts(database: PonteDatabase): Promise<number> {
  let total = 0;
  for (const table of database.tables) total += await table.count();
  return total;
}

beforeEach(() => {
  name = `ponte-test-${++counter}`;
  db = openDatabase(name);
});

afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

describe('importFactory / exportFactory', () => {
  it('round-trips a factory, unknown keys and list order included', async () => {
    const factory = demo();
    factory.erpSystem = { vendor: 'X', exportedBy: 'nightly job' };
    (factory.items[0] as Item & Record<string, unknown>).plannerNote = 'check the new jar supplier';
    (factory.policy as Record<string, unknown>).futureSetting = 42;
    const id = await importFactory(db, JSON.stringify(factory));
    expect(await exportFactory(db, id)).toStrictEqual(factory);
    expect(Object.keys(await exportFactory(db, id))).toEqual(Object.keys(factory));
  });

  it('does not invent lists the file did not have', async () => {
    const factory = demo();
    delete (factory as Partial<Factory>).forecast;
    const id = await importFactory(db, factory);
    expect('forecast' in (await exportFactory(db, id))).toBe(false);
  });

  it('refuses a broken file with path-named errors and stores nothing', async () => {
    const factory = demo();
    factory.items[2]!.family = 'NO-SUCH-FAMILY';
    factory.items[2]!.type = 'finished';
    const before = await rowCounts(db);
    const error = await importFactory(db, factory).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FactoryRefusedError);
    expect((error as FactoryRefusedError).errors).toContainEqual({ path: 'items[2].family', message: 'family "NO-SUCH-FAMILY" does not exist' });
    expect(await rowCounts(db)).toBe(before);
  });

  it('rolls back every table when a write fails half-way', async () => {
    const factory = demo();
    // A failure while writing the suppliers, after the factory record and items went in.
    const original = db.suppliers.bulkAdd.bind(db.suppliers);
    db.suppliers.bulkAdd = (() => Promise.reject(new Error('disk full'))) as unknown as typeof original;
    await expect(importFactory(db, factory)).rejects.toThrow('disk full');
    db.suppliers.bulkAdd = original;
    expect(await rowCounts(db)).toBe(0);
  });

  it('replaces a stored factory in place', async () => {
    const id = await importFactory(db, demo());
    const changed = demo();
    changed.name = 'Renamed plant';
    changed.items = changed.items.slice(0, 5);
    changed.boms = [];
    changed.routings = changed.routings.filter((routing) => changed.items.some((item) => item.id === routing.item));
    changed.sop = { plans: [], mix: [] };
    changed.orders = [];
    changed.forecast = [];
    changed.suppliers = changed.suppliers.map((supplier) => ({ ...supplier, items: supplier.items.filter((entry) => changed.items.some((item) => item.id === entry.item)) }));
    changed.openPurchaseOrders = [];
    changed.openProductionOrders = [];
    delete (changed as Partial<Factory>).previousPlan;
    await importFactory(db, changed, { replace: id });
    expect(await listFactories(db)).toHaveLength(1);
    expect((await readList<Item>(db, id, 'items')).map((item) => item.id)).toEqual(changed.items.map((item) => item.id));
    expect(await exportFactory(db, id)).toStrictEqual(changed);
  });

  it('saves an edited S&OP alone, and refuses one that does not validate, storing nothing', async () => {
    const factory = demo();
    const id = await importFactory(db, factory);
    const sop = { ...factory.sop, plans: factory.sop.plans.map((plan, index) => (index === 0 ? { ...plan, qty: 12_345 } : plan)) };
    await saveSop(db, id, factory, sop);
    expect(await exportFactory(db, id)).toStrictEqual({ ...factory, sop });
    const broken = { ...sop, plans: [...sop.plans, { family: 'NO-SUCH-FAMILY', month: '2026-13', qty: -1 }] };
    const refused = await saveSop(db, id, factory, broken).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(FactoryRefusedError);
    expect((refused as FactoryRefusedError).errors.map((error) => error.path).join(' ')).toMatch(/sop\.plans\[\d+\]/);
    expect(await exportFactory(db, id)).toStrictEqual({ ...factory, sop });
    await expect(saveSop(db, 'nope', factory, sop)).rejects.toThrow(/no factory with id "nope"/);
  });

  it('indexes items by type for the factory views', async () => {
    const id = await importFactory(db, demo());
    const purchased = await db.items.where('[factoryId+type]').equals([id, 'purchased']).count();
    expect(purchased).toBe(demo().items.filter((item) => item.type === 'purchased').length);
  });

  it('deletes a factory and everything of it', async () => {
    const id = await importFactory(db, demo());
    await deleteFactory(db, id);
    expect(await rowCounts(db)).toBe(0);
  });
});

describe('schema migration', () => {
  it('upgrades a version 1 database: items gain their type, plans a base scenario', async () => {
    const legacy = new Dexie(name);
    legacy.version(1).stores(SCHEMA_V1);
    await legacy.open();
    await legacy.table('factories').add({ id: 'f1', name: 'Old plant', start: '2026-11-30', horizonWeeks: 4, importedAt: '2026-01-01T00:00:00.000Z', header: {}, keyOrder: [], presentLists: ['items'] });
    await legacy.table('items').bulkAdd([
      { factoryId: 'f1', seq: 0, ref: 'A', value: { id: 'A', type: 'finished' } },
      { factoryId: 'f1', seq: 1, ref: 'B', value: { id: 'B', type: 'purchased' } },
    ]);
    await legacy.table('planVersions').add({ id: 'p1', factoryId: 'f1', createdAt: '2026-01-02', label: 'January', approved: true, plan: {} });
    legacy.close();

    db.close();
    db = openDatabase(name);
    await db.open();
    expect(db.verno).toBe(3);
    expect(await db.items.where('[factoryId+type]').equals(['f1', 'purchased']).primaryKeys()).toEqual([['f1', 1]]);
    expect((await db.planVersions.get('p1'))?.scenarioId).toBe(`f1:${BASE_SCENARIO}`);
    expect(await db.scenarios.get(`f1:${BASE_SCENARIO}`)).toMatchObject({ factoryId: 'f1', name: 'Base' });
    // v3: the shop floor's tables, and entries found by site.
    expect(await db.deviceSettings.count()).toBe(0);
    await db.executionEntries.add({ id: 'e1', site: 'valle', device: 'd', order: 'o', item: 'A', step: 10, machine: 'M', start: '2026-01-02T06:00', end: '2026-01-02T07:00', goodQty: 1, scrapQty: 0, recordedAt: '2026-01-02T07:00:00Z' });
    expect(await db.executionEntries.where('site').equals('valle').primaryKeys()).toEqual(['e1']);
  });
});
