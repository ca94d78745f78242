/**
 * Is the plan executable on time? Each of the plan's first weeks (the frozen week and the slushy
 * zone: what the shop floor is handed next) scheduled alone, its lots released at the week's
 * start and due at its end (or their firm order's date): the share of lots, and of quantity,
 * whose last operation ends by the due date. A lot that could not be placed counts as late.
 */
import { localMinutes } from '../../domain/execution';
import type { Factory, Plan } from '../../domain/types';
import { scheduleFrozenWeeks, type ScheduleOptions } from './index';

export interface WeekExecutability {
  week: number;
  lots: number;
  lotsOnTime: number;
  qty: number;
  qtyOnTime: number;
  /** The same quantities for finished items alone: what customers receive, comparable with demand. */
  finishedQty: number;
  finishedQtyOnTime: number;
  /** Finished units the late lots of components hold up (heldUpFactors): what customers get late the week after. */
  heldUpQty: number;
  tardinessMinutes: number;
  makespanMinutes: number;
  violations: number;
}

export interface Executability {
  weeks: WeekExecutability[];
  lotShare: number;
  qtyShare: number;
  /** Finished quantity whose lot ends after its due date, per item, over all the weeks scheduled: what customers would get late. */
  finishedLateByItem: Map<string, number>;
  /** The same for components: quantity of each whose lot ends late, which holds up its parents (heldUpFactors). */
  componentLateByItem: Map<string, number>;
}

/**
 * Finished units a unit of each item holds up when its lot runs late: 1 for a finished item; for
 * a component, the units of its parents it goes into, shared evenly between them (which parent
 * waits is the schedule's call), and so on up to the finished items. A late lot of frames holds
 * up the racks made from them the week after, though no finished lot of its own week is late.
 * `finishedWeight` counts a finished unit as something else than one (its price: the value held up).
 */
export function heldUpFactors(factory: Factory, finishedWeight: (item: string) => number = () => 1): Map<string, number> {
  const types = new Map(factory.items.map((item) => [item.id, item.type]));
  const parents = new Map<string, { parent: string; perUnit: number }[]>();
  for (const line of factory.boms) {
    const perUnit = line.qtyPer * (1 + (line.scrapPct ?? 0) / 100);
    if (perUnit > 0) parents.set(line.component, [...(parents.get(line.component) ?? []), { parent: line.parent, perUnit }]);
  }
  const factors = new Map<string, number>();
  // BOMs are acyclic (validation refuses a cycle): the recursion ends.
  const factorOf = (item: string): number => {
    let factor = factors.get(item);
    if (factor !== undefined) return factor;
    const uses = parents.get(item) ?? [];
    factor = types.get(item) === 'finished' ? finishedWeight(item) : uses.length === 0 ? 0 : uses.reduce((sum, use) => sum + factorOf(use.parent) / use.perUnit, 0) / uses.length;
    factors.set(item, factor);
    return factor;
  };
  for (const item of factory.items) factorOf(item.id);
  return factors;
}

export function executability(factory: Factory, plan: Plan, options: Omit<ScheduleOptions, 'week' | 'weeks'> & { weeksAhead?: number } = {}): Executability {
  const { weeksAhead, ...scheduleOptions } = options;
  const count = Math.min(factory.horizonWeeks, weeksAhead ?? factory.policy.fences.frozenWeeks + factory.policy.fences.slushyWeeks);
  const weeks: WeekExecutability[] = [];
  const finishedLateByItem = new Map<string, number>();
  const componentLateByItem = new Map<string, number>();
  const finishedItems = new Set(factory.items.filter((item) => item.type === 'finished').map((item) => item.id));
  const heldUp = heldUpFactors(factory);
  for (let week = 0; week < count; week++) {
    const run = scheduleFrozenWeeks(factory, plan, { ...scheduleOptions, week });
    const ends = new Map<string, number>();
    for (const operation of run.schedule.operations) ends.set(operation.order, Math.max(ends.get(operation.order) ?? -Infinity, localMinutes(operation.end)));
    const figures: WeekExecutability = { week, lots: 0, lotsOnTime: 0, qty: 0, qtyOnTime: 0, finishedQty: 0, finishedQtyOnTime: 0, heldUpQty: 0, tardinessMinutes: run.schedule.kpis.totalTardinessMinutes, makespanMinutes: run.schedule.kpis.makespanMinutes, violations: run.schedule.violations.length };
    const scheduled = new Set(run.schedule.operations.map((operation) => operation.id));
    for (const lot of run.instance.lots) {
      const last = run.instance.operations[lot.operations[lot.operations.length - 1]!]!;
      const placed = lot.operations.every((index) => scheduled.has(run.instance.operations[index]!.id));
      const onTime = placed && (ends.get(lot.id) ?? Infinity) <= last.due;
      const finished = finishedItems.has(lot.item);
      figures.lots++;
      figures.qty += last.qty;
      if (finished) figures.finishedQty += last.qty;
      if (onTime) {
        figures.lotsOnTime++;
        figures.qtyOnTime += last.qty;
        if (finished) figures.finishedQtyOnTime += last.qty;
      } else if (finished) finishedLateByItem.set(lot.item, (finishedLateByItem.get(lot.item) ?? 0) + last.qty);
      else {
        figures.heldUpQty += last.qty * (heldUp.get(lot.item) ?? 0);
        componentLateByItem.set(lot.item, (componentLateByItem.get(lot.item) ?? 0) + last.qty);
      }
    }
    weeks.push(figures);
  }
  const sum = (key: keyof WeekExecutability) => weeks.reduce((total, week) => total + week[key], 0);
  return { weeks, lotShare: sum('lots') > 0 ? sum('lotsOnTime') / sum('lots') : 1, qtyShare: sum('qty') > 0 ? sum('qtyOnTime') / sum('qty') : 1, finishedLateByItem, componentLateByItem };
}
