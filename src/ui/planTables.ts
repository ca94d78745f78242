/** A plan's lists as readable tables for the Master Plan view. */
import type { Factory, Plan } from '../domain/types';
import type { Column } from './table';

export type PlanTab = 'shortfalls' | 'demand' | 'capacity' | 'production' | 'purchases' | 'changes';
type Row = Record<string, string | number | undefined>;

const text = (key: string, label: string): Column<Row> => ({ label, value: (row) => row[key] });
const num = (key: string, label: string): Column<Row> => ({ label, value: (row) => row[key], numeric: true });

export function buildPlanTables(factory: Factory, plan: Plan, shortfalls: string[]): Record<PlanTab, { caption: string; rows: Row[]; columns: Column<Row>[] }> {
  const itemName = new Map(factory.items.map((item) => [item.id, item.name]));
  const resourceName = new Map(factory.resources.map((resource) => [resource.id, resource.name]));
  return {
    shortfalls: { caption: 'Shortfalls', rows: shortfalls.map((sentence) => ({ sentence })), columns: [text('sentence', 'What cannot be delivered on time, and why')] },
    demand: {
      caption: 'Constrained demand',
      rows: plan.constrainedDemand
        .filter((entry) => entry.demand > 0 || entry.backlog > 0 || entry.delivered > 0)
        .map((entry) => ({ item: entry.item, name: itemName.get(entry.item), week: `S${entry.week}`, demand: entry.demand, delivered: entry.delivered, backlog: entry.backlog, lost: entry.lost, reasons: entry.reasons.map((reason) => reason.kind).join(', ') })),
      columns: [text('item', 'Item'), text('name', 'Name'), text('week', 'Week'), num('demand', 'Demand'), num('delivered', 'Delivered'), num('backlog', 'Backlog'), num('lost', 'Lost'), text('reasons', 'Why')],
    },
    capacity: {
      caption: 'Capacity load',
      rows: plan.capacity
        .filter((entry) => entry.loadMinutes > 0)
        .map((entry) => ({
          resource: entry.resource,
          name: resourceName.get(entry.resource),
          week: `S${entry.week}`,
          available: Math.round(entry.availableMinutes / 60),
          load: Math.round(entry.loadMinutes / 60),
          overtime: Math.round(entry.overtimeMinutes / 60),
          utilization: entry.availableMinutes > 0 ? `${Math.round((entry.loadMinutes / entry.availableMinutes) * 100)}%` : '—',
        })),
      columns: [text('resource', 'Work center'), text('name', 'Name'), text('week', 'Week'), num('available', 'Available (h)'), num('load', 'Load (h)'), num('overtime', 'Overtime (h)'), text('utilization', 'Load')],
    },
    production: {
      caption: 'Production',
      rows: plan.production.map((line) => ({ item: line.item, name: itemName.get(line.item), week: `S${line.week}`, qty: line.qty })),
      columns: [text('item', 'Item'), text('name', 'Name'), text('week', 'Week'), num('qty', 'Quantity')],
    },
    purchases: {
      caption: 'Purchases',
      rows: plan.purchases.map((line) => ({ item: line.item, name: itemName.get(line.item), supplier: line.supplier, orderDate: line.orderDate, arrivalDate: line.arrivalDate, qty: line.qty })),
      columns: [text('item', 'Item'), text('name', 'Name'), text('supplier', 'Supplier'), text('orderDate', 'Order on'), text('arrivalDate', 'Arrives'), num('qty', 'Quantity')],
    },
    changes: {
      caption: 'Slushy-zone changes',
      rows: plan.changes.map((change) => ({ item: change.item, name: itemName.get(change.item), week: `S${change.week}`, previous: change.previousQty, qty: change.qty, delta: change.qty - change.previousQty })),
      columns: [text('item', 'Item'), text('name', 'Name'), text('week', 'Week'), num('previous', 'Previous plan'), num('qty', 'New plan'), num('delta', 'Change')],
    },
  };
}
