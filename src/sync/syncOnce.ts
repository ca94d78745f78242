/**
 * One sync round: push the outbox in batches (oldest first), then pull what the site's other
 * devices recorded, from the persisted cursor. Both steps are safe to repeat at any point: the
 * server is idempotent on entry ids and the cursor moves only with the entries it covers.
 */
import type { PonteDatabase } from '../db/database';
import { applyPulled, outboxBatch, pullCursor, settlePush } from '../db/executionStore';
import type { SyncTransport } from './transport';

export const PUSH_BATCH = 100;
export const PULL_PAGE = 500;

export interface SyncReport {
  accepted: number;
  duplicates: number;
  rejected: number;
  pulled: number;
}

export async function syncOnce(db: PonteDatabase, transport: SyncTransport, site: string): Promise<SyncReport> {
  const report: SyncReport = { accepted: 0, duplicates: 0, rejected: 0, pulled: 0 };
  for (;;) {
    const batch = await outboxBatch(db, PUSH_BATCH);
    if (batch.length === 0) break;
    const results = await transport.push(batch.map((record) => record.payload));
    await settlePush(db, batch, results);
    for (const result of results) report[result.status === 'accepted' ? 'accepted' : result.status === 'duplicate' ? 'duplicates' : 'rejected']++;
    if (results.length === 0) break;
  }
  for (;;) {
    const after = await pullCursor(db, site);
    const page = await transport.pull(after, PULL_PAGE);
    await applyPulled(db, site, page.entries, page.next);
    report.pulled += page.entries.length;
    if (page.entries.length < PULL_PAGE) break;
  }
  return report;
}
