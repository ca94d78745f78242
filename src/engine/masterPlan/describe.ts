/** Shortfalls as sentences a planner reads: "SAU-01-370GJA, week 6: 1,200 of 3,000 late, 300 lost: Filling line 2 full in weeks 5-6". */
import type { Factory, Plan, ShortfallReason } from '../../domain/types';

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function weeks(list: number[]): string {
  const sorted = [...new Set(list)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return `${sorted.length > 1 ? 'weeks' : 'week'} ${ranges.join(', ')}`;
}

/** Minutes of a work center's weeks the closed loop held back (`stats.flow.heldMinutes`), per work center. */
export type HeldMinutes = Record<string, number[]>;

export function heldMinutesOf(plan: Plan): HeldMinutes | undefined {
  return (plan.stats as { flow?: { heldMinutes?: HeldMinutes } }).flow?.heldMinutes;
}

export function describeReasons(factory: Factory, reasons: ShortfallReason[], held?: HeldMinutes): string {
  const resourceName = new Map(factory.resources.map((resource) => [resource.id, resource.name]));
  const itemName = new Map(factory.items.map((item) => [item.id, item.name]));
  const supplierName = new Map(factory.suppliers.map((supplier) => [supplier.id, supplier.name]));
  const grouped = new Map<string, { text: string; weeks: number[]; heldMinutes: number }>();
  const add = (key: string, text: string, week?: number, heldMinutes = 0) => {
    const entry = grouped.get(key) ?? { text, weeks: [], heldMinutes: 0 };
    if (week !== undefined) entry.weeks.push(week);
    entry.heldMinutes += heldMinutes;
    grouped.set(key, entry);
  };
  for (const reason of reasons) {
    switch (reason.kind) {
      case 'capacity':
        add(`c${reason.resource}`, `${resourceName.get(reason.resource) ?? reason.resource} full`, reason.week, held?.[reason.resource]?.[reason.week] ?? 0);
        break;
      case 'material':
        add(`m${reason.item}`, `${itemName.get(reason.item) ?? reason.item} short`, reason.week);
        break;
      case 'supplier':
        add(`s${reason.supplier}${reason.item}`, `${supplierName.get(reason.supplier) ?? reason.supplier} cannot deliver more ${itemName.get(reason.item) ?? reason.item}`, reason.week);
        break;
      case 'lead-time':
        add(`l${reason.item}`, `lead time of ${itemName.get(reason.item) ?? reason.item}`);
        break;
      case 'frozen':
        add('frozen', 'production fixed in the frozen zone', reason.week);
        break;
    }
  }
  // A work center full because the plan held part of its week back says so, and how much: the
  // planner sees why its load stops short of what the calendar offers.
  const heldText = (minutes: number) => (minutes >= 1 ? ` (${number.format(minutes / 60)} h of it held back so that lots finish within their week)` : '');
  return [...grouped.values()].map((entry) => (entry.weeks.length > 0 ? `${entry.text} in ${weeks(entry.weeks)}${heldText(entry.heldMinutes)}` : entry.text)).join('; ');
}

export function describeShortfall(factory: Factory, entry: Plan['constrainedDemand'][number], previousBacklog: number, held?: HeldMinutes): string {
  const parts: string[] = [];
  const late = Math.max(0, entry.backlog - previousBacklog);
  if (late > 0) parts.push(`${number.format(late)} of ${number.format(entry.demand)} late`);
  if (entry.lost > 0) parts.push(`${number.format(entry.lost)} lost`);
  return `${entry.item}, week ${entry.week}: ${parts.join(', ')}: ${describeReasons(factory, entry.reasons, held)}`;
}

/** Every shortfall of a plan as a sentence, in item and week order. */
export function describeShortfalls(factory: Factory, plan: Plan): string[] {
  const lines: string[] = [];
  const previous = new Map<string, number>();
  const held = heldMinutesOf(plan);
  for (const entry of plan.constrainedDemand) {
    const before = entry.week === 0 ? 0 : (previous.get(entry.item) ?? 0);
    if (entry.reasons.length > 0) lines.push(describeShortfall(factory, entry, before, held));
    previous.set(entry.item, entry.backlog);
  }
  return lines;
}
