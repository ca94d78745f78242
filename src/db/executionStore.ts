/**
 * Execution entries on the device. An entry and its outbox record are written in one Dexie
 * transaction: a crash cannot leave an entry that will never sync, nor an outbox record without
 * its entry. Only after that transaction commits may the screen say "Saved on this tablet".
 */
import { validateEntry } from '../domain/execution';
import type { ExecutionEntry } from '../domain/types';
import type { ExecutionEntryRecord, OutboxRecord, PonteDatabase } from './database';

export class EntryRefusedError extends Error {}

/** Stores a new entry with its outbox record. `beforeCommit` runs inside the transaction (tests use it to crash there). */
export async function recordEntry(db: PonteDatabase, input: ExecutionEntry, beforeCommit?: () => void): Promise<ExecutionEntryRecord> {
  const check = validateEntry(input);
  if (!check.ok) throw new EntryRefusedError(`the entry was not saved: ${check.errors.map((error) => `${error.path}: ${error.message}`).join('; ')}`);
  const entry = check.entry;
  return db.transaction('rw', db.executionEntries, db.outbox, async () => {
    if (await db.executionEntries.get(entry.id)) throw new EntryRefusedError(`an entry ${entry.id} is already stored; a correction is a new entry`);
    await db.executionEntries.add({ ...entry });
    beforeCommit?.();
    await db.outbox.add({ kind: 'execution-entry', entryId: entry.id, payload: entry, createdAt: new Date().toISOString(), attempts: 0 });
    return { ...entry };
  });
}

export function pendingCount(db: PonteDatabase): Promise<number> {
  return db.outbox.count();
}

export function outboxBatch(db: PonteDatabase, max: number): Promise<OutboxRecord[]> {
  return db.outbox.orderBy('seq').limit(max).toArray();
}

export type PushOutcome = { id: string; status: 'accepted' | 'duplicate' } | { id: string; status: 'rejected'; reason: string };

/** What the server answered for a batch: confirmed ones leave the outbox, refused ones too, with their reason kept. */
export async function settlePush(db: PonteDatabase, batch: OutboxRecord[], results: PushOutcome[], now = new Date()): Promise<void> {
  const byId = new Map(results.map((result) => [result.id.toLowerCase(), result]));
  await db.transaction('rw', db.executionEntries, db.outbox, async () => {
    for (const record of batch) {
      const result = byId.get(record.entryId.toLowerCase());
      if (!result) {
        await db.outbox.update(record.seq!, { attempts: record.attempts + 1 });
        continue;
      }
      await db.outbox.delete(record.seq!);
      if (result.status === 'rejected') await db.executionEntries.update(record.entryId, { rejectedReason: result.reason });
      else await db.executionEntries.update(record.entryId, { syncedAt: now.toISOString() });
    }
  });
}

/** Entries pulled from the server, stored with the cursor that follows them, in one transaction. */
export async function applyPulled(db: PonteDatabase, site: string, entries: ExecutionEntry[], next: string, now = new Date()): Promise<number> {
  return db.transaction('rw', db.executionEntries, db.deviceSettings, async () => {
    const known = new Set((await db.executionEntries.bulkGet(entries.map((entry) => entry.id))).filter(Boolean).map((entry) => entry!.id));
    const fresh = entries.filter((entry) => !known.has(entry.id)).map((entry) => ({ ...entry, syncedAt: now.toISOString() }));
    await db.executionEntries.bulkAdd(fresh);
    await db.deviceSettings.put({ key: cursorKey(site), value: next });
    return fresh.length;
  });
}

export const cursorKey = (site: string) => `pull-cursor:${site}`;

export async function pullCursor(db: PonteDatabase, site: string): Promise<string> {
  return ((await db.deviceSettings.get(cursorKey(site)))?.value as string | undefined) ?? '0';
}

export function siteEntries(db: PonteDatabase, site: string): Promise<ExecutionEntryRecord[]> {
  return db.executionEntries.where('site').equals(site).sortBy('recordedAt');
}
