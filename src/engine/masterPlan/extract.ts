/**
 * From solver values to a plan that holds exactly. Quantities are rounded to the lot rules
 * (production down, purchases up, never past a supplier's capacity), then repaired: a work
 * center over its capacity plus overtime has its lots cut back, and an item short of stock has
 * the parents consuming it cut back, until both hold. Production only ever decreases, so the
 * repair always ends; inventories are then simulated in the same arithmetic the plan is checked
 * with, and deliveries take what is really there, with backlog and lost sales following.
 * The same repair turns an LP relaxation into a first feasible plan.
 */
import type { PlanningContext, PurchaseOption } from './context';
import type { MasterPlanModel } from './model';
import { PlanCosts } from './costs';
import { EPS, lotDown, lotUp, orderUp, round6 } from './lots';
import { capacityLoad } from './reasons';
import { secondaryLoad, type SecondaryCapacity } from './secondary';

export interface PlanQuantities {
  /** production[item][week] */
  production: Map<string, Float64Array>;
  purchases: { option: PurchaseOption; qty: number }[];
  delivered: Map<string, Float64Array>;
  backlog: Map<string, Float64Array>;
  lost: Map<string, Float64Array>;
  /** End-of-week inventory of every item. */
  inventory: Map<string, Float64Array>;
}

/** Production and purchases read from solver values (LP or MIP) and rounded to the lot rules: production down (see fillToCapacity), purchases up. */
export function roundedDecisions(planModel: MasterPlanModel, values: Float64Array): Pick<PlanQuantities, 'production' | 'purchases'> {
  const { context } = planModel;
  const production = new Map<string, Float64Array>();
  for (const item of context.produced) {
    const x = planModel.production.get(item.id)!;
    const row = new Float64Array(context.weeks);
    for (let week = 0; week < context.weeks; week++) {
      if (x[week]! < 0) continue;
      const made = values[x[week]!]!;
      if (context.isFrozen(week)) {
        const previous = context.previous(item.id, week);
        row[week] = Math.abs(made - previous) < EPS ? previous : Math.max(0, Math.floor(made * 1e6) / 1e6);
      }
      // Down to the lot step (the solver's lots are already multiples; a continuous quantity to a
      // whole unit or a thousandth); fillToCapacity then rounds up what every work center still
      // has room for. Rounding continuous quantities up had pushed full work centers over, and the
      // repair then cut every lot there (metal M tight 1.2: a solver plan of 1.34 M came out at
      // 1.41 M; 1.345 M rounded down and filled).
      else row[week] = lotDown(made, item.lotMin ?? 0, context.lotStep(item));
    }
    production.set(item.id, row);
  }
  const purchases = planModel.purchases
    .map(({ option, qty }) => ({ option, qty: orderUp(values[qty]!, option) }))
    .filter((purchase) => purchase.qty > 0);
  return { production, purchases };
}

/**
 * Which setups to open by each item's economic interval: every T weeks, T = √(2 × setup cost /
 * (holding × the LP's average weekly production)), at most MAX_SETUP_INTERVAL, first in the week
 * of the first T where the setup minutes already opened on the item's work centers are fewest
 * (then where the LP makes most), so that items' setups fall in different weeks.
 * The LP relaxation charges a setup's minutes by the fraction it opens, so it sees room that
 * setups take: opened where it makes real lots, the metal L plant's coating line (two 60-minute
 * setups a product, 90 products) had 180 of its 204 weekly hours in setups, and the LP under
 * those setups lost 35.8 % of demand; under these, 4.7 % (LP bound: 0.2 %).
 */
