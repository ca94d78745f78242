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
import { loadAwareLots, lotOptions, type LotChoice } from './loadAwareLots';
import { economicLots, EPS, lotNearest, lotUp, round6 } from './lots';
import { unitMaterialCosts } from './materialCosts';
import { cutByValue } from './valueCut';

/**
 * End items' production (outside the frozen weeks) as the LP relaxation times it, rounded to lots
 * with what rounding took off or added carried into the item's next lot, so that what is made
 * stays within half a step of what the LP makes by every week. Each week rounded on its own, an
 * item wanted 102-111 a week in lots of 100 plus steps of 50 was made 100 every week and lost the
 * rest every week (mixed L tight 1.0 at 10 s: 394 k of sales lost in 1,263 item-weeks, most of
 * them a few units).
 */
export function endItemsFromRelaxation(planModel: MasterPlanModel, values: Float64Array): Map<string, Float64Array> {
  const { context } = planModel;
  const production = new Map<string, Float64Array>();
  for (const item of context.finished) {
    if (isComponent(context, item.id)) continue;
    const x = planModel.production.get(item.id)!;
    const row = new Float64Array(context.weeks);
    let carried = 0;
    for (let week = context.frozenWeeks; week < context.weeks; week++) {
      if (x[week]! < 0) continue;
      const wanted = values[x[week]!]!;
      if (wanted < EPS) continue;
      row[week] = lotNearest(Math.max(0, wanted + carried), item.lotMin ?? 0, context.lotStep(item));
      carried += wanted - row[week]!;
    }
    production.set(item.id, row);
  }
  return production;
}

function isComponent(context: PlanningContext, id: string): boolean {
  return (context.consumers.get(id)?.length ?? 0) > 0;
}

/**
 * Production and purchases of a whole plan from its end items' production: frozen weeks as the
 * previous plan, end items as given, every component netted below them. `economic` for a plan no
 * solver improves after: components start their slushy weeks from the previous plan and their
 * lots are merged where setups cost more than holding (see `levelledMasterSchedule`), each alone
 * or, by `lotChoice`, a level's together with their work centers' load (loadAwareLots.ts).
 */
