/**
 * The weekly roll: week 0 has been executed, the horizon moves one week. What ran (the entries)
 * and what the plan says arrived and shipped update stock; the approved plan becomes the previous
 * plan, so the next plan's frozen and slushy zones are measured against it. Every unit of stock
 * is accounted for: each item's movements are listed, and on hand after = on hand before +
 * receipts + production to stock − consumption − shipments.
 */
import { horizonOf, weekOfDate } from '../domain/buckets';
import { formatDate, parseDate } from '../domain/dates';
import type { ExecutionEntry, Factory, Plan, Schedule } from '../domain/types';
import { executedOf, lotWeeks } from './adherence/executed';

export interface StockMovement {
  item: string;
  before: number;
  /** Purchases and open purchase orders that arrived during the week. */
  received: number;
  /** Executed good output available at once, and open production orders that came due. */
  produced: number;
  /** Components consumed by what ran: (good + scrap) × qtyPer × (1 + scrapPct/100). */
  consumed: number;
  /** What the plan delivered in week 0, as far as stock allowed. */
  shipped: number;
  after: number;
}

export interface RollResult {
  factory: Factory;
  movements: StockMovement[];
  /** What did not add up and how it was resolved (stock that would go below zero, shipments cut). */
  warnings: string[];
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;
const rounded = (value: number) => Math.round(value * 100) / 100;

/** `schedule`: the executed week's schedule, so that a lot of week 0 that ran over into the next week counts as week 0's. */
export function rollForward(factory: Factory, plan: Plan, entries: readonly ExecutionEntry[], schedule?: Schedule): RollResult {
  const horizon = horizonOf(factory.start, factory.horizonWeeks);
  const nextStartDay = parseDate(factory.start) + 7;
  const nextStart = formatDate(nextStartDay);
  const warnings: string[] = [];
  const executed = executedOf(factory, entries, undefined, schedule);
  const weekOfLot = lotWeeks(factory, schedule);
  const flows = new Map<string, StockMovement>(factory.items.map((item) => [item.id, { item: item.id, before: item.onHand, received: 0, produced: 0, consumed: 0, shipped: 0, after: 0 }]));
  const flow = (item: string) => flows.get(item)!;
  const itemById = new Map(factory.items.map((item) => [item.id, item]));

  // Receipts: planned purchases and open purchase orders arriving before the new start.
  const openPurchaseOrders: Factory['openPurchaseOrders'] = [];
  for (const order of factory.openPurchaseOrders) {
    if (order.arrivalDate < nextStart) flow(order.item).received += order.qty;
    else openPurchaseOrders.push(order);
  }
  const stillPlanned: NonNullable<Factory['previousPlan']>['purchases'] = [];
  plan.purchases.forEach((purchase, index) => {
    if (purchase.arrivalDate < nextStart) flow(purchase.item).received += purchase.qty;
    // Ordered already: on its way, fixed supply from now on.
    else if (purchase.orderDate < nextStart) openPurchaseOrders.push({ id: `PO-ROLL-${factory.start}-${index + 1}`, item: purchase.item, supplier: purchase.supplier, qty: purchase.qty, arrivalDate: purchase.arrivalDate });
    else stillPlanned.push({ item: purchase.item, supplier: purchase.supplier, arrivalDate: purchase.arrivalDate, qty: purchase.qty });
  });

  // Production: open orders due in week 0 close into stock; later ones move a week closer.
  const openProductionOrders: Factory['openProductionOrders'] = [];
  for (const order of factory.openProductionOrders) {
    if (order.week <= 0) flow(order.item).produced += order.qty;
    else openProductionOrders.push({ ...order, week: order.week - 1 });
  }
  // What ran in week 0: the good output of each item's last step (planned and unplanned work);
  // it consumed components for good and scrapped units alike.
  for (const routing of factory.routings) {
    const last = executed.lastStep.get(routing.item)!;
    const output = executed.cells.get(`${routing.item}|${last}|0`);
    const good = (output?.planned ?? 0) + (output?.unplanned ?? 0);
    const scrap = routing.steps.reduce((sum, step) => sum + (executed.cells.get(`${routing.item}|${step.step}|0`)?.scrap ?? 0), 0);
    if (good > 0) {
      const lead = itemById.get(routing.item)?.leadTimeWeeks ?? 0;
      if (lead <= 0) flow(routing.item).produced += good;
      else openProductionOrders.push({ id: `MO-ROLL-${factory.start}-${routing.item}`, item: routing.item, qty: round(good), week: lead - 1, status: 'released' });
    }
    for (const line of factory.boms.filter((bom) => bom.parent === routing.item)) flow(line.component).consumed += (good + scrap) * line.qtyPer * (1 + (line.scrapPct ?? 0) / 100);
  }
  // Entries of a week other than 0 are not this roll's: say so rather than drop them silently.
  const later = entries.filter((entry) => ((entry.operation ? weekOfLot.get(entry.operation) : undefined) ?? weekOfDate(horizon, entry.start.slice(0, 10))) > 0).length;
  if (later > 0) warnings.push(`${later} entries are of a later week; they count in the roll of their own week`);

  // Shipments: the plan's deliveries of week 0, as far as stock allows.
  for (const line of plan.constrainedDemand) {
    if (line.week !== 0 || line.delivered <= 0) continue;
    const item = flow(line.item);
    const available = item.before + item.received + item.produced - item.consumed;
    const shipped = Math.max(0, Math.min(line.delivered, available));
    if (shipped < line.delivered - 1e-9) warnings.push(`${line.item}: the plan delivered ${rounded(line.delivered)} in week 0 but only ${rounded(available)} was in stock; ${rounded(shipped)} counted as shipped`);
    item.shipped += shipped;
  }

  const movements: StockMovement[] = [];
  for (const item of flows.values()) {
    let after = round(item.before + item.received + item.produced - item.consumed - item.shipped);
    if (after < 0) {
      warnings.push(`${item.item}: what ran consumed ${round(item.consumed)} but only ${round(item.before + item.received + item.produced)} was in stock; on hand set to 0 (record the receipt or count the stock)`);
      after = 0;
    }
    movements.push({ ...item, consumed: round(item.consumed), after });
  }
  const afterById = new Map(movements.map((movement) => [movement.item, movement.after]));

  // Firm orders: shipments serve the oldest due first; what is left of an overdue order stays.
  const shippedLeft = new Map(movements.map((movement) => [movement.item, movement.shipped]));
  const orders = [...factory.orders]
    .sort((a, b) => a.due.localeCompare(b.due))
    .flatMap((order) => {
      if (order.due >= nextStart) return [order];
      const served = Math.min(order.qty, shippedLeft.get(order.item) ?? 0);
      shippedLeft.set(order.item, (shippedLeft.get(order.item) ?? 0) - served);
      const left = round(order.qty - served);
      return left > 0 ? [{ ...order, qty: left }] : [];
    });
  const orderIndex = new Map(factory.orders.map((order, index) => [order.id, index]));
  orders.sort((a, b) => orderIndex.get(a.id)! - orderIndex.get(b.id)!);

  const rolled: Factory = {
    ...factory,
    start: nextStart,
    items: factory.items.map((item) => ({ ...item, onHand: afterById.get(item.id)! })),
    openPurchaseOrders,
    openProductionOrders,
    orders,
    forecast: factory.forecast.filter((line) => line.week >= 1).map((line) => ({ ...line, week: line.week - 1 })),
    previousPlan: {
      production: plan.production.filter((line) => line.week >= 1).map((line) => ({ item: line.item, week: line.week - 1, qty: line.qty })),
      purchases: stillPlanned,
    },
  };
  return { factory: rolled, movements, warnings };
}