export function staggeredSetups(planModel: MasterPlanModel, values: Float64Array): [number, number, number][] {
  const fixes: [number, number, number][] = [];
  const { context } = planModel;
  const costs = new PlanCosts(context.factory);
  const first = context.frozenWeeks;
  const span = context.weeks - first;
  const opened = new Map<string, Float64Array>();
  const plans = context.produced.map((item) => {
    const x = planModel.production.get(item.id)!;
    const made = Array.from({ length: span }, (_, index) => (x[first + index]! >= 0 ? values[x[first + index]!]! : 0));
    const average = made.reduce((sum, qty) => sum + qty, 0) / Math.max(1, span);
    const setup = costs.setupCost(context.routings.get(item.id));
    const interval = average > EPS ? Math.max(1, Math.min(MAX_SETUP_INTERVAL, Math.round(Math.sqrt((2 * setup) / (Math.max(1e-9, costs.holdingPerWeek(item)) * average))))) : 0;
    return { item, made, interval, setup };
  });
  // The dearest setups are placed first: they have the most to balance.
  for (const { item, made, interval } of [...plans].sort((a, b) => b.setup - a.setup)) {
    const steps = (context.routings.get(item.id)?.steps ?? []).filter((step) => step.setupMinutes > 0);
    const weeksOf = (phase: number) => Array.from({ length: Math.ceil((span - phase) / interval) }, (_, k) => phase + k * interval);
    let phase = 0;
    let least = Infinity;
    for (let candidate = 0; candidate < Math.min(interval, span); candidate++) {
      let load = 0;
      for (const index of weeksOf(candidate)) for (const step of steps) load += opened.get(step.resource)?.[index] ?? 0;
      if (load < least - 1e-9 || (Math.abs(load - least) <= 1e-9 && made[candidate]! > made[phase]!)) [least, phase] = [load, candidate];
    }
    const open = new Uint8Array(span);
    // A setup is opened where its minutes leave most of each work center's week to run lots:
    // setups fixed open take their minutes whether the LP makes anything there or not, and a week
    // whose setups alone overran it made the LP infeasible (16 goods due in the first week).
    const opens = (index: number) => {
      if (!steps.every((step) => (opened.get(step.resource)?.[index] ?? 0) + step.setupMinutes <= SETUP_SHARE * context.capacityLimit(step.resource, first + index))) return false;
      open[index] = 1;
      for (const step of steps) {
        let row = opened.get(step.resource);
        if (!row) opened.set(step.resource, (row = new Float64Array(span)));
        row[index]! += step.setupMinutes;
      }
      return true;
    };
    if (interval > 0) {
      // Before the first, one lot in the first week where the LP makes something before it: what is due then cannot wait for the phase.
      for (let index = 0; index < phase; index++) if (made[index]! > EPS && opens(index)) break;
      for (const index of weeksOf(phase)) opens(index);
    }
    const y = planModel.setup.get(item.id)!;
    for (let index = 0; index < span; index++) if (y[first + index]! >= 0) fixes.push([y[first + index]!, open[index]!, open[index]!]);
  }
  return fixes;
}

/**
 * Whether a setup for every produced item every week would take most of some work center's
 * average week: where staggered setups are worth a first plan. The demo plants: metal L's coating
 * 88 %, metal M's 53 %, metal S's 29 %, food, paint and mixed 4-25 %. At metal M the staggered
 * plan's fewer, larger lots came out cheaper and led, and 16 of 192 lots ran late in the released
 * weeks, where the plan without it had none late (383 lots).
 */
export function setupsCrowd(context: PlanningContext): boolean {
  const minutes = new Map<string, number>();
  for (const item of context.produced) for (const step of context.routings.get(item.id)?.steps ?? []) minutes.set(step.resource, (minutes.get(step.resource) ?? 0) + step.setupMinutes);
  for (const [resource, setup] of minutes) {
    const week = (context.availableMinutes.get(resource)?.reduce((sum, available) => sum + available, 0) ?? 0) / Math.max(1, context.weeks);
    if (setup >= SETUPS_CROWD_SHARE * week) return true;
  }
  return false;
}

/** See setupsCrowd. */
const SETUPS_CROWD_SHARE = 0.6;

/** The share of a work center's week that setups fixed open may take. */
const SETUP_SHARE = 0.5;

/** The longest economic interval between setups, in weeks: longer ones built stock too far ahead (metal L: 1.85 M at 6 weeks, 1.93 M at 13, 2.11 M at 3). */
const MAX_SETUP_INTERVAL = 6;

/**
 * Which setups to open, read from an LP relaxation: a week whose LP production is a meaningful
 * lot (at least half the lot minimum and a third of the item's typical LP lot). The big-M LP
 * spreads production thinly over every week; opening a setup for each thin slice would flood
 * capacity with setup time, so thin slices are closed and their quantity moves to open weeks.
 */
export function setupsFromRelaxation(planModel: MasterPlanModel, values: Float64Array): [number, number, number][] {
  const fixes: [number, number, number][] = [];
  const { context } = planModel;
  for (const item of context.produced) {
    const x = planModel.production.get(item.id)!;
    const y = planModel.setup.get(item.id)!;
    const lots: number[] = [];
    for (let week = context.frozenWeeks; week < context.weeks; week++) if (x[week]! >= 0 && values[x[week]!]! > EPS) lots.push(values[x[week]!]!);
    const typical = lots.length > 0 ? lots.reduce((sum, qty) => sum + qty, 0) / lots.length : 0;
    const threshold = Math.max(EPS, 0.5 * (item.lotMin ?? 0), typical / 3);
    for (let week = context.frozenWeeks; week < context.weeks; week++) {
      if (y[week]! < 0) continue;
      const open = x[week]! >= 0 && values[x[week]!]! >= threshold ? 1 : 0;
      fixes.push([y[week]!, open, open]);
    }
  }
  return fixes;
}

