/**
 * Why execution deviated: the causes supervisors recorded, as a Pareto by category and code
 * (count of operations, and the quantity at stake: how far each operation's good output ended
 * from plan, or the quantity of unplanned work), and by work center and week for the trend.
 */
import { pushTo } from '../../domain/collections';
import { horizonOf, weekOfDate } from '../../domain/buckets';
import { effectiveEntries } from '../../domain/execution';
import type { ExecutionEntry, Factory, Schedule } from '../../domain/types';

export interface CauseFigures {
  category: string;
  code: string;
  count: number;
  qty: number;
}

export interface Causes {
  pareto: (CauseFigures & { share: number; cumulative: number })[];
  byResource: (CauseFigures & { resource: string })[];
  byWeek: (CauseFigures & { week: number })[];
  /** Entries behind each cause, for the drill-down. */
  entries: Map<string, ExecutionEntry[]>;
}

export const causeKey = (category: string, code: string) => `${category}:${code}`;

export function causesOf(factory: Factory, schedule: Schedule | undefined, entries: readonly ExecutionEntry[]): Causes {
  const horizon = horizonOf(factory.start, factory.horizonWeeks);
  const resourceOfMachine = new Map(factory.resources.flatMap((resource) => resource.machines.map((machine) => [machine.id, resource.id] as const)));
  const plannedQty = new Map(schedule?.operations.map((operation) => [operation.id, operation.qty]) ?? []);
  const counting = effectiveEntries(entries);
  const goodByOperation = new Map<string, number>();
  for (const entry of counting) if (entry.operation) goodByOperation.set(entry.operation, (goodByOperation.get(entry.operation) ?? 0) + entry.goodQty);
  // One count per operation and cause (a stop and a finish with the same cause are one deviation).
  const seen = new Set<string>();
  const pareto = new Map<string, CauseFigures>();
  const byResource = new Map<string, CauseFigures & { resource: string }>();
  const byWeek = new Map<string, CauseFigures & { week: number }>();
  const behind = new Map<string, ExecutionEntry[]>();
  for (const entry of counting) {
    if (!entry.cause) continue;
    const key = causeKey(entry.cause.category, entry.cause.code);
    pushTo(behind, key, entry);
    const unit = entry.operation ? `${entry.operation}|${key}` : `${entry.id}|${key}`;
    if (seen.has(unit)) continue;
    seen.add(unit);
    const qty = entry.operation ? Math.abs((plannedQty.get(entry.operation) ?? goodByOperation.get(entry.operation)!) - goodByOperation.get(entry.operation)!) : entry.goodQty;
    const add = <T extends CauseFigures>(map: Map<string, T>, mapKey: string, make: () => T) => {
      const figures = map.get(mapKey) ?? map.set(mapKey, make()).get(mapKey)!;
      figures.count++;
      figures.qty += qty;
    };
    const base = { category: entry.cause.category, code: entry.cause.code, count: 0, qty: 0 };
    add(pareto, key, () => ({ ...base }));
    const resource = resourceOfMachine.get(entry.machine) ?? entry.machine;
    add(byResource, `${resource}|${key}`, () => ({ ...base, resource }));
    const week = weekOfDate(horizon, entry.start.slice(0, 10));
    add(byWeek, `${week}|${key}`, () => ({ ...base, week }));
  }
  const sorted = [...pareto.values()].sort((a, b) => b.count - a.count || b.qty - a.qty || a.code.localeCompare(b.code));
  const total = sorted.reduce((sum, cause) => sum + cause.count, 0);
  let running = 0;
  return {
    pareto: sorted.map((cause) => {
      running += cause.count;
      return { ...cause, share: total > 0 ? cause.count / total : 0, cumulative: total > 0 ? running / total : 0 };
    }),
    byResource: [...byResource.values()].sort((a, b) => a.resource.localeCompare(b.resource) || b.count - a.count),
    byWeek: [...byWeek.values()].sort((a, b) => a.week - b.week || b.count - a.count),
    entries: behind,
  };
}
