/**
 * S&OP ↔ Master Plan reconciliation: per family and month, what the consensus asked for, what
 * the Master Plan delivers on time (and late, and loses), what the shop floor has executed, the
 * gap, and why, rolled up from the plan's shortfall reasons. A week's quantities are shared
 * among months by its Monday-to-Friday days, as S&OP months are spread over weeks, so the
 * grid's totals are the plan's totals.
 */
import { firstDayOfWeek, horizonOf, weekSharesOfMonth, type PlanningHorizon } from '../domain/buckets';
import { formatMonth, isoWeekday, monthOfDay, tryParseMonth } from '../domain/dates';
import type { ExecutionEntry, Factory, Plan } from '../domain/types';
import { executedOf } from './adherence/executed';

export interface ReconciliationCell {
  family: string;
  month: string;
  sopQty: number;
  /** The part of the S&OP month that falls inside the plan's horizon (what the plan can answer for). */
  sopQtyInHorizon: number;
  sopRevenue: number;
  demandQty: number;
  onTimeQty: number;
  onTimeRevenue: number;
  deliveredQty: number;
  lostQty: number;
  executedQty: number;
  /** onTimeQty − sopQtyInHorizon */
  gapQty: number;
  gapRevenue: number;
  /** Shortfall reasons of the family's items in the month's weeks: "capacity: Filling line (3 weeks)". */
  reasons: string[];
}

/** How a week's quantity splits among months: by its Monday-to-Friday days. */
export function monthSharesOfWeek(horizon: PlanningHorizon, week: number): { month: string; share: number }[] {
  const first = firstDayOfWeek(horizon, week);
  const shares = new Map<string, number>();
  for (let day = first; day < first + 7; day++) if (isoWeekday(day) <= 5) shares.set(formatMonth(monthOfDay(day)), (shares.get(formatMonth(monthOfDay(day))) ?? 0) + 0.2);
  return [...shares].map(([month, share]) => ({ month, share }));
}

/**
 * On time in a week: what was delivered to that week's own demand. Deliveries pay the oldest
 * backlog first (what is still owed from earlier weeks, less what is lost this week).
 */
export function onTimeQty(line: Plan['constrainedDemand'][number], backlogBefore: number): number {
  const owedFromBefore = Math.max(0, backlogBefore - line.lost);
  return Math.max(0, Math.min(line.demand, line.delivered - Math.min(line.delivered, owedFromBefore)));
}

