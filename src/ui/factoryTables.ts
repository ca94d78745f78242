/** The factory's lists as readable tables: one row shape and its columns per tab. */
import type { FactoryCalendars } from '../domain/capacity';
import type { Factory } from '../domain/types';
import { roughCutCapacity } from '../engine/roughCut';
import type { Column } from './table';

export type FactoryTab = 'overview' | 'roughcut' | 'items' | 'boms' | 'resources' | 'routings' | 'suppliers' | 'calendars' | 'orders';

export interface FactoryTable<Row> {
  caption: string;
  rows: Row[];
  columns: Column<Row>[];
}

type Row = Record<string, string | number | undefined>;

const WEEKDAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
const text = (key: string, label: string): Column<Row> => ({ label, value: (row) => row[key] });
const num = (key: string, label: string): Column<Row> => ({ label, value: (row) => row[key], numeric: true });

export function buildFactoryTables(factory: Factory, calendars: FactoryCalendars): Record<FactoryTab, FactoryTable<Row>> {
  const itemName = new Map(factory.items.map((item) => [item.id, item.name]));
  const familyName = new Map(factory.families.map((family) => [family.id, family.name]));
  return {
    overview: {
      caption: 'S&OP plan',
      rows: factory.sop.plans.map((plan) => ({ family: plan.family, name: familyName.get(plan.family), month: plan.month, qty: plan.qty, revenue: plan.revenue })),
      columns: [text('family', 'Family'), text('name', 'Name'), text('month', 'Month'), num('qty', 'Quantity'), num('revenue', 'Revenue')],
    },
    roughcut: {
      caption: 'Rough-cut capacity',
      rows: roughCutCapacity(factory).capacity.map((entry) => ({
        resource: entry.resource,
        month: entry.month,
        load: Math.round(entry.loadMinutes / 60),
        available: Math.round(entry.availableMinutes / 60),
        utilization: `${Math.round(entry.utilization * 100)}%`,
        flag: entry.beyondOvertime ? 'overloaded beyond overtime' : entry.overloaded ? 'over, within overtime' : '',
        families: entry.families.slice(0, 3).map((family) => family.family).join(', '),
      })),
      columns: [text('resource', 'Work center'), text('month', 'Month'), num('load', 'Load (h)'), num('available', 'Available (h)'), text('utilization', 'Load'), text('flag', 'Flag'), text('families', 'Main families')],
    },
    items: {
      caption: 'Items',
      rows: factory.items.map((item) => ({
        id: item.id,
        name: item.name,
        type: item.type,
        family: item.family,
        uom: item.uom,
        onHand: item.onHand,
        safetyStock: item.safetyStock,
        lot: [item.lotMin ? `min ${item.lotMin}` : '', item.lotMultiple ? `× ${item.lotMultiple}` : ''].filter(Boolean).join(', ') || undefined,
        leadTime: item.leadTimeWeeks,
        attributes: [item.attributes?.color, item.attributes?.allergens?.length ? `allergens: ${item.attributes.allergens.join(', ')}` : undefined].filter(Boolean).join('; '),
      })),
      columns: [text('id', 'Item'), text('name', 'Name'), text('type', 'Type'), text('family', 'Family'), text('uom', 'UoM'), num('onHand', 'On hand'), num('safetyStock', 'Safety stock'), text('lot', 'Lot rule'), num('leadTime', 'Lead time (wk)'), text('attributes', 'Attributes')],
    },
    boms: {
      caption: 'Bills of material',
      rows: factory.boms.map((line) => ({ parent: line.parent, parentName: itemName.get(line.parent), component: line.component, componentName: itemName.get(line.component), qtyPer: line.qtyPer, scrap: line.scrapPct })),
      columns: [text('parent', 'Parent'), text('parentName', 'Parent name'), text('component', 'Component'), text('componentName', 'Component name'), num('qtyPer', 'Qty per'), num('scrap', 'Scrap %')],
    },
    resources: {
      caption: 'Work centers',
      rows: factory.resources.map((resource) => ({
        id: resource.id,
        name: resource.name,
        calendar: resource.calendar,
        efficiency: resource.efficiency,
        machines: resource.machines.map((machine) => machine.id + (machine.calendar ? ` (${machine.calendar})` : '')).join(', '),
        hoursWeek0: Math.round(calendars.resourceMinutes(resource, 0) / 60),
        overtime: resource.overtime ? `${resource.overtime.maxHoursPerWeek} h at ${resource.overtime.costPerHour}/h` : undefined,
      })),
      columns: [text('id', 'Work center'), text('name', 'Name'), text('calendar', 'Calendar'), num('efficiency', 'Efficiency'), text('machines', 'Machines'), num('hoursWeek0', 'Capacity S0 (h)'), text('overtime', 'Overtime')],
    },
    routings: {
      caption: 'Routings',
      rows: factory.routings.flatMap((routing) =>
        routing.steps.map((step) => ({
          item: routing.item,
          name: itemName.get(routing.item),
          step: step.step,
          resource: step.resource,
          run: step.runMinutesPerUnit,
          setup: step.setupMinutes,
          machines: step.machines?.map((machine) => `${machine.machine} @ ${machine.runMinutesPerUnit}`).join(', '),
          tools: step.tools?.join(', '),
          operators: step.operators,
        })),
      ),
      columns: [text('item', 'Item'), text('name', 'Name'), num('step', 'Step'), text('resource', 'Work center'), num('run', 'Run min/unit'), num('setup', 'Setup min'), text('machines', 'Machines'), text('tools', 'Tools'), num('operators', 'Operators')],
    },
    suppliers: {
      caption: 'Supplier items',
      rows: factory.suppliers.flatMap((supplier) =>
        supplier.items.map((entry) => ({
          supplier: supplier.id,
          name: supplier.name,
          days: deliveryDays(factory, supplier.calendar),
          leadTime: supplier.leadTimeDays,
          item: entry.item,
          itemName: itemName.get(entry.item),
          price: entry.price,
          moq: entry.minOrderQty,
          multiple: entry.orderMultiple,
          capacity: entry.capacityPerWeek,
        })),
      ),
      columns: [text('supplier', 'Supplier'), text('name', 'Name'), text('days', 'Delivery days'), num('leadTime', 'Lead time (d)'), text('item', 'Item'), text('itemName', 'Item name'), num('price', 'Price'), num('moq', 'Min order'), num('multiple', 'Multiple'), num('capacity', 'Capacity/wk')],
    },
    calendars: {
      caption: 'Calendars',
      rows: factory.calendars.map((calendar) => ({
        id: calendar.id,
        name: calendar.name,
        shifts: calendar.shifts.map((shift) => `${shift.days.map((day) => WEEKDAYS[day - 1]).join('')} ${shift.from}–${shift.to}`).join('; '),
        exceptions: (calendar.exceptions ?? []).map((exception) => `${exception.from === exception.to ? exception.from : `${exception.from}…${exception.to}`}${exception.shifts.length === 0 ? ' closed' : ''}`).join('; '),
        hoursWeek0: Math.round(calendars.calendar(calendar.id).workingMinutesOfWeek(calendars.horizon.startDay) / 60),
      })),
      columns: [text('id', 'Calendar'), text('name', 'Name'), text('shifts', 'Shifts'), text('exceptions', 'Exceptions'), num('hoursWeek0', 'Hours in S0')],
    },
    orders: {
      caption: 'Customer orders',
      rows: factory.orders.map((order) => ({ id: order.id, item: order.item, name: itemName.get(order.item), qty: order.qty, due: order.due, priority: order.priority })),
      columns: [text('id', 'Order'), text('item', 'Item'), text('name', 'Name'), num('qty', 'Quantity'), text('due', 'Due'), num('priority', 'Priority')],
    },
  };
}

function deliveryDays(factory: Factory, calendarId: string): string {
  const calendar = factory.calendars.find((candidate) => candidate.id === calendarId);
  const days = new Set(calendar?.shifts.flatMap((shift) => shift.days) ?? []);
  return [...days].sort().map((day) => WEEKDAYS[day - 1]).join(' ');
}
