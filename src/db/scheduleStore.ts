/** Schedules: each computed frozen-week schedule kept with the plan version it sequences. */
import type { Schedule } from '../domain/types';
import type { PonteDatabase, ScheduleRecord } from './database';

export async function saveSchedule(db: PonteDatabase, factoryId: string, planVersionId: string, schedule: Schedule, now = new Date(), pinned: readonly string[] = []): Promise<ScheduleRecord> {
  const record: ScheduleRecord = { id: crypto.randomUUID(), factoryId, planVersionId, createdAt: now.toISOString(), schedule, ...(pinned.length > 0 ? { pinned: [...pinned] } : {}) };
  await db.schedules.add(record);
  return record;
}

/** The newest schedule of a plan version, if any. */
export async function latestSchedule(db: PonteDatabase, planVersionId: string): Promise<ScheduleRecord | undefined> {
  const records = await db.schedules.where('planVersionId').equals(planVersionId).toArray();
  return records.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}
