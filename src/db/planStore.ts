/** Plan versions: every computed Master Plan kept per factory and scenario, newest first. */
import type { Plan } from '../domain/types';
import { BASE_SCENARIO, type PlanVersionRecord, type PonteDatabase } from './database';

export async function savePlanVersion(db: PonteDatabase, factoryId: string, plan: Plan, label: string, now = new Date()): Promise<PlanVersionRecord> {
  const record: PlanVersionRecord = {
    id: crypto.randomUUID(),
    factoryId,
    scenarioId: `${factoryId}:${BASE_SCENARIO}`,
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
