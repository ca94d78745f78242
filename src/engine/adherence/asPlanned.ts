/**
 * Entries for a schedule executed exactly as planned: one finished entry per operation, at its
 * planned machine, times and quantity. What a week looks like when nothing deviates, for tests,
 * the weekly roll's stability bench and demos.
 */
import type { ExecutionEntry, Schedule } from '../../domain/types';

/** The entry of one operation run as planned: its machine, times and quantity, finished. */
export function entryOf(operation: Schedule['operations'][number], fields: Pick<ExecutionEntry, 'id' | 'site' | 'device' | 'recordedAt'>): ExecutionEntry {
  return {
    ...fields,
    operation: operation.id,
    order: operation.order,
    item: operation.item,
    step: operation.step,
    machine: operation.machine,
    start: operation.start,
    end: operation.end,
    goodQty: operation.qty,
    scrapQty: 0,
    status: 'finished',
  };
}

export function asPlannedEntries(schedule: Schedule, site: string, device: string, recordedAt = '2026-01-01T00:00:00Z', uuid: () => string = () => crypto.randomUUID()): ExecutionEntry[] {
  return schedule.operations.map((operation) => entryOf(operation, { id: uuid(), site, device, recordedAt }));
}