/** Column values for every integer decision of a plan: setups, lot counts, orders, order lots. */
export function integerFixes(planModel: MasterPlanModel, decisions: Pick<PlanQuantities, 'production' | 'purchases'>): [number, number, number][] {
  const fixes = lotFixes(planModel, decisions.production, planModel.context.weeks);
  const bought = new Map(decisions.purchases.map((purchase) => [purchase.option, purchase.qty]));
  for (const columns of planModel.purchases) {
    const qty = bought.get(columns.option) ?? 0;
    if (columns.order !== undefined) fixes.push([columns.order, qty > 0 ? 1 : 0, qty > 0 ? 1 : 0]);
    if (columns.lots !== undefined && columns.option.orderMultiple) {
      const lots = Math.round(qty / columns.option.orderMultiple);
      fixes.push([columns.lots, lots, lots]);
    }
  }
  return fixes;
}

/** Column values for the setups and lot counts of the production before `toWeek`. */
export function lotFixes(planModel: MasterPlanModel, production: PlanQuantities['production'], toWeek: number): [number, number, number][] {
  const fixes: [number, number, number][] = [];
  for (const item of planModel.context.produced) {
    const row = production.get(item.id)!;
    const y = planModel.setup.get(item.id)!;
    const k = planModel.lotCount.get(item.id)!;
    for (let week = 0; week < Math.min(toWeek, planModel.context.weeks); week++) {
      if (y[week]! >= 0) fixes.push([y[week]!, row[week]! > 0 ? 1 : 0, row[week]! > 0 ? 1 : 0]);
      if (k[week]! >= 0 && item.lotMultiple) {
        const lots = Math.round(row[week]! / item.lotMultiple);
        fixes.push([k[week]!, lots, lots]);
      }
    }
  }
  return fixes;
}

/**
 * Bounds that hold the slushy zone at the previous plan: each produced item-week there made as
 * the previous plan made it, with its setup and lot count, wherever the model allows that
 * quantity (it fits the week's bound, is a whole number of lots and at least the lot minimum).
 * Empty without a previous plan in the slushy weeks. Only the weeks the context may hold
 * (`heldSlushyWeeks`: where the previous plan is still one the shop floor can keep).
 */
export function heldSlushyFixes(planModel: MasterPlanModel): [number, number, number][] {
  const { context, model } = planModel;
  const fixes: [number, number, number][] = [];
  for (const item of context.produced) {
    const x = planModel.production.get(item.id)!;
    const y = planModel.setup.get(item.id)!;
    const k = planModel.lotCount.get(item.id)!;
    for (let week = context.frozenWeeks; week < context.frozenWeeks + context.heldSlushyWeeks; week++) {
      const previous = context.previous(item.id, week);
      if (x[week]! < 0) continue;
      if (previous > model.colUpper[x[week]!]! + 1e-9) continue;
      if (previous > 0 && previous < (item.lotMin ?? 0) - 1e-9) continue;
      const lots = item.lotMultiple ? previous / item.lotMultiple : 0;
      if (k[week]! >= 0 && Math.abs(lots - Math.round(lots)) > 1e-6) continue;
      fixes.push([x[week]!, previous, previous]);
      if (y[week]! >= 0) fixes.push([y[week]!, previous > 0 ? 1 : 0, previous > 0 ? 1 : 0]);
      if (k[week]! >= 0) fixes.push([k[week]!, Math.round(lots), Math.round(lots)]);
    }
  }
  return fixes;
}

interface Wishes {
  delivered?: Map<string, Float64Array>;
  lost?: Map<string, Float64Array>;
}

/** Deliveries and lost sales the solver chose; without them, deliver all that stock allows. */
export function wishesFrom(planModel: MasterPlanModel, values: Float64Array): Wishes {
  const delivered = new Map<string, Float64Array>();
  const lost = new Map<string, Float64Array>();
  for (const item of planModel.context.finished) {
    const d = planModel.delivered.get(item.id)!;
    const l = planModel.lost.get(item.id)!;
    delivered.set(item.id, Float64Array.from({ length: planModel.context.weeks }, (_, week) => (d[week]! >= 0 ? Math.max(0, round6(values[d[week]!]!)) : 0)));
    lost.set(item.id, Float64Array.from({ length: planModel.context.weeks }, (_, week) => (l[week]! >= 0 ? Math.max(0, round6(values[l[week]!]!)) : 0)));
  }
  return { delivered, lost };
}

/**
 * Lots rounded down from an LP, rounded up again where every work center of the routing still has
 * room that week: the largest fractions first. Rounding every lot down threw away half a lot per
 * item and week and left the bottleneck idle while sales were lost (mixed M tight 1.2: filling
 * at 80 % in 15 of 26 weeks, objective 5.83 M against an LP of 4.58 M with the same setups; 4.73 M
 * filled). Only from `fromWeek` on. Returns how many lots went up.
 */
