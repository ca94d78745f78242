/**
 * Unconstrained demand: the S&OP plan disaggregated to SKUs (by the mix) and weeks (by the
 * Monday-to-Friday days of the month in each week), overridden by SKU forecasts, and consumed
 * by firm orders: demand(item, week) = max(orders, forecast). Every SKU-week keeps the S&OP
 * lines it came from.
 */
import { horizonOf, weekOfDate, weekSharesOfMonth, type PlanningHorizon } from '../domain/buckets';
import { tryParseMonth } from '../domain/dates';
import type { Factory } from '../domain/types';

export interface SopLink {
  family: string;
  month: string;
  /** Quantity of this SKU-week that came from that family-month. */
  qty: number;
}

export interface DemandCell {
  item: string;
  week: number;
  /** Disaggregated S&OP forecast, or the SKU forecast where one overrides it. */
  forecast: number;
  /** Firm orders due in the week (overdue orders count in week 0). */
  orders: number;
  /** max(orders, forecast): what the Master Plan must serve. */
  demand: number;
  source: 'sop' | 'forecast' | 'orders';
  sop: SopLink[];
}

export interface UnconstrainedDemand {
  horizon: PlanningHorizon;
  /** Finished items with any demand, in file order. */
  items: string[];
  /** demand of item in week: cells.get(item)[week]. */
  cells: Map<string, DemandCell[]>;
}

export function unconstrainedDemand(factory: Factory): UnconstrainedDemand {
  const horizon = horizonOf(factory.start, factory.horizonWeeks);
  const cells = new Map<string, DemandCell[]>();
  const cellsOf = (item: string): DemandCell[] => {
    let row = cells.get(item);
    if (!row) {
      row = Array.from({ length: horizon.weeks }, (_, week) => ({ item, week, forecast: 0, orders: 0, demand: 0, source: 'sop' as const, sop: [] }));
      cells.set(item, row);
    }
    return row;
  };

  const mixByFamily = new Map<string, { item: string; share: number }[]>();
  for (const mix of factory.sop.mix) {
    const list = mixByFamily.get(mix.family) ?? [];
    list.push({ item: mix.item, share: mix.share });
    mixByFamily.set(mix.family, list);
  }
  for (const plan of factory.sop.plans) {
    const month = tryParseMonth(plan.month);
    if (!month) continue;
    const weekShares = weekSharesOfMonth(horizon, month);
    for (const { item, share } of mixByFamily.get(plan.family) ?? []) {
      const row = cellsOf(item);
      for (const { week, share: weekShare } of weekShares) {
        const qty = plan.qty * share * weekShare;
        if (qty <= 0) continue;
        const cell = row[week]!;
        cell.forecast += qty;
        cell.sop.push({ family: plan.family, month: plan.month, qty });
      }
    }
  }

  for (const line of factory.forecast) {
    if (line.week >= horizon.weeks) continue;
    const cell = cellsOf(line.item)[line.week]!;
    if (cell.source !== 'forecast') {
      cell.forecast = 0;
      cell.source = 'forecast';
    }
    cell.forecast += line.qty;
  }

  for (const order of factory.orders) {
    const week = Math.max(0, weekOfDate(horizon, order.due));
    if (week >= horizon.weeks) continue;
    cellsOf(order.item)[week]!.orders += order.qty;
  }

  for (const row of cells.values()) {
    for (const cell of row) {
      cell.demand = Math.max(cell.orders, cell.forecast);
      if (cell.orders > cell.forecast) cell.source = 'orders';
    }
  }
  const order = new Map(factory.items.map((item, index) => [item.id, index]));
  const items = [...cells.keys()].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  return { horizon, items, cells };
}

export function demandOf(demand: UnconstrainedDemand, item: string, week: number): number {
  return demand.cells.get(item)?.[week]?.demand ?? 0;
}
