/**
 * The plan self-check: verifies a `ponte.plan/1` against its factory by every rule under "What
 * must hold" in the spec, from the plan's own numbers and the factory alone (no solver, no model),
 * the way an independent referee would. Tests run it on every plan they produce.
 */
import { weekOfDate } from '../domain/buckets';
import { FactoryCalendars } from '../domain/capacity';
import { parseDate } from '../domain/dates';
import type { Factory, Plan } from '../domain/types';
import { unconstrainedDemand } from './demand';

export interface PlanViolation {
  rule: 'inventory' | 'capacity' | 'overtime' | 'purchase' | 'frozen' | 'lot' | 'demand' | 'reasons' | 'format';
  message: string;
}

const TOLERANCE = 1e-6;
const near = (a: number, b: number, scale = 1) => Math.abs(a - b) <= TOLERANCE * Math.max(1, scale);

export function checkPlan(factory: Factory, plan: Plan): PlanViolation[] {
  const violations: PlanViolation[] = [];
  const fail = (rule: PlanViolation['rule'], message: string) => violations.push({ rule, message });
  const weeks = factory.horizonWeeks;
  const calendars = new FactoryCalendars(factory);
  const horizon = calendars.horizon;
  const items = new Map(factory.items.map((item) => [item.id, item]));
  const frozenWeeks = Math.min(weeks, factory.policy.fences.frozenWeeks);
  const perItemWeek = () => new Map<string, Float64Array>();
  const add = (map: Map<string, Float64Array>, item: string, week: number, qty: number) => {
    if (week < 0 || week >= weeks) return;
    let row = map.get(item);
    if (!row) map.set(item, (row = new Float64Array(weeks)));
    row[week]! += qty;
  };

  const production = perItemWeek();
  for (const line of plan.production) {
    const item = items.get(line.item);
    if (!item || item.type === 'purchased') fail('format', `production of "${line.item}", which is not a produced item`);
    if (line.week < 0 || line.week >= weeks) fail('format', `production of ${line.item} in week ${line.week}, outside the horizon`);
    add(production, line.item, line.week, line.qty);
  }

  // Frozen weeks equal the previous plan; elsewhere lot rules hold.
  const previous = perItemWeek();
  for (const line of factory.previousPlan?.production ?? []) add(previous, line.item, line.week, line.qty);
  for (const item of factory.items) {
    if (item.type === 'purchased') continue;
    for (let week = 0; week < weeks; week++) {
      const qty = production.get(item.id)?.[week] ?? 0;
      if (week < frozenWeeks) {
        const expected = previous.get(item.id)?.[week] ?? 0;
        if (!near(qty, expected, expected)) fail('frozen', `${item.id} week ${week}: ${qty} planned in the frozen zone, previous plan says ${expected}`);
      } else if (qty > TOLERANCE) {
        if (item.lotMin !== undefined && qty < item.lotMin - TOLERANCE) fail('lot', `${item.id} week ${week}: ${qty} is below the lot minimum ${item.lotMin}`);
        if (item.lotMultiple !== undefined && !isMultiple(qty, item.lotMultiple)) fail('lot', `${item.id} week ${week}: ${qty} is not a multiple of ${item.lotMultiple}`);
      }
    }
  }

  // Purchases: open arrival day, lead time, not in the past, minimum, multiple, weekly capacity.
  const purchased = perItemWeek();
  const perSupplierWeek = new Map<string, number>();
  for (const [index, purchase] of plan.purchases.entries()) {
    const where = `purchases[${index}] (${purchase.supplier} ${purchase.item})`;
    const supplier = factory.suppliers.find((candidate) => candidate.id === purchase.supplier);
    const terms = supplier?.items.find((entry) => entry.item === purchase.item);
    if (!supplier || !terms) {
      fail('purchase', `${where}: supplier does not sell the item`);
      continue;
    }
    const orderDay = parseDate(purchase.orderDate);
    const arrivalDay = parseDate(purchase.arrivalDate);
    if (orderDay < horizon.startDay) fail('purchase', `${where}: ordered on ${purchase.orderDate}, before the plan starts`);
    if (arrivalDay - orderDay < supplier.leadTimeDays) fail('purchase', `${where}: arrives ${arrivalDay - orderDay} days after the order, lead time is ${supplier.leadTimeDays}`);
    if (!calendars.calendar(supplier.calendar).isOpenOn(arrivalDay)) fail('purchase', `${where}: arrives on ${purchase.arrivalDate}, a day the supplier does not deliver`);
    if (terms.minOrderQty !== undefined && purchase.qty < terms.minOrderQty - TOLERANCE) fail('purchase', `${where}: ${purchase.qty} is below the minimum order ${terms.minOrderQty}`);
    if (terms.orderMultiple !== undefined && !isMultiple(purchase.qty, terms.orderMultiple)) fail('purchase', `${where}: ${purchase.qty} is not a multiple of ${terms.orderMultiple}`);
    const week = weekOfDate(horizon, purchase.arrivalDate);
    const key = `${supplier.id}|${purchase.item}|${week}`;
    perSupplierWeek.set(key, (perSupplierWeek.get(key) ?? 0) + purchase.qty);
    if (terms.capacityPerWeek !== undefined && perSupplierWeek.get(key)! > terms.capacityPerWeek + TOLERANCE) {
      fail('purchase', `${where}: ${perSupplierWeek.get(key)} in week ${week} exceeds the supplier's weekly capacity ${terms.capacityPerWeek}`);
    }
    add(purchased, purchase.item, week, purchase.qty);
  }

  // Capacity: run and setup minutes against available minutes plus overtime within its limit.
  const reported = new Map(plan.capacity.map((entry) => [`${entry.resource}|${entry.week}`, entry]));
  const routings = new Map(factory.routings.map((routing) => [routing.item, routing]));
  for (const resource of factory.resources) {
    const limit = (resource.overtime?.maxHoursPerWeek ?? 0) * 60;
    for (let week = 0; week < weeks; week++) {
      let load = 0;
      for (const [item, row] of production) {
        if (row[week]! <= TOLERANCE) continue;
        for (const step of routings.get(item)?.steps ?? []) if (step.resource === resource.id) load += row[week]! * step.runMinutesPerUnit + step.setupMinutes;
      }
      const available = calendars.resourceMinutes(resource, week);
      const overtime = reported.get(`${resource.id}|${week}`)?.overtimeMinutes ?? 0;
      if (overtime > limit + TOLERANCE) fail('overtime', `${resource.id} week ${week}: ${overtime} minutes of overtime, limit ${limit}`);
      if (load > available + Math.min(overtime, limit) + TOLERANCE * Math.max(1, load)) {
        fail('capacity', `${resource.id} week ${week}: load ${load.toFixed(1)} min exceeds ${available.toFixed(1)} available + ${overtime.toFixed(1)} overtime`);
      }
    }
  }

  // Constrained demand: one entry per finished item and week, consistent, with reasons.
  const demand = unconstrainedDemand(factory);
  const maxLateness = factory.policy.maxLatenessWeeks ?? 4;
  const deliveries = perItemWeek();
  const entries = new Map(plan.constrainedDemand.map((entry) => [`${entry.item}|${entry.week}`, entry]));
  for (const item of factory.items) {
    if (item.type !== 'finished') continue;
    let backlog = 0;
    const recent: number[] = [];
    for (let week = 0; week < weeks; week++) {
      const entry = entries.get(`${item.id}|${week}`);
      const expected = demand.cells.get(item.id)?.[week]?.demand ?? 0;
      if (!entry) {
        fail('demand', `constrainedDemand has no entry for ${item.id} week ${week}`);
        continue;
      }
      if (!near(entry.demand, expected, expected)) fail('demand', `${item.id} week ${week}: demand ${entry.demand}, the factory's is ${expected}`);
      if (!near(entry.backlog, backlog + entry.demand - entry.delivered - entry.lost, entry.demand + backlog)) {
        fail('demand', `${item.id} week ${week}: backlog ${entry.backlog} ≠ ${backlog} + ${entry.demand} − ${entry.delivered} − ${entry.lost}`);
      }
      recent.push(entry.demand);
      if (recent.length > maxLateness) recent.shift();
      const owedAtMost = maxLateness === 0 ? 0 : recent.reduce((sum, qty) => sum + qty, 0);
      if (entry.backlog > owedAtMost + TOLERANCE * Math.max(1, owedAtMost)) fail('demand', `${item.id} week ${week}: backlog ${entry.backlog} holds demand older than ${maxLateness} weeks`);
      if ((entry.backlog > backlog + TOLERANCE || entry.lost > TOLERANCE) && entry.reasons.length === 0) fail('reasons', `${item.id} week ${week}: backlog grows or demand is lost, but no reason is given`);
      add(deliveries, item.id, week, entry.delivered);
      backlog = entry.backlog;
    }
  }

  // Inventory never below zero at the end of a week.
  const fixed = perItemWeek();
  for (const order of factory.openProductionOrders) add(fixed, order.item, order.week, order.qty);
  for (const order of factory.openPurchaseOrders) add(fixed, order.item, Math.max(0, weekOfDate(horizon, order.arrivalDate)), order.qty);
  const consumption = perItemWeek();
  for (const line of factory.boms) {
    const parent = production.get(line.parent);
    if (!parent) continue;
    for (let week = 0; week < weeks; week++) add(consumption, line.component, week, parent[week]! * line.qtyPer * (1 + (line.scrapPct ?? 0) / 100));
  }
  for (const item of factory.items) {
    let stock = item.onHand;
    const lead = item.leadTimeWeeks ?? 0;
    for (let week = 0; week < weeks; week++) {
      const made = week - lead >= 0 ? (production.get(item.id)?.[week - lead] ?? 0) : 0;
      const inflow = made + (fixed.get(item.id)?.[week] ?? 0) + (purchased.get(item.id)?.[week] ?? 0);
      const outflow = (deliveries.get(item.id)?.[week] ?? 0) + (consumption.get(item.id)?.[week] ?? 0);
      stock += inflow - outflow;
      if (stock < -TOLERANCE * Math.max(1, inflow + outflow)) {
        fail('inventory', `${item.id} week ${week}: inventory ${stock.toFixed(6)} below zero`);
        stock = 0;
      }
    }
  }
  return violations;
}

function isMultiple(qty: number, multiple: number): boolean {
  const ratio = qty / multiple;
  return Math.abs(ratio - Math.round(ratio)) <= 1e-6 * Math.max(1, ratio);
}
