/**
 * The local store: one IndexedDB database per device, owned by Dexie.
 *
 * The factory model is kept as one table per list of the file, each row wrapping the entity
 * exactly as imported (unknown keys included) with its position in the list, so export gives
 * back the file that came in. Plans, schedules, execution entries and the sync outbox live
 * beside it. Schema history (never edit a published version; add one):
 *  - v1: factory model, plan versions, schedules, execution entries, outbox.
 *  - v2: scenarios (every plan version belongs to one; a "base" scenario per factory is
 *        created for existing data) and an item-type index for the factory views.
 *  - v3: the shop floor: entries indexed by site and operation with their sync state, the
 *        device's settings and pull cursor, the plan published to its site, runs started.
 */
import type { ScenarioChange } from '../engine/scenario';
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { ExecutionEntry, Factory, FactoryList, ItemType, Plan, Schedule } from '../domain/types';

export const DATABASE_NAME = 'ponte';

export interface FactoryRecord {
  id: string;
  name: string;
  start: string;
  horizonWeeks: number;
  importedAt: string;
  /** Everything at the top level of the file but its lists (policy, sop, unknown keys...). */
  header: Record<string, unknown>;
  /** Top-level keys in file order, and which lists the file had, for a faithful export. */
  keyOrder: string[];
  presentLists: FactoryList[];
}

/** One entity of a factory list. `ref` is its id where it has one, for look-ups. */
export interface FactoryRow<T = unknown> {
  factoryId: string;
  seq: number;
  ref: string;
  value: T;
}

export interface ItemRow extends FactoryRow {
  type: ItemType;
}

export interface ScenarioRecord {
  id: string;
  factoryId: string;
  name: string;
  createdAt: string;
  basedOn?: string;
  /** What the scenario changes in its factory (src/engine/scenario.ts); none for the base. */
  changes?: ScenarioChange[];
}

export interface PlanVersionRecord {
  id: string;
  factoryId: string;
  scenarioId: string;
  createdAt: string;
  label: string;
  approved: boolean;
  plan: Plan;
}

export interface ScheduleRecord {
  id: string;
  factoryId: string;
  planVersionId: string;
  createdAt: string;
  schedule: Schedule;
  /** Operations the planner pinned on the Gantt (not indexed: no schema change). */
  pinned?: string[];
}

export interface ExecutionEntryRecord extends ExecutionEntry {
  /** When the server confirmed it (accepted, a duplicate, or pulled from it). */
  syncedAt?: string;
  /** Why the server refused it: it stays on the device, shown with the reason. */
  rejectedReason?: string;
}

/** The device's shop-floor settings and sync state, one row per key. */
export interface DeviceSettingRecord {
  key: string;
  value: unknown;
}

/** The plan a site executes, as its server published it (or as a planner put it on the device). */
export interface SitePlanRecord {
  site: string;
  version: number;
  publishedAt: string;
  factory: Factory;
  plan: Plan;
  schedule: Schedule | null;
}

/** An operation started on this device and not yet stopped or finished. */
export interface StartedRunRecord {
  /** The schedule's operation id, or `unplanned:<uuid>` for work not in the schedule. */
  key: string;
  site: string;
  operation?: string;
  order: string;
  item: string;
  step: number;
  machine: string;
  start: string;
}

export interface OutboxRecord {
  seq?: number;
  kind: 'execution-entry';
  entryId: string;
  payload: unknown;
  createdAt: string;
  attempts: number;
}

type ListTables = { [K in FactoryList]: Table<K extends 'items' ? ItemRow : FactoryRow, [string, number]> };

export type PonteDatabase = Dexie &
  ListTables & {
    factories: EntityTable<FactoryRecord, 'id'>;
    scenarios: EntityTable<ScenarioRecord, 'id'>;
    planVersions: EntityTable<PlanVersionRecord, 'id'>;
    schedules: EntityTable<ScheduleRecord, 'id'>;
    executionEntries: EntityTable<ExecutionEntryRecord, 'id'>;
    outbox: EntityTable<OutboxRecord, 'seq'>;
    deviceSettings: EntityTable<DeviceSettingRecord, 'key'>;
    sitePlans: EntityTable<SitePlanRecord, 'site'>;
    startedRuns: EntityTable<StartedRunRecord, 'key'>;
  };

const LIST_ROW = '[factoryId+seq], [factoryId+ref]';

/** The first published schema. Kept verbatim: v2's upgrade starts from databases built by it. */
export const SCHEMA_V1 = {
  factories: 'id, name',
  calendars: LIST_ROW,
  families: LIST_ROW,
  items: LIST_ROW,
  boms: `${LIST_ROW}, [factoryId+value.component]`,
  resources: LIST_ROW,
  routings: LIST_ROW,
  setupMatrices: LIST_ROW,
  sequenceRules: LIST_ROW,
  tools: LIST_ROW,
  laborPools: LIST_ROW,
  suppliers: LIST_ROW,
  openProductionOrders: LIST_ROW,
  openPurchaseOrders: LIST_ROW,
  orders: LIST_ROW,
  forecast: LIST_ROW,
  planVersions: 'id, factoryId, createdAt',
  schedules: 'id, factoryId, planVersionId',
  executionEntries: 'id, order, item, machine, recordedAt, corrects, syncedAt',
  outbox: '++seq, entryId',
} as const;

export const SCHEMA_V2 = {
  items: `${LIST_ROW}, [factoryId+type]`,
  scenarios: 'id, factoryId',
  planVersions: 'id, factoryId, [factoryId+scenarioId], createdAt',
} as const;

export const SCHEMA_V3 = {
  executionEntries: 'id, order, item, machine, recordedAt, corrects, syncedAt, operation, site',
  deviceSettings: 'key',
  sitePlans: 'site',
  startedRuns: 'key, site, machine',
} as const;

export const BASE_SCENARIO = 'base';

export function openDatabase(name: string = DATABASE_NAME): PonteDatabase {
  const db = new Dexie(name) as PonteDatabase;
  db.version(1).stores(SCHEMA_V1);
  db.version(2)
    .stores(SCHEMA_V2)
    .upgrade(async (tx) => {
      await tx.table<ItemRow>('items').toCollection().modify((row) => {
        row.type = (row.value as { type: ItemType }).type;
      });
      const factories = await tx.table<FactoryRecord>('factories').toArray();
      await tx.table<ScenarioRecord>('scenarios').bulkAdd(
        factories.map((factory) => ({ id: `${factory.id}:${BASE_SCENARIO}`, factoryId: factory.id, name: 'Base', createdAt: factory.importedAt })),
      );
      await tx.table<PlanVersionRecord>('planVersions').toCollection().modify((version) => {
        version.scenarioId ??= `${version.factoryId}:${BASE_SCENARIO}`;
      });
    });
  db.version(3).stores(SCHEMA_V3);
  return db;
}