export function fillToCapacity(planModel: MasterPlanModel, decisions: Pick<PlanQuantities, 'production'>, values: Float64Array, fromWeek = planModel.context.frozenWeeks): number {
  const { context } = planModel;
  const load = capacityLoad(context, decisions.production);
  const secondary = context.secondary.map((capacity) => ({ capacity, load: secondaryLoad(capacity, decisions.production, context.weeks) }));
  const candidates: { item: string; week: number; up: number; fraction: number }[] = [];
  for (const item of context.produced) {
    const x = planModel.production.get(item.id)!;
    const row = decisions.production.get(item.id)!;
    for (let week = Math.max(fromWeek, context.frozenWeeks); week < context.weeks; week++) {
      if (x[week]! < 0 || values[x[week]!]! <= row[week]! + EPS) continue;
      const up = lotUp(values[x[week]!]! - EPS, item.lotMin ?? 0, context.lotStep(item));
      if (up > row[week]! + EPS) candidates.push({ item: item.id, week, up, fraction: (values[x[week]!]! - row[week]!) / (up - row[week]!) });
    }
  }
  candidates.sort((a, b) => b.fraction - a.fraction);
  let filled = 0;
  for (const { item, week, up } of candidates) {
    const row = decisions.production.get(item)!;
    const steps = context.routings.get(item)?.steps ?? [];
    const extra = (step: (typeof steps)[number]) => (up - row[week]!) * step.runMinutesPerUnit + (row[week]! > 0 ? 0 : step.setupMinutes);
    if (!steps.every((step) => load.get(step.resource)!.load[week]! + extra(step) <= context.capacityLimit(step.resource, week) + 1e-7)) continue;
    const held = secondary.filter(({ capacity }) => capacity.uses.has(item));
    const extraHeld = (capacity: SecondaryCapacity) => (up - row[week]!) * capacity.uses.get(item)!.run + (row[week]! > 0 ? 0 : capacity.uses.get(item)!.setup);
    if (!held.every(({ capacity, load: used }) => used[week]! + extraHeld(capacity) <= context.secondaryLimit(capacity, week) + 1e-7)) continue;
    for (const { capacity, load: used } of held) used[week]! += extraHeld(capacity);
    for (const step of steps) load.get(step.resource)!.load[week]! += extra(step);
    row[week] = up;
    filled++;
  }
  return filled;
}

/** Cuts production back until every work center, tool and the labor pool fit their capacity in every week. */
function repairCapacity(context: PlanningContext, production: Map<string, Float64Array>, capacities: readonly Capacity[]): boolean {
  let changed = false;
  // Work centers first, then tools and the labor pool. Production only goes down: what fits stays fitting.
  for (const { users, limit } of capacities) if (cutToFit(context, production, users, limit)) changed = true;
  return changed;
}

/** A work center, tool or the labor pool: the items whose making holds it, and what it holds per week. */
export interface Capacity {
  users: CapacityUser[];
  limit: (week: number) => number;
}

export function capacitiesOf(context: PlanningContext): Capacity[] {
  const capacities: Capacity[] = [];
  for (const resourceId of context.availableMinutes.keys()) {
    const users: CapacityUser[] = [];
    for (const item of context.produced) {
      const steps = context.routings.get(item.id)?.steps.filter((step) => step.resource === resourceId) ?? [];
      if (steps.length > 0) users.push({ item: item.id, run: steps.reduce((sum, step) => sum + step.runMinutesPerUnit, 0), setup: steps.reduce((sum, step) => sum + step.setupMinutes, 0) });
    }
    capacities.push({ users, limit: (week) => context.capacityLimit(resourceId, week) });
  }
  for (const capacity of context.secondary) {
    capacities.push({ users: [...capacity.uses].map(([item, use]) => ({ item, run: use.run, setup: use.setup })), limit: (week) => context.secondaryLimit(capacity, week) });
  }
  return capacities;
}

/** What a capacity's users hold in a week. */
export function loadIn(users: readonly CapacityUser[], production: Map<string, Float64Array>, week: number): number {
  let load = 0;
  for (const user of users) {
    const qty = production.get(user.item)![week]!;
    if (qty > 0) load += qty * user.run + user.setup;
  }
  return load;
}

export interface CapacityUser {
  item: string;
  /** Minutes per unit made, and per lot. */
  run: number;
  setup: number;
}

/**
 * One capacity's lots cut back, in every week outside the frozen ones, until their load fits the
 * limit: each time the one cut that covers what is left of the excess with the least to spare (a
 * lot a few steps smaller, or dropped), else the largest cut there is. Every lot cut in proportion
 * and rounded down to its step cut up to eight times the excess (mixed S, a filling format tool
 * 115 minutes over: 948 minutes cut), and sales were lost for it.
 */
