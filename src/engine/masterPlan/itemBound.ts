/**
 * A lower bound on any plan's cost that needs no solver: every end item planned alone, its setups
 * whole, as if work centers, tools, crews and suppliers had no limits (issue 16, part 4: the XL
 * plan has no LP, so until now it reported no bound at all).
 *
 * Valid for every plan of the factory (objective.ts, planCost), by three relaxations:
 * - Materials. Price each item k at c_k: its cheapest supplier's price, or what its components cost
 *   made (qty per × scrap × their c), whichever is less (0 for what can be neither bought nor made).
 *   Then Σ_k c_k × (stock at the end) ≥ 0 expands, through each item's balance and c_parent ≤ its
 *   BOM's cost, into: purchases ≥ Σ_finished c_i × delivered_i − Σ_k c_k × (on hand + open orders).
 *   So each delivered unit of an end item is charged c_i, and the stock the factory starts with is
 *   given back once, as a constant.
 * - Each end item alone: its own setups (every other item's dropped), holding and lateness per week,
 *   lost sales, and c_i per delivered unit; no capacity, no lot rules, no lateness limit, no safety
 *   stock, no slushy change or overtime costs (all ≥ 0). Production in a week the plan may change
 *   arrives its lead time later (the frozen weeks make at most the previous plan's, as the model
 *   holds them); what the frozen weeks make and what is on hand or on order before
 *   then arrives, in this relaxation, at the latest of those weeks and is never late (it serves
 *   earlier demand at no lateness). An order arriving later is dropped, less what it can save: at
 *   most a lost sale less c_i a unit.
 * - The exact optimum of that single-item problem (uncapacitated lot sizing with backlog and lost
 *   sales): lots serve contiguous weeks (the costs are convex in how early or late a unit comes),
 *   the early stock serves the first units of demand, and where it stops within a week the cost is
 *   concave in how far, so only week ends and the stock's own end need trying.
 * XL tight 1.0 (`npm run bench -- xl --bound off`), in 0.4 s: food 159.55 M, paint 184.17 M, mixed
 * 160.72 M, above the LP bounds (food 158.42 M, mixed 159.87 M) that take the WebAssembly HiGHS
 * 80 s and 1.8 GiB; the levelled plans are 1.66-1.73 % above it. Where capacity binds it is weak
 * (XL tight 1.2: 16 %; M and L at 1.0 below their LP bounds).
 */
import { PlanCosts } from './costs';
import type { PlanningContext } from './context';
import { unitMaterialCosts } from './materialCosts';

export interface ItemBound {
  bound: number;
  /** End items planned alone (finished items that no other item consumes and no supplier sells). */
  items: number;
}

export function itemBound(context: PlanningContext): ItemBound {
  const costs = new PlanCosts(context.factory);
  const materialCost = unitMaterialCosts(context, 'floor');
  const weeks = context.weeks;
  let bound = 0;
  // What the factory starts with, on hand and on order, given back once at what it saves in materials.
  for (const item of context.factory.items) {
    const supply = context.fixedSupply.get(item.id);
    bound -= materialCost(item.id) * (item.onHand + (supply ? supply.reduce((sum, qty) => sum + qty, 0) : 0));
  }
  let items = 0;
  for (const item of context.finished) {
    // A finished item another consumes, or one that can be bought (its supply would not wait for a
    // lot's lead time): left out, which only lowers the bound.
    if ((context.consumers.get(item.id)?.length ?? 0) > 0 || context.purchaseOptionsLatestFirst(item.id).length > 0) continue;
    items++;
    const lead = context.leadTime(item.id);
    const firstArrival = context.frozenWeeks + lead;
    const lostSale = costs.lostSale(item);
    const unit = Math.min(materialCost(item.id), lostSale);
    const setup = costs.setupCost(context.routings.get(item.id));
    // Early stock: on hand, the frozen weeks' production, orders arriving before any new lot can.
    let early = item.onHand;
    let earlyArrival = 0;
    let lateOrders = 0;
    const supply = context.fixedSupply.get(item.id);
    for (let week = 0; week < weeks; week++) {
      const ordered = supply?.[week] ?? 0;
      const frozen = week - lead >= 0 && week - lead < context.frozenWeeks ? context.previous(item.id, week - lead) : 0;
      if (week < firstArrival) {
        early += ordered + frozen;
        if (ordered + frozen > 0) earlyArrival = week;
      } else lateOrders += ordered + frozen;
    }
    const demand = Float64Array.from({ length: weeks }, (_, week) => context.demandOf(item.id, week));
    const single = singleItemCost(demand, {
      early,
      earlyArrival,
      unit,
      setup,
      holding: costs.holdingPerWeek(item),
      lateness: costs.latenessPerWeek(item),
      lostSale,
      firstMake: context.frozenWeeks,
      lastMake: weeks - 1 - lead,
      lead,
    });
    bound += single - lateOrders * Math.max(0, lostSale - unit);
  }
  return { bound, items };
}

export interface SingleItem {
  /** Stock that arrives by `earlyArrival`, before any lot can: it serves earlier demand at no lateness. */
  early: number;
  earlyArrival: number;
  /** Cost of a delivered unit (its materials), of a lot, of a unit held or owed a week, of a lost unit. */
  unit: number;
  setup: number;
  holding: number;
  lateness: number;
  lostSale: number;
  /** Weeks a lot may be made in, and the weeks it takes to arrive. */
  firstMake: number;
  lastMake: number;
  lead: number;
}

/** The least cost of one item's demand, served from its early stock, from lots, or lost (see above). */
export function singleItemCost(demand: Float64Array, item: SingleItem): number {
  const weeks = demand.length;
  // A unit of week j from a lot arriving at a: held (j > a) or owed (j < a) for |j - a| weeks.
  const late = (week: number, arrival: number) => (week >= arrival ? item.holding * (week - arrival) : item.lateness * (arrival - week));
  // The least cost of weeks t.. when week t owes `first` (its demand, or what the early stock left of it).
  const from = (t: number, first: number, after: Float64Array) => {
    let cost = item.lostSale * first + after[t + 1]!;
    for (let make = item.firstMake; make <= item.lastMake; make++) {
      const arrival = make + item.lead;
      let served = item.setup + (item.unit + late(t, arrival)) * first;
      cost = Math.min(cost, served + after[t + 1]!);
      for (let end = t + 1; end < weeks; end++) {
        served += (item.unit + late(end, arrival)) * demand[end]!;
        cost = Math.min(cost, served + after[end + 1]!);
      }
    }
    return cost;
  };
  // best[t]: the least cost of weeks t.. served by lots or lost, each lot serving weeks in a row.
  const best = new Float64Array(weeks + 1);
  for (let t = weeks - 1; t >= 0; t--) best[t] = from(t, demand[t]!, best);
  // The early stock serves the first units of demand: its end at a week's end, or where it runs out.
  const early = (week: number) => item.unit + item.holding * Math.max(0, week - item.earlyArrival);
  let least = best[0]!;
  let used = 0;
  let usedCost = 0;
  for (let week = 0; week < weeks; week++) {
    const take = Math.min(demand[week]!, item.early - used);
    if (take < demand[week]!) return Math.min(least, usedCost + take * early(week) + from(week, demand[week]! - take, best));
    used += take;
    usedCost += take * early(week);
    least = Math.min(least, usedCost + best[week + 1]!);
  }
  return least;
}
