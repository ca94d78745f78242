/**
 * A first plan the way MRP builds one: finished production as the LP relaxation times it
 * (rounded to lots), and everything below it netted from that: each component is made or bought
 * for exactly its net requirement (consumption by the parents already decided, less stock and
 * supply on its way, plus safety stock), rounded up to its lot rules and placed early enough for
 * its lead time, or, for purchases, in the latest week a supplier can deliver, cheapest first and
 * within weekly capacity. Rounding components independently would leave parents without them.
 */
import type { Item } from '../../domain/types';
import type { PlanningContext, PurchaseOption } from './context';
import type { PlanQuantities } from './extract';
import type { MasterPlanModel } from './model';
import { PlanCosts } from './costs';
import { EPS, lotNearest, lotUp, round6 } from './lots';

/** End items' production (outside the frozen weeks) as the LP relaxation times it, rounded to lots. */
export function endItemsFromRelaxation(planModel: MasterPlanModel, values: Float64Array): Map<string, Float64Array> {
  const { context } = planModel;
  const production = new Map<string, Float64Array>();
  for (const item of context.finished) {
    if (isComponent(context, item.id)) continue;
    const x = planModel.production.get(item.id)!;
    const row = new Float64Array(context.weeks);
    for (let week = context.frozenWeeks; week < context.weeks; week++) if (x[week]! >= 0) row[week] = lotNearest(values[x[week]!]!, item.lotMin ?? 0, context.lotStep(item));
    production.set(item.id, row);
  }
  return production;
}

function isComponent(context: PlanningContext, id: string): boolean {
  return (context.consumers.get(id)?.length ?? 0) > 0;
}

/**
 * Production and purchases of a whole plan from its end items' production: frozen weeks as the
 * previous plan, end items as given, every component netted below them.
 */
export function mrpDecisions(context: PlanningContext, endItems: Map<string, Float64Array>): Pick<PlanQuantities, 'production' | 'purchases'> {
  const weeks = context.weeks;
  const production = new Map<string, Float64Array>();
  for (const item of context.produced) {
    const row = new Float64Array(weeks);
    const given = endItems.get(item.id);
    for (let week = 0; week < weeks; week++) row[week] = context.isFrozen(week) ? context.previous(item.id, week) : (given?.[week] ?? 0);
    production.set(item.id, row);
  }
  const options = new Map<string, PurchaseOption[]>();
  for (const option of context.purchaseOptions) options.set(option.item, [...(options.get(option.item) ?? []), option]);
  const bought = new Map<PurchaseOption, number>();

  // Components level by level: net a level against its parents, level its work centers by
  // building ahead, then net the level below against that.
  const depth = new Map<string, number>();
  for (const id of context.topDown) {
    const parents = context.consumers.get(id) ?? [];
    depth.set(id, parents.length === 0 ? 0 : Math.max(...parents.map((use) => depth.get(use.parent) ?? 0)) + 1);
  }
  const maxDepth = Math.max(0, ...depth.values());
  const byDepth = (level: number) => context.topDown.filter((id) => depth.get(id) === level);
  for (let level = 1; level <= maxDepth; level++) {
    const ids = byDepth(level);
    for (const id of ids) if (context.items.get(id)!.type !== 'purchased') net(id);
    levelLoads(context, production, ids.map((id) => context.items.get(id)!).filter((item) => item.type !== 'purchased'), false);
  }
  for (const id of context.topDown) if (depth.get(id)! > 0 && context.items.get(id)!.type === 'purchased') net(id);

  function net(id: string): void {
    const item = context.items.get(id)!;
    const lead = context.leadTime(id);
    const row = production.get(id);
    const safety = item.safetyStock ?? 0;
    let stock = item.onHand;
    for (let week = 0; week < weeks; week++) {
      stock += context.fixedSupply.get(id)?.[week] ?? 0;
      if (row && week - lead >= 0) stock += row[week - lead]!;
      let need = 0;
      for (const use of context.consumers.get(id)!) need += (production.get(use.parent)?.[week] ?? 0) * use.perUnit;
      const short = need + safety - stock;
      if (short > EPS) {
        if (row) {
          const makeWeek = week - lead;
          if (makeWeek >= context.frozenWeeks) {
            const qty = lotUp(short, item.lotMin ?? 0, context.lotStep(item));
            row[makeWeek]! += qty;
            stock += qty;
          }
        } else {
          stock += buy(id, week, short);
        }
      }
      stock -= need;
    }

    function buy(itemId: string, week: number, quantity: number): number {
      // The latest weeks first (least stock held), the cheapest supplier first within a week.
      const candidates = (options.get(itemId) ?? []).filter((option) => option.week <= week).sort((a, b) => b.week - a.week || a.price - b.price);
      let left = quantity;
      let got = 0;
      for (const option of candidates) {
        if (left <= EPS) break;
        const already = bought.get(option) ?? 0;
        const room = (option.capacityPerWeek ?? Infinity) - already;
        if (room <= EPS) continue;
        let qty = lotUp(left, already > 0 ? 0 : option.minOrderQty, option.orderStep);
        if (qty > room) qty = round6(Math.floor(room / option.orderStep + 1e-9) * option.orderStep);
        if (qty <= EPS || already + qty < option.minOrderQty - 1e-9) continue;
        bought.set(option, round6(already + qty));
        left -= qty;
        got += qty;
      }
      return got;
    }
  }
  const purchases = [...bought].map(([option, qty]) => ({ option, qty }));
  return { production, purchases };
}