function cutToFit(context: PlanningContext, production: Map<string, Float64Array>, users: readonly CapacityUser[], limit: (week: number) => number): boolean {
  let changed = false;
  if (users.length === 0) return changed;
  for (let week = context.frozenWeeks; week < context.weeks; week++) {
    for (let attempt = 0; attempt <= users.length; attempt++) {
      const load = loadIn(users, production, week);
      const excess = load - limit(week);
      if (excess <= 1e-7 * Math.max(1, load)) break;
      changed = true;
      let covering: { item: string; qty: number; saved: number } | undefined;
      let largest: { item: string; qty: number; saved: number } | undefined;
      for (const user of users) {
        const qty = production.get(user.item)![week]!;
        if (qty <= 0) continue;
        const item = context.items.get(user.item)!;
        const step = context.lotStep(item);
        const down = user.run > 0 ? lotDown(qty - Math.ceil(excess / (user.run * step) - 1e-9) * step, item.lotMin ?? 0, step) : 0;
        const cut = { item: user.item, qty: down, saved: down > 0 ? (qty - down) * user.run : qty * user.run + user.setup };
        if (cut.saved >= excess - 1e-9) {
          if (!covering || cut.saved < covering.saved) covering = cut;
        } else if (!largest || cut.saved > largest.saved) largest = cut;
      }
      const chosen = covering ?? largest;
      if (!chosen) break;
      production.get(chosen.item)![week] = chosen.qty;
    }
  }
  return changed;
}

interface Shortage {
  item: string;
  week: number;
  missing: number;
}

/**
 * Repairs rounded decisions into a feasible plan and simulates its inventories; then trims what no
 * week uses. `keepUnusedLots`: lots are only ever cut to fit (materials, capacity), never because
 * no week uses what they make: for a check of whether a given plan's weeks can be kept as they are.
 */
export function repairPlan(context: PlanningContext, decisions: Pick<PlanQuantities, 'production' | 'purchases'>, wishes: Wishes = {}, { keepUnusedLots = false } = {}): PlanQuantities {
  const { production } = decisions;
  // Copied: a purchase raised here must not change the plan the decisions came from.
  const purchases = decisions.purchases.map((purchase) => ({ ...purchase }));
  const byOption = new Map(purchases.map((purchase) => [purchase.option, purchase]));
  const capacities = capacitiesOf(context);
  repairCapacity(context, production, capacities);
  // Lots raised by a step, each at most once: one whose own components then ran short is cut, not raised again.
  const raised = new Set<string>();
  for (let pass = 0; ; pass++) {
    const simulated = simulate(context, production, purchases, wishes);
    if (simulated.shortages.length === 0) {
      // Nothing made or bought that no week uses: trim what stays in stock beyond safety stock to the end.
      const inventory = keepUnusedLots ? simulated.result.inventory : trimUnusedProduction(context, production, simulated.result.inventory);
      const trimmed = trimUnusedPurchases(context, purchases, inventory);
      return { production, purchases: trimmed, ...(trimmed === purchases && inventory === simulated.result.inventory ? simulated.result : simulate(context, production, trimmed, wishes).result) };
    }
    if (pass > 2000) throw new Error(`plan repair did not converge: ${simulated.shortages[0]!.item} short in week ${simulated.shortages[0]!.week}`);
    // An item's first short week only: later ones may just carry its shortfall, and re-simulating tells.
    const firstShortage = new Map<string, Shortage>();
    for (const shortage of simulated.shortages) if (!firstShortage.has(shortage.item)) firstShortage.set(shortage.item, shortage);
    for (const { item, week, missing } of firstShortage.values()) {
      if (raisedByAStep(context, production, capacities, item, week, missing, raised) || boughtMore(context, purchases, byOption, item, week, missing)) continue;
      const uses = (context.consumers.get(item) ?? []).filter((use) => (production.get(use.parent)?.[week] ?? 0) > 0);
      const consumption = uses.reduce((sum, use) => sum + production.get(use.parent)![week]! * use.perUnit, 0);
      // The week's consumers share the shortfall in proportion to what they take: each cut by all of it would cut several times too much.
      const share = consumption > 0 ? Math.min(1, missing / consumption) : 0;
      for (const use of uses) {
        const row = production.get(use.parent)!;
        const parent = context.items.get(use.parent)!;
        const cut = Math.min(row[week]!, row[week]! * share + EPS);
        if (context.isFrozen(week)) row[week] = Math.max(0, Math.floor((row[week]! - cut) * 1e6) / 1e6);
        else {
          // lotDown forgives a millionth of a step, so a cut that small would keep the lot: take a whole step.
          const step = context.lotStep(parent);
          const lot = lotDown(row[week]! - cut, parent.lotMin ?? 0, step);
          row[week] = lot < row[week]! ? lot : lotDown(row[week]! - Math.max(cut, step), parent.lotMin ?? 0, step);
        }
      }
    }
  }
}