export function reconcile(factory: Factory, plan: Plan, entries: readonly ExecutionEntry[] = []): ReconciliationCell[] {
  const horizon = horizonOf(factory.start, factory.horizonWeeks);
  const items = new Map(factory.items.map((item) => [item.id, item]));
  const cells = new Map<string, ReconciliationCell>();
  const reasonCounts = new Map<string, Map<string, Set<number>>>();
  const cell = (family: string, month: string) => {
    const key = `${family}|${month}`;
    let found = cells.get(key);
    if (!found) {
      found = { family, month, sopQty: 0, sopQtyInHorizon: 0, sopRevenue: 0, demandQty: 0, onTimeQty: 0, onTimeRevenue: 0, deliveredQty: 0, lostQty: 0, executedQty: 0, gapQty: 0, gapRevenue: 0, reasons: [] };
      cells.set(key, found);
    }
    return found;
  };
  for (const line of factory.sop.plans) {
    const month = tryParseMonth(line.month);
    const target = cell(line.family, line.month);
    target.sopQty += line.qty;
    target.sopRevenue += line.revenue ?? 0;
    if (month) target.sopQtyInHorizon += line.qty * weekSharesOfMonth(horizon, month).reduce((sum, week) => sum + week.share, 0);
  }
  const names = {
    resource: new Map(factory.resources.map((resource) => [resource.id, resource.name])),
    item: new Map(factory.items.map((item) => [item.id, item.name])),
    supplier: new Map(factory.suppliers.map((supplier) => [supplier.id, supplier.name])),
  };
  const backlog = new Map<string, number>();
  const lines = [...plan.constrainedDemand].sort((a, b) => a.week - b.week);
  for (const line of lines) {
    const item = items.get(line.item);
    const family = item?.family ?? '(no family)';
    const price = item?.price ?? 0;
    const onTime = onTimeQty(line, backlog.get(line.item) ?? 0);
    backlog.set(line.item, line.backlog);
    for (const { month, share } of monthSharesOfWeek(horizon, line.week)) {
      const target = cell(family, month);
      target.demandQty += line.demand * share;
      target.onTimeQty += onTime * share;
      target.onTimeRevenue += onTime * share * price;
      target.deliveredQty += line.delivered * share;
      target.lostQty += line.lost * share;
      for (const reason of line.reasons) {
        const label =
          reason.kind === 'capacity'
            ? `capacity: ${names.resource.get(reason.resource) ?? reason.resource}`
            : reason.kind === 'material'
              ? `material: ${names.item.get(reason.item) ?? reason.item}`
              : reason.kind === 'supplier'
                ? `supplier: ${names.supplier.get(reason.supplier) ?? reason.supplier} (${names.item.get(reason.item) ?? reason.item})`
                : reason.kind === 'lead-time'
                  ? `lead time: ${names.item.get(reason.item) ?? reason.item}`
                  : 'frozen zone';
        const byLabel = reasonCounts.get(`${family}|${month}`) ?? reasonCounts.set(`${family}|${month}`, new Map()).get(`${family}|${month}`)!;
        (byLabel.get(label) ?? byLabel.set(label, new Set()).get(label)!).add(line.week);
      }
    }
  }
  if (entries.length > 0) {
    const executed = executedOf(factory, entries);
    for (const entry of executed.entries) {
      if (entry.step !== executed.lastStep.get(entry.item)) continue;
      const family = items.get(entry.item)?.family;
      if (!family) continue;
      cell(family, entry.start.slice(0, 7)).executedQty += entry.goodQty;
    }
  }
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return [...cells.values()]
    .map((target) => {
      const counts = reasonCounts.get(`${target.family}|${target.month}`);
      const reasons = counts ? [...counts].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0])).map(([label, weeks]) => `${label} (${weeks.size} week${weeks.size === 1 ? '' : 's'})`) : [];
      const sopPrice = target.sopQty > 0 ? target.sopRevenue / target.sopQty : 0;
      return {
        ...target,
        sopQtyInHorizon: round(target.sopQtyInHorizon),
        demandQty: round(target.demandQty),
        onTimeQty: round(target.onTimeQty),
        onTimeRevenue: round(target.onTimeRevenue),
        deliveredQty: round(target.deliveredQty),
        lostQty: round(target.lostQty),
        executedQty: round(target.executedQty),
        gapQty: round(target.onTimeQty - target.sopQtyInHorizon),
        gapRevenue: round(target.onTimeRevenue - target.sopQtyInHorizon * sopPrice),
        reasons,
      };
    })
    .sort((a, b) => a.family.localeCompare(b.family) || a.month.localeCompare(b.month));
}

const CSV_COLUMNS: (keyof ReconciliationCell)[] = ['family', 'month', 'sopQty', 'sopQtyInHorizon', 'sopRevenue', 'demandQty', 'onTimeQty', 'onTimeRevenue', 'deliveredQty', 'lostQty', 'executedQty', 'gapQty', 'gapRevenue', 'reasons'];

/** The grid as CSV for the S&OP meeting (RFC 4180 quoting; reasons joined by "; "). */
export function reconciliationCsv(cells: readonly ReconciliationCell[]): string {
  const quote = (value: unknown) => {
    const text = Array.isArray(value) ? value.join('; ') : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `${[CSV_COLUMNS.join(','), ...cells.map((target) => CSV_COLUMNS.map((column) => quote(target[column])).join(','))].join('\r\n')}\r\n`;
}
