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

export function describeReasons(factory: Factory, reasons: ShortfallReason[]): string {
  const resourceName = new Map(factory.resources.map((resource) => [resource.id, resource.name]));
  const itemName = new Map(factory.items.map((item) => [item.id, item.name]));
  const supplierName = new Map(factory.suppliers.map((supplier) => [supplier.id, supplier.name]));
  const grouped = new Map<string, { text: string; weeks: number[] }>();
  const add = (key: string, text: string, week?: number) => {
    const entry = grouped.get(key) ?? { text, weeks: [] };
    if (week !== undefined) entry.weeks.push(week);
    grouped.set(key, entry);
  };
  for (const reason of reasons) {
    switch (reason.kind) {
      case 'capacity':
        add(`c${reason.resource}`, `${resourceName.get(reason.resource) ?? reason.resource} full`, reason.week);
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
  return [...grouped.values()].map((entry) => (entry.weeks.length > 0 ? `${entry.text} in ${weeks(entry.weeks)}` : entry.text)).join('; ');
}

export function describeShortfall(factory: Factory, entry: Plan['constrainedDemand'][number], previousBacklog: number): string {
  const parts: string[] = [];
  const late = Math.max(0, entry.backlog - previousBacklog);
  if (late > 0) parts.push(`${number.format(late)} of ${number.format(entry.demand)} late`);
  if (entry.lost > 0) parts.push(`${number.format(entry.lost)} lost`);
  return `${entry.item}, week ${entry.week}: ${parts.join(', ')}: ${describeReasons(factory, entry.reasons)}`;
}

/** Every shortfall of a plan as a sentence, in item and week order. */
export function describeShortfalls(factory: Factory, plan: Plan): string[] {
  const lines: string[] = [];
  const previous = new Map<string, number>();
  for (const entry of plan.constrainedDemand) {
    const before = entry.week === 0 ? 0 : (previous.get(entry.item) ?? 0);
    if (entry.reasons.length > 0) lines.push(describeShortfall(factory, entry, before));
    previous.set(entry.item, entry.backlog);
  }
  return lines;
}