/**
 * A produced item short by less than one of its steps (a component rounded down to whole pieces
 * while its parents, with scrap, need 59.16 of it) has the lot that arrives last by then raised
 * by a step, where every work center, tool and the labor pool of its routing still has room that
 * week: cutting the parents instead loses a whole finished unit for a fraction of a component
 * (metal M seed 2 tight 1.2: 291 lots cut by one, the final plan 1.8 % dearer than the solver's).
 */
function raisedByAStep(context: PlanningContext, production: Map<string, Float64Array>, capacities: readonly Capacity[], itemId: string, week: number, missing: number, raised: Set<string>): boolean {
  const item = context.items.get(itemId)!;
  const row = production.get(itemId);
  const step = context.lotStep(item);
  if (!row || missing > step + EPS) return false;
  let lotWeek = week - context.leadTime(itemId);
  while (lotWeek >= context.frozenWeeks && !(row[lotWeek]! > 0)) lotWeek--;
  if (lotWeek < context.frozenWeeks || raised.has(`${itemId}@${lotWeek}`)) return false;
  for (const { users, limit } of capacities) {
    const use = users.find((user) => user.item === itemId);
    if (use && loadIn(users, production, lotWeek) + use.run * step > limit(lotWeek) + 1e-7) return false;
  }
  row[lotWeek] = lotUp(row[lotWeek]! + step - EPS, item.lotMin ?? 0, step);
  raised.add(`${itemId}@${lotWeek}`);
  return true;
}

/**
 * A purchased item short in a week has more bought, on the order arriving last by then that its
 * supplier can still fill (its capacity, minimum and multiple kept; the cheaper first): a plan's
 * parents were cut for want of a fraction of a kilogram that rounding and filling lots up had
 * used (metal M seed 1 tight 1.0: 326 lots cut, the final plan 3.1 % dearer than the solver's).
 */
function boughtMore(context: PlanningContext, purchases: PlanQuantities['purchases'], byOption: Map<PurchaseOption, PlanQuantities['purchases'][number]>, itemId: string, week: number, missing: number): boolean {
  if (context.items.get(itemId)?.type !== 'purchased') return false;
  for (const option of context.purchaseOptionsLatestFirst(itemId)) {
    if (option.week > week) continue;
    const existing = byOption.get(option);
    const current = existing?.qty ?? 0;
    // At least a step more (a millionth short is below what orderUp counts); all that is missing, or none.
    const qty = orderUp(current + Math.max(missing, 2 * EPS), option);
    if (qty < current + missing - 1e-9 || qty <= current + EPS) continue;
    if (existing) existing.qty = qty;
    else {
      const purchase = { option, qty };
      purchases.push(purchase);
      byOption.set(option, purchase);
    }
    return true;
  }
  return false;
}

/**
 * Lots whose output no week uses: each produced item's lots, the last first, cut (to a smaller lot
 * or to none) by what stays in stock beyond safety stock from the week they arrive to the horizon's
 * end, parents before their components (`topDown`), whose stock each cut raises from the parent's week. No
 * week delivers or consumes less. Lots the LP made fractional and were then rounded up to their
 * minimum every week kept growing stock (food M tight 1.0: a 68-a-week item made 100 a week to the
 * end, 357 in stock; 31 k of materials left at the horizon's end, 1.2 % of the plan). Returns the
 * stock after the cuts, by the same arithmetic (the caller simulates the plan again once), or the
 * given one where nothing was cut. Simulated again after each BOM level instead, the demo plan and
 * generator tests took 175 s against 138 s without the trim.
 */
export function trimUnusedProduction(context: PlanningContext, production: Map<string, Float64Array>, inventory: Map<string, Float64Array>): Map<string, Float64Array> {
  const weeks = context.weeks;
  let stocks: Map<string, Float64Array> | undefined;
  const stockOf = (item: string) => {
    stocks ??= new Map([...inventory].map(([id, row]) => [id, Float64Array.from(row)]));
    return stocks.get(item);
  };
  // Parents first: an item's stock is final once every lot that uses it has been cut.
  for (const id of context.topDown) {
    const row = production.get(id);
    const original = inventory.get(id);
    if (!row || !original) continue;
    const item = context.items.get(id)!;
    const lead = context.leadTime(id);
    for (let week = weeks - 1; week >= context.frozenWeeks; week--) {
      const qty = row[week]!;
      if (qty <= EPS) continue;
      const spare = unusedFrom(stocks?.get(id) ?? original, week + lead, item.safetyStock ?? 0);
      if (!(spare > EPS)) continue;
      const wanted = qty - spare;
      const kept = wanted <= EPS ? 0 : lotUp(wanted, item.lotMin ?? 0, context.lotStep(item));
      if (kept >= qty - EPS) continue;
      const cut = qty - kept;
      row[week] = kept;
      const own = stockOf(id)!;
      for (let at = week + lead; at < weeks; at++) own[at]! -= cut;
      for (const line of context.components.get(id) ?? []) {
        const component = stockOf(line.component);
        if (component) for (let at = week; at < weeks; at++) component[at]! += cut * line.qtyPer * (1 + (line.scrapPct ?? 0) / 100);
      }
    }
  }
  return stocks ?? inventory;
}

