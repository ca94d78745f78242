/**
 * Plan adherence: of what the approved plan asked for in the weeks executed so far, the share
 * that was made, item by item and week by week: Σ min(executed, planned) / Σ planned. An item's
 * executed quantity is the good output of its last routing step on scheduled operations;
 * unplanned work is shown as executed but does not count towards adherence. Split in volume
 * (did the total come out: min(Σ executed, Σ planned) / Σ planned) and mix (of what came out,
 * was it the planned items: Σ min / min(Σ executed, Σ planned)); adherence = volume × mix.
 */
import type { Factory, Plan } from '../../domain/types';
import { cellKey, type Executed } from './executed';

export interface AdherenceFigures {
  planned: number;
  executed: number;
  unplanned: number;
  /** Σ min(executed, planned) */
  matched: number;
  planAdherence: number;
  volumeAdherence: number;
  mixAdherence: number;
}

export interface ItemWeekAdherence extends AdherenceFigures {
  item: string;
  week: number;
}

function figures(planned: number, executed: number, matched: number, unplanned: number): AdherenceFigures {
  const made = Math.min(planned, executed);
  return {
    planned,
    executed,
    unplanned,
    matched,
    planAdherence: planned > 0 ? matched / planned : 1,
    volumeAdherence: planned > 0 ? made / planned : 1,
    mixAdherence: made > 0 ? matched / made : planned > 0 ? 0 : 1,
  };
}

export class Tally {
  planned = 0;
  executed = 0;
  matched = 0;
  unplanned = 0;

  add(planned: number, executed: number, unplanned = 0): void {
    this.planned += planned;
    this.executed += executed;
    this.matched += Math.min(planned, executed);
    this.unplanned += unplanned;
  }

  figures(): AdherenceFigures {
    return figures(this.planned, this.executed, this.matched, this.unplanned);
  }
}

export interface PlanAdherence {
  total: AdherenceFigures;
  itemWeeks: ItemWeekAdherence[];
  byWeek: (AdherenceFigures & { week: number })[];
  byFamily: (AdherenceFigures & { family: string })[];
  /** Per work center: each routing step on it, planned at the item's quantity, executed at that step's good output. */
  byResource: (AdherenceFigures & { resource: string })[];
}

export function planAdherence(factory: Factory, plan: Plan, executed: Executed): PlanAdherence {
  const weeks = executed.weeksCovered;
  const plannedQty = new Map<string, number>();
  for (const line of plan.production) if (line.week < weeks) plannedQty.set(`${line.item}|${line.week}`, (plannedQty.get(`${line.item}|${line.week}`) ?? 0) + line.qty);
  const familyOf = new Map(factory.items.map((item) => [item.id, item.family ?? (item.type === 'intermediate' ? '(intermediates)' : '(none)')]));
  const total = new Tally();
  const byWeek = new Map<number, Tally>();
  const byFamily = new Map<string, Tally>();
  const byResource = new Map<string, Tally>();
  const itemWeeks: ItemWeekAdherence[] = [];
  const tally = (map: Map<string | number, Tally>, key: string | number) => map.get(key) ?? map.set(key, new Tally()).get(key)!;
  for (const routing of factory.routings) {
    const last = executed.lastStep.get(routing.item)!;
    for (let week = 0; week < weeks; week++) {
      const planned = plannedQty.get(`${routing.item}|${week}`) ?? 0;
      const output = executed.cells.get(cellKey(routing.item, last, week));
      if (planned === 0 && !output) continue;
      const made = output?.planned ?? 0;
      const unplanned = output?.unplanned ?? 0;
      const cell = new Tally();
      cell.add(planned, made, unplanned);
      itemWeeks.push({ item: routing.item, week, ...cell.figures() });
      total.add(planned, made, unplanned);
      tally(byWeek as Map<string | number, Tally>, week).add(planned, made, unplanned);
      tally(byFamily as Map<string | number, Tally>, familyOf.get(routing.item) ?? '(none)').add(planned, made, unplanned);
      for (const step of routing.steps) {
        const atStep = executed.cells.get(cellKey(routing.item, step.step, week));
        tally(byResource as Map<string | number, Tally>, step.resource).add(planned, atStep?.planned ?? 0, atStep?.unplanned ?? 0);
      }
    }
  }
  return {
    total: total.figures(),
    itemWeeks,
    byWeek: [...byWeek].sort((a, b) => a[0] - b[0]).map(([week, value]) => ({ week, ...value.figures() })),
    byFamily: [...byFamily].sort((a, b) => a[0].localeCompare(b[0])).map(([family, value]) => ({ family, ...value.figures() })),
    byResource: [...byResource].sort((a, b) => a[0].localeCompare(b[0])).map(([resource, value]) => ({ resource, ...value.figures() })),
  };
}