/**
 * A capacity-levelled master schedule for the end items, without any solver: each item's net
 * requirement (demand and safety stock less stock and supply on its way) made lot for lot in
 * time for its lead time; then, week by week from the last, whatever overloads a work center
 * is built a week earlier (prebuild) while spare capacity exists, and what still overloads the
 * first free weeks is pushed later, as late as the lateness limit allows. What fits nowhere is
 * left out, and becomes backlog or lost sales.
 */
export function levelledMasterSchedule(context: PlanningContext): Map<string, Float64Array> {
  const weeks = context.weeks;
  const production = new Map<string, Float64Array>();
  const endItems = context.finished.filter((item) => !isComponent(context, item.id));
  for (const item of endItems) {
    const row = new Float64Array(weeks);
    const lead = context.leadTime(item.id);
    let stock = item.onHand;
    let owed = 0;
    for (let week = 0; week < weeks; week++) {
      stock += context.fixedSupply.get(item.id)?.[week] ?? 0;
      if (week - lead >= 0) stock += week - lead < context.frozenWeeks ? context.previous(item.id, week - lead) : row[week - lead]!;
      owed += context.demandOf(item.id, week);
      const short = owed + (item.safetyStock ?? 0) - stock;
      const makeWeek = week - lead;
      if (short > EPS && makeWeek >= context.frozenWeeks) {
        const qty = lotUp(short, item.lotMin ?? 0, context.lotStep(item));
        row[makeWeek]! += qty;
        stock += qty;
      }
      const shipped = Math.min(owed, Math.max(0, stock));
      stock -= shipped;
      owed -= shipped;
    }
    production.set(item.id, row);
  }

  levelLoads(context, production, endItems, true);
  return production;
}

/**
 * Moves the lots of `movable` items out of weeks where a work center is over its capacity plus
 * overtime: a week earlier at a time while spare capacity exists (building ahead), else, where
 * `allowLater`, later within the lateness limit. Load counts every item's production.
 */
