/**
 * What the entries say was made: the entries that count (corrections applied), each placed in a
 * planning week and added up per item, step and week. An entry of a scheduled operation belongs
 * to its lot's week (a lot of week 0 that ran over into Monday is still week 0's); other entries
 * to the week their run started.
 */
import { horizonOf, weekOfDate, type PlanningHorizon } from '../../domain/buckets';
import { effectiveEntries } from '../../domain/execution';
import type { ExecutionEntry, Factory, Schedule } from '../../domain/types';

export interface ExecutedCell {
  /** Good quantity of entries that name a scheduled operation. */
  planned: number;
  /** Good quantity of unplanned work (entries without an operation). */
  unplanned: number;
  scrap: number;
}

export interface Executed {
  horizon: PlanningHorizon;
  entries: ExecutionEntry[];
  /** key `item|step|week` */
  cells: Map<string, ExecutedCell>;
  /** The last routing step of each produced item: its output is the item. */
  lastStep: Map<string, number>;
  /** Weeks the entries reach (0 .. the week of the latest end), or as far as `asOf`. */
  weeksCovered: number;
}

export const cellKey = (item: string, step: number, week: number) => `${item}|${step}|${week}`;

/** The week of each scheduled operation's lot: the `-W<n>` suffix the APS gives lot ids, else the week of its planned start. */
export function lotWeeks(factory: Factory, schedule: Schedule | undefined): Map<string, number> {
  const horizon = horizonOf(factory.start, factory.horizonWeeks);
  return new Map(schedule?.operations.map((operation) => [operation.id, Number(/-W(\d+)$/.exec(operation.order)?.[1] ?? weekOfDate(horizon, operation.start.slice(0, 10)))]) ?? []);
}

export function executedOf(factory: Factory, entries: readonly ExecutionEntry[], asOf?: string, schedule?: Schedule): Executed {
  const horizon = horizonOf(factory.start, factory.horizonWeeks);
  const weekOfLot = lotWeeks(factory, schedule);
  const lastStep = new Map(factory.routings.map((routing) => [routing.item, Math.max(...routing.steps.map((step) => step.step))]));
  const counting = effectiveEntries(entries).filter((entry) => asOf === undefined || entry.start.slice(0, 10) <= asOf);
  const cells = new Map<string, ExecutedCell>();
  let lastWeek = -1;
  for (const entry of counting) {
    const week = (entry.operation ? weekOfLot.get(entry.operation) : undefined) ?? weekOfDate(horizon, entry.start.slice(0, 10));
    lastWeek = Math.max(lastWeek, week);
    const key = cellKey(entry.item, entry.step, week);
    const cell = cells.get(key) ?? { planned: 0, unplanned: 0, scrap: 0 };
    if (entry.operation) cell.planned += entry.goodQty;
    else cell.unplanned += entry.goodQty;
    cell.scrap += entry.scrapQty;
    cells.set(key, cell);
  }
  const asOfWeek = asOf === undefined ? -1 : weekOfDate(horizon, asOf);
  const weeksCovered = Math.min(horizon.weeks, Math.max(lastWeek, asOfWeek) + 1);
  return { horizon, entries: counting, cells, lastStep, weeksCovered };
}