export function mrpDecisions(context: PlanningContext, endItems: Map<string, Float64Array>, economic = false, lotChoice: LotChoice = 'alone'): Pick<PlanQuantities, 'production' | 'purchases'> {
  const weeks = context.weeks;
  const production = new Map<string, Float64Array>();
  for (const item of context.produced) {
    const row = new Float64Array(weeks);
    const given = endItems.get(item.id);
    // Components start their slushy weeks from the previous plan, as the end items do (levelledMasterSchedule).
    for (let week = 0; week < weeks; week++) row[week] = context.isFrozen(week) ? context.previous(item.id, week) : economic && !given && context.isSlushy(week) ? previousLot(context, item, week) : (given?.[week] ?? 0);
    production.set(item.id, row);
  }
  const bought = new Map<PurchaseOption, number>();
  const costs = new PlanCosts(context.factory);
  const safetyOf = safetyStockKept(context, economic);
  const lotOrRaw = lotsOrRequirements(context, economic);

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
    const made = ids.filter((id) => context.items.get(id)!.type !== 'purchased');
    for (const id of made) net(id);
    if (economic) {
      // A level's components pick their lots together as the end items do (loadAwareLots), with everything above them loading the work centers.
      if (lotChoice !== 'alone') loadAwareLots(context, new Map(made.map((id) => [id, production.get(id)!])), liquidStart(context), { others: production, ...lotOptions(lotChoice) });
      for (const id of made) mergeLots(context, costs, context.items.get(id)!, production.get(id)!, undefined, lotChoice !== 'alone');
    }
    levelLoads(context, production, ids.map((id) => context.items.get(id)!).filter((item) => item.type !== 'purchased'), false, economic);
  }
  for (const id of context.topDown) if (depth.get(id)! > 0 && context.items.get(id)!.type === 'purchased') net(id);

  function net(id: string): void {
    const item = context.items.get(id)!;
    const lead = context.leadTime(id);
    const row = production.get(id);
    let stock = item.onHand;
    const needs = new Float64Array(weeks);
    for (let week = 0; week < weeks; week++) for (const use of context.consumers.get(id)!) needs[week]! += (production.get(use.parent)?.[week] ?? 0) * use.perUnit;
    const later = laterNeeds(needs);
    for (let week = 0; week < weeks; week++) {
      stock += context.fixedSupply.get(id)?.[week] ?? 0;
      if (row && week - lead >= 0) stock += row[week - lead]!;
      const need = needs[week]!;
      const short = need + safetyOf(item, later[week]!) - stock;
      if (short > EPS) {
        if (row) {
          const makeWeek = week - lead;
          if (makeWeek >= context.frozenWeeks) {
            const qty = lotOrRaw(makeWeek, short, item);
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
      const candidates = context.purchaseOptionsLatestFirst(itemId).filter((option) => option.week <= week);
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

/** The previous plan's production of a slushy week, snapped to the item's lot rules (only the frozen weeks are exempt from them). */
function previousLot(context: PlanningContext, item: Item, week: number): number {
  return lotNearest(context.previous(item.id, week), item.lotMin ?? 0, context.lotStep(item));
}

/** The first week whose lots an economic plan merges: the liquid zone (a slushy week moved off the previous plan costs a change per unit). */
function liquidStart(context: PlanningContext): number {
  return context.frozenWeeks + context.slushyWeeks;
}

/**
 * What MRP makes for a shortfall: a lot, or in an economic plan's liquid zone the shortfall
 * itself, to be merged and then rounded to lots once per merged lot (`mergeLots`). Rounded week by
 * week, the last lot's round-up stayed in stock at the horizon's end (mixed XL: 0.57 M of
 * finished goods, their materials bought for nothing).
 */
function lotsOrRequirements(context: PlanningContext, economic: boolean): (week: number, short: number, item: Item) => number {
  return (week, short, item) => (economic && week >= liquidStart(context) ? short : lotUp(short, item.lotMin ?? 0, context.lotStep(item)));
}

/**
 * An item's requirements in the liquid zone merged into lots where one setup costs more than
 * holding the next weeks' units (Wagner–Whitin; `alreadyMerged` where loadAwareLots picked them),
 * then rounded to its lot rules, each round-up carried into the lots after it.
 */
function mergeLots(context: PlanningContext, costs: PlanCosts, item: Item, row: Float64Array, materialCost?: (id: string) => number, alreadyMerged = false): void {
  if (!alreadyMerged) economicLots(row, liquidStart(context), costs.setupCost(context.routings.get(item.id)), costs.holdingPerWeek(item));
  let carried = 0;
  for (let week = liquidStart(context); week < row.length; week++) {
    if (row[week]! <= EPS) continue;
    const wanted = row[week]! - carried;
    if (wanted <= EPS) {
      carried = -wanted;
      row[week] = 0;
      continue;
    }
    row[week] = lotUp(wanted, item.lotMin ?? 0, context.lotStep(item));
    carried = row[week]! - wanted;
  }
  // What the last lot rounds up stays in stock at the horizon's end, its materials bought for
  // nothing: a step less, where losing the units that step short costs less than those materials
  // (a finished item only: a component short would leave its parents short).
  if (!materialCost || carried <= EPS) return;
  const last = row.findLastIndex((qty) => qty > EPS);
  const step = context.lotStep(item);
  if (last < liquidStart(context) || row[last]! - step < (item.lotMin ?? 0) - EPS) return;
  if ((step - carried) * costs.lostSale(item) < carried * materialCost(item.id)) row[last] = round6(row[last]! - step);
}

/**
 * The safety stock MRP keeps in a week: as much of it as the weeks after still use, and in an
 * `economic` plan (one no solver improves after) none where a unit below it costs no more a week
 * than a unit held. A unit of safety stock left at the horizon's end was made or bought for
 * nothing: the LP keeps safety stock only as long as later weeks can consume it (mixed XL tight
 * 1.0: the levelled plan bought 160.4 M of materials, the LP 158.3 M; a raw material's safety
 * stock there is eight weeks of its use). The solver's first plans kept all of it, and the
 * windows after never bought it back: food M tight 1.0 at 10 s ended with 116 k of materials in
 * stock where the LP ends with none (first plan 2.597 M -> 2.552 M; paint M 4.222 M -> 4.165 M,
 * mixed M 3.515 M -> 3.470 M).
 */
export function safetyStockKept(context: PlanningContext, economic: boolean): (item: Item, laterNeed: number) => number {
  const costs = new PlanCosts(context.factory);
  return (item, laterNeed) => {
    const safety = item.safetyStock ?? 0;
    if (safety <= 0 || (economic && costs.safetyShortfallPerWeek(item) <= costs.holdingPerWeek(item))) return 0;
    return Math.min(safety, laterNeed);
  };
}

/** For each week, what the weeks after it need in all. */
export function laterNeeds(needs: Float64Array): Float64Array {
  const later = new Float64Array(needs.length);
  for (let week = needs.length - 2; week >= 0; week--) later[week] = later[week + 1]! + needs[week + 1]!;
  return later;
}

/**
 * A capacity-levelled master schedule for the end items, without any solver: each item's net
 * requirement (demand and safety stock less stock and supply on its way) made lot for lot in
 * time for its lead time; then, week by week from the last, whatever overloads a work center
 * is built a week earlier (prebuild) while spare capacity exists, and what still overloads the
 * first free weeks is pushed later, as late as the lateness limit allows. What fits nowhere is
 * left out, and becomes backlog or lost sales.
 *
 * `economic`, for the plan that no solver improves after (XL): safety stock kept only while later
 * weeks use it (`safetyStockKept`), the slushy weeks started from what the previous plan made
 * there, and lots merged where a setup costs more than holding the next weeks' units
 * (Wagner–Whitin). Mixed XL tight 1.0: 166.4 M -> 163.5 M, the LP bound 159.9 M. As the
 * solver's only levelled first plan it made 10 s plans dearer (tight 1.0: paint M 4.88 M against
 * 4.41 M, food S 242 k against 207 k): the LP re-places lots under the setups the first plan
 * opened. On L it is one more first plan (solve.ts, ECONOMIC_FIRST_PLAN_COLUMNS). `lotChoice`
 * other than 'alone': the items' lots picked together, for the load they put on their work
 * centers and, with 'load-and-components', the components they share (loadAwareLots.ts).
 */
export function levelledMasterSchedule(context: PlanningContext, economic = false, lotChoice: LotChoice = 'alone', slushyWait = false): Map<string, Float64Array> {
  const weeks = context.weeks;
  const production = new Map<string, Float64Array>();
  const endItems = context.finished.filter((item) => !isComponent(context, item.id));
  const safetyOf = safetyStockKept(context, economic);
  const lotOrRaw = lotsOrRequirements(context, economic);
  const waitsForLiquid = economic && slushyWait ? slushyWaits(context) : undefined;
  for (const item of endItems) {
    // The slushy weeks start from what the previous plan made there: a unit changed costs a change
    // (mixed XL: lot for lot from scratch, 6.2 M units changed in four weeks, 0.6 M; the LP 0.06 M).
    const row = Float64Array.from({ length: weeks }, (_, week) => (economic && context.isSlushy(week) ? previousLot(context, item, week) : 0));
    const lead = context.leadTime(item.id);
    let stock = item.onHand;
    let owed = 0;
    const later = laterNeeds(Float64Array.from({ length: weeks }, (_, week) => context.demandOf(item.id, week)));
    for (let week = 0; week < weeks; week++) {
      stock += context.fixedSupply.get(item.id)?.[week] ?? 0;
      if (week - lead >= 0) stock += week - lead < context.frozenWeeks ? context.previous(item.id, week - lead) : row[week - lead]!;
      owed += context.demandOf(item.id, week);
      const safety = safetyOf(item, later[week]!);
      const makeWeek = week - lead;
      const short = waitsForLiquid?.(item, makeWeek, owed - stock, safety) ?? owed + safety - stock;
      if (short > EPS && makeWeek >= context.frozenWeeks) {
        const qty = lotOrRaw(makeWeek, short, item);
        row[makeWeek]! += qty;
        stock += qty;
      }
      const shipped = Math.min(owed, Math.max(0, stock));
      stock -= shipped;
      owed -= shipped;
    }
    production.set(item.id, row);
  }

  if (economic) {
    const materialCost = unitMaterialCosts(context, 'estimate');
    const costs = new PlanCosts(context.factory);
    if (lotChoice !== 'alone') loadAwareLots(context, production, liquidStart(context), lotOptions(lotChoice));
    for (const item of endItems) mergeLots(context, costs, item, production.get(item.id)!, materialCost, lotChoice !== 'alone');
  }
  levelLoads(context, production, endItems, true, economic);
  // What still overloads after levelling is cut where it gives up least (mixed XL tight 1.2: 172.24 M -> 169.48 M).
  if (economic) cutByValue(context, production);
  return production;
}

/**
 * In an economic plan's slushy weeks, what an end item's shortfall there is worth making: a unit
 * made beyond the previous plan changes the item and every component made for it (change per unit
 * times the units of made components per unit, down the BOM), while a unit left for the first
 * liquid week's lot costs its lateness (demand) or its safety stock shortfall (safety) for the weeks
 * until then. Each part is made only where waiting costs more, or where the demand cannot wait
 * that long. The LP relaxation weighs the same: food XL's LP ran its end items below safety stock
 * (30-95 k units in weeks 3-5) and 18.5 k units late in week 4 rather than change its sauces.
 * Returns `(item, makeWeek, demandShort, safety)` => the quantity to make, or undefined outside
 * the slushy weeks.
 */
function slushyWaits(context: PlanningContext): (item: Item, makeWeek: number, demandShort: number, safety: number) => number | undefined {
  const costs = new PlanCosts(context.factory);
  const change = costs.changePerUnit();
  const madeUnits = new Map<string, number>();
  // Units of made items (the item itself and its made components, down the BOM) per unit of the item.
  const unitsMade = (id: string): number => {
    const known = madeUnits.get(id);
    if (known !== undefined) return known;
    madeUnits.set(id, 1);
    let units = 1;
    for (const line of context.components.get(id) ?? []) {
      if (context.items.get(line.component)?.type === 'purchased') continue;
      units += line.qtyPer * (1 + (line.scrapPct ?? 0) / 100) * unitsMade(line.component);
    }
    madeUnits.set(id, units);
    return units;
  };
  const free = liquidStart(context);
  // What the first liquid week's work centers have left after every end item's demand of that week
  // made there: what waits must fit in it.
  const room = new Map<string, number>();
  for (const resource of context.resources.keys()) room.set(resource, free < context.weeks ? context.capacityLimit(resource, free) : 0);
  for (const item of context.finished) {
    const demand = free < context.weeks ? context.demandOf(item.id, free) : 0;
    if (demand > 0) for (const step of context.routings.get(item.id)?.steps ?? []) room.set(step.resource, (room.get(step.resource) ?? 0) - demand * step.runMinutesPerUnit - step.setupMinutes);
  }
  return (item, makeWeek, demandShort, safety) => {
    if (!context.isSlushy(makeWeek)) return undefined;
    const waiting = free - makeWeek;
    const changing = change * unitsMade(item.id);
    const demandPart = Math.max(0, demandShort);
    const safetyPart = Math.max(0, safety + Math.min(0, demandShort));
    const demandWaits = waiting <= context.maxLatenessWeeks && costs.latenessPerWeek(item) * waiting < changing;
    const safetyWaits = costs.safetyShortfallPerWeek(item) * waiting < changing;
    let waits = (demandWaits ? demandPart : 0) + (safetyWaits ? safetyPart : 0);
    const steps = context.routings.get(item.id)?.steps ?? [];
    for (const step of steps) if (step.runMinutesPerUnit > 0) waits = Math.min(waits, Math.max(0, room.get(step.resource) ?? 0) / step.runMinutesPerUnit);
    for (const step of steps) room.set(step.resource, room.get(step.resource)! - waits * step.runMinutesPerUnit);
    return demandPart + safetyPart - waits;
  };
}

/**
 * Moves the lots of `movable` items out of weeks where a work center is over its capacity plus
 * overtime: a week earlier at a time while spare capacity exists (building ahead), else, where
 * `allowLater`, later within the lateness limit. Load counts every item's production.
 */
function levelLoads(context: PlanningContext, production: Map<string, Float64Array>, movable: Item[], allowLater: boolean, economic = false): void {
  const weeks = context.weeks;
  const costs = new PlanCosts(context.factory);
  // Tools and the labor pool (secondary.ts) are levelled as work centers are, under keys of their own.
  const secondary = context.secondaryByKey;
  const usesByItem = new Map<string, [string, { run: number; setup: number }][]>();
  const usesOf = (item: string) => {
    let uses = usesByItem.get(item);
    if (uses) return uses;
    uses = (context.routings.get(item)?.steps ?? []).map((step) => [step.resource, { run: step.runMinutesPerUnit, setup: step.setupMinutes }]);
    for (const [key, capacity] of secondary) {
      const use = capacity.uses.get(item);
      if (use) uses.push([key, use]);
    }
    usesByItem.set(item, uses);
    return uses;
  };
  const stepsOn = new Map<string, { item: string; run: number; setup: number }[]>();
  for (const item of movable) for (const [key, use] of usesOf(item.id)) stepsOn.set(key, [...(stepsOn.get(key) ?? []), { item: item.id, run: use.run, setup: use.setup }]);
  const loadOf = (item: string, qty: number) => {
    const loads = new Map<string, number>();
    if (qty <= 0) return loads;
    for (const [key, use] of usesOf(item)) loads.set(key, (loads.get(key) ?? 0) + qty * use.run + use.setup);
    return loads;
  };
  const load = new Map<string, Float64Array>([...context.availableMinutes.keys(), ...secondary.keys()].map((resource) => [resource, new Float64Array(weeks)]));
  for (const [item, row] of production) for (let week = 0; week < weeks; week++) for (const [resource, minutes] of loadOf(item, row[week]!)) load.get(resource)![week]! += minutes;
  const runOf = (item: string, resource: string) => usesOf(item).filter(([key]) => key === resource).reduce((sum, [, use]) => sum + use.run, 0);
  const limit = (resource: string, week: number) => {
    const capacity = secondary.get(resource);
    return capacity ? context.secondaryLimit(capacity, week) : context.capacityLimit(resource, week);
  };
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
  // Economic: a lot that fits a week earlier whole is built ahead whole only where that costs less
  // than building ahead the least part that brings its week within the limit (in whole lot steps):
  // holding, slushy changes, and the setup the part adds or the whole lot saves. XL tight 1.0
  // (`npm run bench -- xl --bound off`): food -4 k, paint -5 k, mixed unchanged; mixed XL tight 1.2
  // (`--kinds mixed --tight 1.2`), where levelling moves most: 169.48 M -> 169.01 M (lost sales
  // 4.97 M -> 4.52 M).
  const change = costs.changePerUnit();
  const moveCost = (item: Item, from: number, to: number, qty: number, newSetup: boolean) =>
    qty * (costs.holdingPerWeek(item) * (from - to) + (context.isSlushy(to) ? change : 0) + (context.isSlushy(from) ? change : 0)) + (newSetup ? costs.setupCost(context.routings.get(item.id)) : 0);
  const partOver = (item: Item, week: number, resource: string) => {
    const row = production.get(item.id)!;
    const run = runOf(item.id, resource);
    if (run <= 0) return 0;
    const step = context.lotStep(item);
    const part = Math.ceil((load.get(resource)![week]! - limit(resource, week)) / run / step - 1e-9) * step;
    const left = row[week]! - part;
    return part > 0 && left > 0 && left >= (item.lotMin ?? 0) && part >= (item.lotMin ?? 0) ? part : 0;
  };
  // The latest week before `week` (not frozen) where `qty` more of the item fits, or -1.
  const latestEarlierFitting = (item: string, qty: number, week: number) => {
    for (let earlier = week - 1; earlier >= context.frozenWeeks; earlier--) if (fits(item, qty, earlier, production.get(item)![earlier]!)) return earlier;
    return -1;
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
        let target = latestEarlierFitting(item.id, row[week]!, week);
        if (economic && target >= 0) {
          const part = partOver(item, week, resource);
          if (part > 0) {
            const partTarget = latestEarlierFitting(item.id, part, week);
            if (partTarget >= 0 && moveCost(item, week, partTarget, part, row[partTarget]! === 0) < moveCost(item, week, target, row[week]!, false) - (row[target]! > 0 ? costs.setupCost(context.routings.get(item.id)) : 0)) {
              move(item.id, week, partTarget, part);
              continue;
            }
          }
        }
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