/** What an item's stock holds beyond safety stock in every week from `from` to the horizon's end: what no week after needs. */
function unusedFrom(stock: Float64Array, from: number, safety: number): number {
  let spare = Infinity;
  for (let week = from; week < stock.length; week++) spare = Math.min(spare, stock[week]! - Math.min(safety, Math.max(0, stock[week]!)));
  return spare;
}

/**
 * Purchases cut back, the latest first, by what their item never needs: the smallest stock
 * beyond safety stock from their arrival to the horizon's end (an arrival can give up no more
 * without leaving a later week short). What is left is rounded up to the supplier's minimum and
 * multiple, so lot rules stay; a purchase that nothing needs goes. Seen: fastener kits bought to
 * 15,000 that no week consumed.
 */
export function trimUnusedPurchases(context: PlanningContext, purchases: PlanQuantities['purchases'], inventory: Map<string, Float64Array>): PlanQuantities['purchases'] {
  const weeks = context.weeks;
  const stock = new Map<string, Float64Array>();
  let changed = false;
  const order = purchases.map((purchase, index) => ({ purchase, index })).sort((a, b) => b.purchase.option.week - a.purchase.option.week || b.index - a.index);
  const kept = purchases.map((purchase) => ({ ...purchase }));
  for (const { index } of order) {
    const purchase = kept[index]!;
    const item = purchase.option.item;
    let level = stock.get(item);
    if (!level) stock.set(item, (level = Float64Array.from(inventory.get(item) ?? new Float64Array(weeks))));
    const spare = unusedFrom(level, purchase.option.week, context.items.get(item)?.safetyStock ?? 0);
    if (!(spare > EPS)) continue;
    const wanted = Math.max(0, purchase.qty - spare);
    const qty = wanted <= EPS ? 0 : orderUp(wanted, purchase.option);
    if (qty >= purchase.qty - EPS || qty > purchase.qty) continue;
    const freed = purchase.qty - qty;
    for (let week = purchase.option.week; week < weeks; week++) level[week]! -= freed;
    purchase.qty = qty;
    changed = true;
  }
  return changed ? kept.filter((purchase) => purchase.qty > EPS) : purchases;
}

/**
 * Backlog that no later week ever delivers, counted lost in the week it falls short instead of
 * carried until the lateness limit drops it: the same deliveries, the same units lost in all (the
 * objective prices what is owed at the horizon's end as lost), without the weeks of lateness of
 * units never shipped. Where a plant is short for good, each short week's shortfall sat as backlog
 * up to the limit's weeks of demand, late every week, before being lost (mixed XL tight 1.2: 173.78 M
 * -> 172.67 M, 2.5 M of lateness before). With U(t) what weeks 0..t left undelivered, the units
 * lost by week w are at most U(t) for every t >= w (a unit lost is never delivered), and as many as
 * that leaves the least backlog. The horizon's last week stays owed at most what it fell short of
 * its own demand (that can ship just after the horizon). Only weeks that had backlog lose more, so
 * no unit is lost while stock is on hand. In place.
 */
function loseWhatIsNeverDelivered(d: Float64Array, b: Float64Array, l: Float64Array, lastDemand: number): void {
  const weeks = d.length;
  if (weeks < 2 || !b.some((owed, week) => week < weeks - 1 && owed > EPS)) return;
  // U(t) = backlog(t) + lost by t; the least of it from each week to the end.
  const lostBy = new Float64Array(weeks);
  let sum = 0;
  for (let week = 0; week < weeks; week++) lostBy[week] = sum += l[week]!;
  const least = new Float64Array(weeks);
  least[weeks - 1] = lostBy[weeks - 1]! + b[weeks - 1]! - Math.min(b[weeks - 1]!, Math.max(0, lastDemand - d[weeks - 1]!));
  for (let week = weeks - 2; week >= 0; week--) least[week] = Math.min(least[week + 1]!, b[week]! + lostBy[week]!);
  let before = 0;
  for (let week = 0; week < weeks; week++) {
    const lostNow = Math.max(lostBy[week]!, least[week]!);
    const extra = lostNow - lostBy[week]!;
    l[week] = round6(lostNow - before);
    b[week] = round6(Math.max(0, b[week]! - extra));
    before = lostNow;
  }
}

