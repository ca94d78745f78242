/**
 * Entries for a schedule executed exactly as planned: one finished entry per operation, at its
 * planned machine, times and quantity. What a week looks like when nothing deviates, for tests,
 * the weekly roll's stability bench and demos.
 */
import type { ExecutionEntry, Schedule } from '../../domain/types';

export function asPlannedEntries(schedule: Schedule, site: string, device: string, recordedAt = '2026-01-01T00:00:00Z', uuid: () => string = () => crypto.randomUUID()): ExecutionEntry[] {
  return schedule.operations.map((operation) => ({
    id: uuid(),
    site,
    device,
    operation: operation.id,
    order: operation.order,
    item: operation.item,
    step: operation.step,
    machine: operation.machine,
    start: operation.start,
    end: operation.end,
    goodQty: operation.qty,
    scrapQty: 0,
    recordedAt,
    status: 'finished',
  }));
}
