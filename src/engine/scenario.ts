/**
 * What-if scenarios: a scenario is its base factory plus a list of changes a planner can read
 * back ("Sauces demand +15 %", "Filling line 2 down weeks 3–4"). Applying them is pure and
 * leaves the base untouched, so the base stays the one truth and a scenario is cheap to copy.
 */
import { formatDate, parseDate } from '../domain/dates';
import type { Factory } from '../domain/types';

export type ScenarioChange =
  /** A family's demand scaled: its S&OP quantities and revenues, and its items' forecast overrides. */
  | { kind: 'demand'; family: string; percent: number }
  /** A firm order added. */
  | { kind: 'order'; id: string; item: string; qty: number; due: string }
  /** Overtime allowed on a work center (hours a week; all work centers with '*'), at its rate or 1 a minute. */
  | { kind: 'overtime'; resource: string; hoursPerWeek: number }
  /** A machine down from one week to another, both included. */
  | { kind: 'machine-down'; resource: string; machine: string; fromWeek: number; toWeek: number }
  /** A supplier later by some days, or closed from one week to another. */
  | { kind: 'supplier-late'; supplier: string; days: number }
  | { kind: 'supplier-closed'; supplier: string; fromWeek: number; toWeek: number };

const weekDates = (factory: Factory, fromWeek: number, toWeek: number) => ({
  from: formatDate(parseDate(factory.start) + 7 * fromWeek),
  to: formatDate(parseDate(factory.start) + 7 * toWeek + 6),
});

/** The factory as the scenario has it. Changes naming what the factory lacks are refused with what and where. */
export function applyScenario(base: Factory, changes: readonly ScenarioChange[]): Factory {
  const factory: Factory = structuredClone(base);
  changes.forEach((change, index) => {
    const where = `change ${index + 1} (${describeChange(base, change)})`;
    switch (change.kind) {
      case 'demand': {
        if (!factory.families.some((family) => family.id === change.family)) throw new Error(`${where}: no family ${change.family}`);
        const factor = 1 + change.percent / 100;
        if (factor < 0) throw new Error(`${where}: demand cannot fall by more than 100 %`);
        for (const plan of factory.sop.plans) {
          if (plan.family !== change.family) continue;
          plan.qty = Math.round(plan.qty * factor * 1000) / 1000;
          if (plan.revenue !== undefined) plan.revenue = Math.round(plan.revenue * factor * 100) / 100;
        }
        const items = new Set(factory.items.filter((item) => item.family === change.family).map((item) => item.id));
        for (const line of factory.forecast) if (items.has(line.item)) line.qty = Math.round(line.qty * factor * 1000) / 1000;
        break;
      }
      case 'order':
        if (!factory.items.some((item) => item.id === change.item && item.type === 'finished')) throw new Error(`${where}: no finished item ${change.item}`);
        if (factory.orders.some((order) => order.id === change.id)) throw new Error(`${where}: an order ${change.id} exists already`);
        factory.orders.push({ id: change.id, item: change.item, qty: change.qty, due: change.due });
        break;
      case 'overtime': {
        const resources = factory.resources.filter((resource) => change.resource === '*' || resource.id === change.resource);
        if (resources.length === 0) throw new Error(`${where}: no work center ${change.resource}`);
        for (const resource of resources) resource.overtime = { maxHoursPerWeek: change.hoursPerWeek, costPerHour: resource.overtime?.costPerHour ?? 60 };
        break;
      }
      case 'machine-down': {
        const resource = factory.resources.find((candidate) => candidate.id === change.resource);
        const machine = resource?.machines.find((candidate) => candidate.id === change.machine);
        if (!resource || !machine) throw new Error(`${where}: no machine ${change.machine} in ${change.resource}`);
        const calendar = factory.calendars.find((candidate) => candidate.id === (machine.calendar ?? resource.calendar))!;
        const id = `${calendar.id}~${machine.id}-down-${change.fromWeek}-${change.toWeek}`;
        factory.calendars.push({ ...structuredClone(calendar), id, exceptions: [...(calendar.exceptions ?? []), { ...weekDates(factory, change.fromWeek, change.toWeek), shifts: [] }] });
        machine.calendar = id;
        break;
      }
      case 'supplier-late': {
        const supplier = factory.suppliers.find((candidate) => candidate.id === change.supplier);
        if (!supplier) throw new Error(`${where}: no supplier ${change.supplier}`);
        supplier.leadTimeDays += change.days;
        break;
      }
      case 'supplier-closed': {
        const supplier = factory.suppliers.find((candidate) => candidate.id === change.supplier);
        if (!supplier) throw new Error(`${where}: no supplier ${change.supplier}`);
        const calendar = factory.calendars.find((candidate) => candidate.id === supplier.calendar)!;
        const id = `${calendar.id}~${supplier.id}-closed-${change.fromWeek}-${change.toWeek}`;
        factory.calendars.push({ ...structuredClone(calendar), id, exceptions: [...(calendar.exceptions ?? []), { ...weekDates(factory, change.fromWeek, change.toWeek), shifts: [] }] });
        supplier.calendar = id;
        break;
      }
    }
  });
  return factory;
}

/** A change as the planner reads it in a list. */
export function describeChange(factory: Factory, change: ScenarioChange): string {
  const name = (list: { id: string; name?: string }[], id: string) => list.find((entry) => entry.id === id)?.name ?? id;
  const weeks = (from: number, to: number) => (from === to ? `week ${from}` : `weeks ${from}–${to}`);
  switch (change.kind) {
    case 'demand':
      return `${name(factory.families, change.family)} demand ${change.percent >= 0 ? '+' : '−'}${Math.abs(change.percent)} %`;
    case 'order':
      return `Order ${change.id}: ${change.qty} × ${change.item} due ${change.due}`;
    case 'overtime':
      return `Overtime up to ${change.hoursPerWeek} h a week on ${change.resource === '*' ? 'every work center' : name(factory.resources, change.resource)}`;
    case 'machine-down':
      return `${change.machine} (${name(factory.resources, change.resource)}) down ${weeks(change.fromWeek, change.toWeek)}`;
    case 'supplier-late':
      return `${name(factory.suppliers, change.supplier)} ${change.days} days later`;
    case 'supplier-closed':
      return `${name(factory.suppliers, change.supplier)} closed ${weeks(change.fromWeek, change.toWeek)}`;
  }
}