function simulate(
  context: PlanningContext,
  production: Map<string, Float64Array>,
  purchases: PlanQuantities['purchases'],
  wishes: Wishes,
): { shortages: Shortage[]; result: Omit<PlanQuantities, 'production' | 'purchases'> } {
  const weeks = context.weeks;
  const bought = new Map<string, Float64Array>();
  for (const purchase of purchases) {
    let row = bought.get(purchase.option.item);
    if (!row) bought.set(purchase.option.item, (row = new Float64Array(weeks)));
    row[purchase.option.week]! += purchase.qty;
  }
  const inventory = new Map<string, Float64Array>();
  const delivered = new Map<string, Float64Array>();
  const backlog = new Map<string, Float64Array>();
  const lost = new Map<string, Float64Array>();
  const shortages: Shortage[] = [];
  for (const item of context.factory.items) {
    const stock = new Float64Array(weeks);
    const lead = context.leadTime(item.id);
    const made = production.get(item.id);
    const isFinished = item.type === 'finished';
    const d = new Float64Array(weeks);
    const b = new Float64Array(weeks);
    const l = new Float64Array(weeks);
    const wantDelivered = wishes.delivered?.get(item.id);
    const wantLost = wishes.lost?.get(item.id);
    const recent: number[] = [];
    // Deliveries follow the solver's, and catch up with them where a week delivered less than it
    // wished (a lot cut by the repair): what was owed is served as soon as stock is there again.
    // Capped at each week's wish alone, a unit cut in one week stayed owed until it was lost while
    // later lots' round-ups sat in stock (metal M seed 2 tight 1.2: 27,185 more of backlog cost
    // than the solver's plan, the final plan 2.1 % dearer than the solver's values).
    let wishedSoFar = 0;
    let deliveredSoFar = 0;
    let previous = item.onHand;
    for (let week = 0; week < weeks; week++) {
      let available = previous + (context.fixedSupply.get(item.id)?.[week] ?? 0) + (bought.get(item.id)?.[week] ?? 0);
      if (made && week - lead >= 0) available += made[week - lead]!;
      let consumption = 0;
      for (const use of context.consumers.get(item.id) ?? []) consumption += (production.get(use.parent)?.[week] ?? 0) * use.perUnit;
      if (isFinished) {
        // The demand as the plan reports it, so that backlog(w) = backlog(w-1) + demand - delivered - lost holds to the digit.
        const demand = round6(context.demandOf(item.id, week));
        recent.push(demand);
        if (recent.length > context.maxLatenessWeeks) recent.shift();
        const owed = (week > 0 ? b[week - 1]! : 0) + demand;
        const canShip = Math.max(0, Math.floor((available - consumption) * 1e6) / 1e6);
        if (wantDelivered) wishedSoFar += wantDelivered[week]!;
        d[week] = round6(Math.max(0, Math.min(wantDelivered ? Math.max(wantDelivered[week]!, wishedSoFar - deliveredSoFar) : Infinity, owed, canShip)));
        l[week] = round6(Math.max(0, Math.min(wantLost ? wantLost[week]! : 0, owed - d[week]!)));
        b[week] = round6(owed - d[week]! - l[week]!);
        if (b[week]! < 0) {
          // Rounding went a millionth too far: take it back from lost sales, then deliveries.
          const over = -b[week]!;
          if (l[week]! >= over) l[week] = round6(l[week]! - over);
          else d[week] = round6(d[week]! - over);
          b[week] = Math.max(0, round6(owed - d[week]! - l[week]!));
        }
        const cap = context.maxLatenessWeeks === 0 ? 0 : recent.reduce((sum, qty) => sum + qty, 0);
        if (b[week]! > cap + 1e-9) {
          l[week] = round6(l[week]! + b[week]! - cap);
          b[week] = round6(owed - d[week]! - l[week]!);
        }
        // Whatever is still owed when the horizon ends stays as backlog: the plan reports it.
        deliveredSoFar += d[week]!;
      }
      stock[week] = available - consumption - d[week]!;
      if (stock[week]! < -1e-9) shortages.push({ item: item.id, week, missing: -stock[week]! });
      previous = stock[week]!;
    }
    inventory.set(item.id, stock);
    if (isFinished) {
      loseWhatIsNeverDelivered(d, b, l, context.demandOf(item.id, weeks - 1));
      delivered.set(item.id, d);
      backlog.set(item.id, b);
      lost.set(item.id, l);
    }
  }
  return { shortages, result: { inventory, delivered, backlog, lost } };
}