function levelLoads(context: PlanningContext, production: Map<string, Float64Array>, movable: Item[], allowLater: boolean): void {
  const weeks = context.weeks;
  const costs = new PlanCosts(context.factory);
  const stepsOn = new Map<string, { item: string; run: number; setup: number }[]>();
  for (const item of movable) {
    for (const step of context.routings.get(item.id)?.steps ?? []) {
      stepsOn.set(step.resource, [...(stepsOn.get(step.resource) ?? []), { item: item.id, run: step.runMinutesPerUnit, setup: step.setupMinutes }]);
    }
  }
  const loadOf = (item: string, qty: number) => {
    const loads = new Map<string, number>();
    if (qty <= 0) return loads;
    for (const step of context.routings.get(item)?.steps ?? []) loads.set(step.resource, (loads.get(step.resource) ?? 0) + qty * step.runMinutesPerUnit + step.setupMinutes);
    return loads;
  };
  const load = new Map<string, Float64Array>([...context.availableMinutes.keys()].map((resource) => [resource, new Float64Array(weeks)]));
  for (const [item, row] of production) for (let week = 0; week < weeks; week++) for (const [resource, minutes] of loadOf(item, row[week]!)) load.get(resource)![week]! += minutes;
  const runOf = (item: string, resource: string) => context.routings.get(item)?.steps.filter((step) => step.resource === resource).reduce((sum, step) => sum + step.runMinutesPerUnit, 0) ?? 0;
  const limit = (resource: string, week: number) => context.capacityLimit(resource, week);
  const fits = (item: string, qty: number, week: number, already: number) => {
    const before = loadOf(item, already);
    for (const [resource, minutes] of loadOf(item, already + qty)) if (load.get(resource)![week]! - (before.get(resource) ?? 0) + minutes > limit(resource, week) + 1e-6) return false;
    return true;
  };
  const move = (item: string, from: number, to: number, qty: number) => {
    const row = production.get(item)!;
    for (const [resource, minutes] of loadOf(item, row[from]!)) load.get(resource)![from]! -= minutes;
    for (const [resource, minutes] of loadOf(item, row[to]!)) load.get(resource)![to]! -= minutes;
    row[from]! -= qty;
    row[to]! += qty;
    for (const [resource, minutes] of loadOf(item, row[from]!)) load.get(resource)![from]! += minutes;
    for (const [resource, minutes] of loadOf(item, row[to]!)) load.get(resource)![to]! += minutes;
  };
  // Cheapest to hold first when building ahead.
  const byHolding = [...movable].sort((a, b) => costs.holdingPerWeek(a) - costs.holdingPerWeek(b));
  for (const [resource, users] of stepsOn) {
    const items = byHolding.filter((item) => users.some((user) => user.item === item.id));
    for (let week = weeks - 1; week >= context.frozenWeeks; week--) {
      for (const item of items) {
        if (load.get(resource)![week]! <= limit(resource, week) + 1e-6) break;
        const row = production.get(item.id)!;
        if (row[week]! <= 0) continue;
        let target = -1;
        for (let earlier = week - 1; earlier >= context.frozenWeeks && target < 0; earlier--) if (fits(item.id, row[week]!, earlier, row[earlier]!)) target = earlier;
        if (target < 0 && allowLater) for (let later = week + 1; later < Math.min(weeks, week + context.maxLatenessWeeks) && target < 0; later++) if (fits(item.id, row[week]!, later, row[later]!)) target = later;
        if (target >= 0) {
          move(item.id, week, target, row[week]!);
          continue;
        }
        // The whole lot fits nowhere: build ahead as much of it as each earlier week has room for.
        const quantum = context.lotStep(item);
        const step = item.lotMultiple ?? Math.ceil(Math.max(1, (item.lotMin ?? 0) / 2, row[week]! / 20) / quantum - 1e-9) * quantum;
        for (let earlier = week - 1; earlier >= context.frozenWeeks && load.get(resource)![week]! > limit(resource, week) + 1e-6; earlier--) {
          let part = Math.floor(Math.min(row[week]!, (load.get(resource)![week]! - limit(resource, week)) / Math.max(1e-9, runOf(item.id, resource)) + step) / step) * step;
          while (part > 0 && !fits(item.id, part, earlier, row[earlier]!)) part -= step;
          const leftBehind = row[week]! - part;
          if (part <= 0 || (leftBehind > 0 && leftBehind < (item.lotMin ?? 0))) continue;
          if (row[earlier]! === 0 && part < (item.lotMin ?? 0)) continue;
          move(item.id, week, earlier, part);
        }
      }
    }
  }
}
