/** Plan versions: every computed Master Plan kept per factory and scenario, newest first. */
import type { Plan } from '../domain/types';
import { BASE_SCENARIO, type PlanVersionRecord, type PonteDatabase } from './database';
import { exportFactory, importFactory, listTables } from './factoryStore';

export async function savePlanVersion(db: PonteDatabase, factoryId: string, plan: Plan, label: string, now = new Date(), scenarioId = `${factoryId}:${BASE_SCENARIO}`): Promise<PlanVersionRecord> {
  const record: PlanVersionRecord = {
    id: crypto.randomUUID(),
    factoryId,
    scenarioId,
    createdAt: now.toISOString(),
    label,
    approved: false,
    plan,
  };
  await db.planVersions.add(record);
  return record;
}

export async function planVersions(db: PonteDatabase, factoryId: string): Promise<PlanVersionRecord[]> {
  const versions = await db.planVersions.where('factoryId').equals(factoryId).toArray();
  return versions.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * Approves a plan version: it becomes the factory's `previousPlan` (the next plan's frozen and
 * slushy zones are measured against it) and the one version marked approved, in one transaction.
 */
export async function approvePlanVersion(db: PonteDatabase, factoryId: string, versionId: string): Promise<void> {
  await db.transaction('rw', [db.planVersions, db.factories, db.scenarios, ...listTables(db)], async () => {
    const version = await db.planVersions.get(versionId);
    if (!version || version.factoryId !== factoryId) throw new Error(`no plan version ${versionId} of this factory`);
    const factory = await exportFactory(db, factoryId);
    const previousPlan = {
      production: version.plan.production.map(({ item, week, qty }) => ({ item, week, qty })),
      purchases: version.plan.purchases.map(({ item, supplier, arrivalDate, qty }) => ({ item, supplier, arrivalDate, qty })),
    };
    await importFactory(db, { ...factory, previousPlan }, { replace: factoryId });
    await db.planVersions.where('factoryId').equals(factoryId).modify((candidate) => {
      candidate.approved = candidate.id === versionId;
    });
  });
}
