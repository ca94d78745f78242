/**
 * What the entries say was made: the entries that count (corrections applied), each placed in
 * its planning week by the day its run ended, and added up per item, step and week.
 */
import { horizonOf, weekOfDate, type PlanningHorizon } from '../../domain/buckets';
import { effectiveEntries } from '../../domain/execution';
import type { ExecutionEntry, Factory } from '../../domain/types';

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

export function executedOf(factory: Factory, entries: readonly ExecutionEntry[], asOf?: string): Executed {
  const horizon = horizonOf(factory.start, factory.horizonWeeks);
  const lastStep = new Map(factory.routings.map((routing) => [routing.item, Math.max(...routing.steps.map((step) => step.step))]));
  const counting = effectiveEntries(entries).filter((entry) => asOf === undefined || entry.end.slice(0, 10) <= asOf);
  const cells = new Map<string, ExecutedCell>();
  let lastWeek = -1;
  for (const entry of counting) {
    const week = weekOfDate(horizon, entry.end.slice(0, 10));
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
