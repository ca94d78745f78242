/**
 * Items' lots picked together, for the plan no solver improves after (XL). Each item's
 * Wagner–Whitin lots are optimal for the item alone, but every item starts its lots in the liquid
 * zone's first week, so lots of two or three weeks' demand fall on the same weeks for all of them:
 * food XL tight 1.0 ran its filling and packing lines at 100-110 % one week and 15-40 % the next,
 * and levelling built the overload ahead into the slushy weeks (changes) or paid overtime.
 *
 * Here each item picks, from a few lot patterns of its own (`lotPatterns`), the one that costs
 * least with what it does to the others: its own setups and holding; every minute a work center is
 * loaded beyond its week's minutes, at the center's overtime rate; and, with `components`, the
 * setups and holding of the components it shares with other items, each lot-sized by Wagner–Whitin
 * on what its parents' picks draw (a component drawn by one parent every two weeks and another
 * every three is set up in four weeks of six; on the same weeks, in three). Coordinate descent,
 * item by item, until no pick lowers that cost. With `priced`, each pass also offers every item its
 * best lots against what the others load at that point (`pricedLots`), a candidate no fixed pattern
 * has: lots that step around the weeks the others fill. Capacity, materials and lot rules come after, as
 * for any lots (levelling, MRP, repair), and the plan is kept only where its whole cost is lower
 * (economicPlan.ts). XL tight 1.0 (`npm run bench -- xl --bound off`): see economicPlan.ts.
 */
import type { PlanningContext } from './context';
import { PlanCosts } from './costs';
import { economicLots, EPS } from './lots';

/**
 * How an economic plan sizes its lots: each item alone (Wagner–Whitin), or picked together, with
 * (`priced-`) or without each item's best lots against the others' load among its candidates.
 */
export type LotChoice = 'alone' | 'load' | 'load-and-components' | 'priced-load' | 'priced-load-and-components';

/** What `loadAwareLots` weighs for a choice other than 'alone'. */
export function lotOptions(choice: Exclude<LotChoice, 'alone'>): { components: boolean; priced: boolean } {
  return { components: choice.endsWith('components'), priced: choice.startsWith('priced') };
}

/** First lots covering this many weeks with requirements, before Wagner–Whitin takes the rest. */
const FIRST_LOT_WEEKS = [1, 2, 3, 4];
/** Lots every so many weeks, at every phase. */
const CYCLES = [2, 3, 4];
/** Rounds of the descent: on XL it settles in two or three. */
const PASSES = 4;
/**
 * A minute beyond what a work center's week can hold even with overtime cannot be made there:
 * levelling builds it ahead (holding, slushy changes) or cuts it (lost sales). Priced at overtime
 * alone it cost nothing on a center without overtime, and little where overtime is cheap. Mixed
 * XL tight 1.2 at 0 (overtime only), 1, 3, 10 and 30 a minute: 169.01, 168.24, 167.47, 166.62 and
 * 166.33 M (LP bound 160.16 M); tight 1.0 food 161.81 -> 161.80 M, paint and mixed within 2 k.
 */
const BEYOND_LIMIT_PER_MINUTE = 30;

interface SharedComponent {
  setup: number;
  holding: number;
  /** What its parents' picks draw, week by week. */
  need: Float64Array;
  /** Its setups and holding, lot-sized by Wagner–Whitin on `need`. */
  cost: number;
}

interface WorkCenterUse {
  resource: string;
  run: number;
  setup: number;
}

interface Pattern {
  row: Float64Array;
  /** The item's own setups and holding with these lots. */
  cost: number;
}

/**
 * An item's candidate lots for its net requirements `raw` from `fromWeek` on (weeks before are as
 * given): Wagner–Whitin first (the lots it would have alone), then the same with its first lot
 * covering one to four weeks with requirements, which shifts its cycle, then fixed cycles of two to
 * four weeks at each phase, counted from `fromWeek` so that items on the same cycle stay in step.
 * Each lot is a sum of requirements of the weeks from it to the next lot; none is made late.
 */
export function lotPatterns(raw: Float64Array, fromWeek: number, setup: number, holding: number): Pattern[] {
  const weeks = raw.length;
  const ownCost = (row: Float64Array) => ownLotCost(row, raw, fromWeek, setup, holding);
  const alone = raw.slice();
  economicLots(alone, fromWeek, setup, holding);
  const rows = [alone];
  const first = raw.findIndex((qty, week) => week >= fromWeek && qty > EPS);
  if (first >= 0) {
    for (const covered of FIRST_LOT_WEEKS) {
      const row = raw.slice();
      let week = first + 1;
      for (let counted = 1; counted < covered && week < weeks; week++) {
        if (row[week]! <= EPS) continue;
        row[first] = row[first]! + row[week]!;
        row[week] = 0;
        counted++;
      }
      economicLots(row, week, setup, holding);
      rows.push(row);
    }
  }
  for (const cycle of CYCLES) {
    for (let phase = 0; phase < cycle; phase++) {
      const row = raw.slice();
      let lotWeek = -1;
      for (let week = fromWeek; week < weeks; week++) {
        if ((week - fromWeek) % cycle === phase || lotWeek < 0) lotWeek = week;
        if (lotWeek === week || row[week]! <= EPS) continue;
        row[lotWeek] = row[lotWeek]! + row[week]!;
        row[week] = 0;
      }
      rows.push(row);
    }
  }
  const distinct = rows.filter((row, index) => rows.findIndex((other) => sameLots(other, row)) === index);
  return distinct.map((row) => ({ row, cost: ownCost(row) }));
}

/** An item's own setups and holding with lots `row` for requirements `raw`, from `fromWeek`. */
function ownLotCost(row: Float64Array, raw: Float64Array, fromWeek: number, setup: number, holding: number): number {
  let cost = 0;
  let held = 0;
  for (let week = fromWeek; week < raw.length; week++) {
    if (row[week]! > EPS) cost += setup;
    held += row[week]! - raw[week]!;
    cost += holding * Math.max(0, held);
  }
  return cost;
}

function sameLots(a: Float64Array, b: Float64Array): boolean {
  return a.every((qty, week) => Math.abs(qty - b[week]!) <= EPS);
}

/**
 * The item's best lots against what the others load (Wagner–Whitin with the load priced): each lot
 * covers the requirements from its week to the next lot's, and costs its setup, the holding of what
 * it carries, and what its minutes add beyond each of its work centers' week at the overtime rate,
 * with `base` what the center carries without this item. Exact for the item with the others fixed,
 * among lots that each cover whole weeks of requirements (every pattern of `lotPatterns` is one).
 * `overload(resource, week, minutes)`: the money beyond the week at those minutes.
 */
export function pricedLots(
  raw: Float64Array,
  fromWeek: number,
  setup: number,
  holding: number,
  uses: readonly { resource: string; run: number; setup: number; base: Float64Array }[],
  overload: (resource: string, week: number, minutes: number) => number,
): Float64Array {
  const weeks = raw.length;
  const lotWeeks: number[] = [];
  for (let week = fromWeek; week < weeks; week++) if (raw[week]! > EPS) lotWeeks.push(week);
  const row = raw.slice();
  if (lotWeeks.length < 2) return row;
  // best[k]: the cheapest lots for the requirements of lotWeeks[0..k-1]; from[k]: where its last lot is.
  const count = lotWeeks.length;
  const best = new Float64Array(count + 1).fill(Infinity);
  const from = new Int32Array(count + 1);
  best[0] = 0;
  for (let start = 0; start < count; start++) {
    if (best[start] === Infinity) continue;
    const week = lotWeeks[start]!;
    const extra = uses.map((use) => overload(use.resource, week, use.base[week]!));
    let qty = 0;
    let carried = 0;
    for (let end = start; end < count; end++) {
      const covered = lotWeeks[end]!;
      qty += raw[covered]!;
      carried += holding * (covered - week) * raw[covered]!;
      let cost = best[start]! + setup + carried;
      uses.forEach((use, index) => (cost += overload(use.resource, week, use.base[week]! + qty * use.run + use.setup) - extra[index]!));
      if (cost < best[end + 1]! - 1e-9) {
        best[end + 1] = cost;
        from[end + 1] = start;
      }
    }
  }
  for (let end = count; end > 0; ) {
    const start = from[end]!;
    let qty = 0;
    for (let index = start; index < end; index++) {
      qty += raw[lotWeeks[index]!]!;
      row[lotWeeks[index]!] = 0;
    }
    row[lotWeeks[start]!] = qty;
    end = start;
  }
  return row;
}

/**
 * Merges, in place from `fromWeek`, the net requirements in `rows` (week by week, one row per item)
 * into lots picked together. `others`: production already decided (the levels above), which loads
 * the work centers too. Returns the modelled cost before (every item alone) and after.
 */
export function loadAwareLots(
  context: PlanningContext,
  rows: Map<string, Float64Array>,
  fromWeek: number,
  { others = new Map<string, Float64Array>(), components = false, priced = false }: { others?: Map<string, Float64Array>; components?: boolean; priced?: boolean } = {},
): { before: number; after: number } {
  const costs = new PlanCosts(context.factory);
  const weeks = context.weeks;
  const load = new Map<string, Float64Array>();
  const rate = new Map<string, number>();
  for (const resource of context.factory.resources) {
    load.set(resource.id, new Float64Array(weeks));
    rate.set(resource.id, costs.overtimePerMinute(resource));
  }
  // One use per work center, a routing's steps on the same center added up.
  const usesOf = (id: string): WorkCenterUse[] => {
    const uses = new Map<string, WorkCenterUse>();
    for (const step of context.routings.get(id)?.steps ?? []) {
      if (!load.has(step.resource)) continue;
      const use = uses.get(step.resource) ?? { resource: step.resource, run: 0, setup: 0 };
      use.run += step.runMinutesPerUnit;
      use.setup += step.setupMinutes;
      uses.set(step.resource, use);
    }
    return [...uses.values()];
  };
  const minutes = (use: WorkCenterUse, qty: number) => (qty > EPS ? qty * use.run + use.setup : 0);
  // A week's load beyond the center's minutes, at its overtime rate; beyond what overtime can add
  // too, at least BEYOND_LIMIT_PER_MINUTE more.
  const beyond = (resource: string, week: number, minutesThere: number) =>
    rate.get(resource)! * Math.max(0, minutesThere - context.availableMinutes.get(resource)![week]!) +
    Math.max(rate.get(resource)!, BEYOND_LIMIT_PER_MINUTE) * Math.max(0, minutesThere - context.capacityLimit(resource, week));
  for (const [id, row] of others) {
    if (rows.has(id)) continue;
    for (const use of usesOf(id)) {
      const there = load.get(use.resource)!;
      for (let week = 0; week < weeks; week++) there[week]! += minutes(use, row[week]!);
    }
  }

  // The components whose every consumer picks its lots here.
  const shared: SharedComponent[] = [];
  const drawsOf = new Map<string, { component: SharedComponent; perUnit: number }[]>();
  if (components) {
    for (const item of context.produced) {
      const parents = context.consumers.get(item.id) ?? [];
      if (parents.length === 0 || !parents.every((use) => rows.has(use.parent))) continue;
      const component: SharedComponent = { setup: costs.setupCost(context.routings.get(item.id)), holding: costs.holdingPerWeek(item), need: new Float64Array(weeks), cost: 0 };
      shared.push(component);
      for (const use of parents) drawsOf.set(use.parent, [...(drawsOf.get(use.parent) ?? []), { component, perUnit: use.perUnit }]);
    }
  }
  const componentCost = (need: Float64Array, component: SharedComponent) => economicLots(need.slice(), fromWeek, component.setup, component.holding);

  const picks: { id: string; raw: Float64Array; setup: number; holding: number; patterns: Pattern[]; chosen: number; uses: WorkCenterUse[]; draws: { component: SharedComponent; perUnit: number }[] }[] = [];
  for (const [id, raw] of rows) {
    const setup = costs.setupCost(context.routings.get(id));
    const holding = costs.holdingPerWeek(context.items.get(id)!);
    const patterns = lotPatterns(raw, fromWeek, setup, holding);
    const pick = { id, raw: raw.slice(), setup, holding, patterns, chosen: 0, uses: usesOf(id), draws: drawsOf.get(id) ?? [] };
    picks.push(pick);
    const row = patterns[0]!.row;
    for (const { component, perUnit } of pick.draws) for (let week = fromWeek; week < weeks; week++) component.need[week]! += perUnit * row[week]!;
    for (const use of pick.uses) {
      const there = load.get(use.resource)!;
      for (let week = 0; week < weeks; week++) there[week]! += minutes(use, row[week]!);
    }
  }
  for (const component of shared) component.cost = componentCost(component.need, component);
  const total = () => {
    let cost = 0;
    for (const pick of picks) cost += pick.patterns[pick.chosen]!.cost;
    for (const [resource, there] of load) for (let week = fromWeek; week < weeks; week++) cost += beyond(resource, week, there[week]!);
    for (const component of shared) cost += component.cost;
    return cost;
  };
  const before = total();

  for (let pass = 0; pass < PASSES; pass++) {
    let moved = false;
    for (const pick of picks) {
      if (priced && pick.uses.length > 0) {
        const current = pick.patterns[pick.chosen]!.row;
        const uses = pick.uses.map((use) => {
          const base = load.get(use.resource)!.slice();
          for (let week = fromWeek; week < weeks; week++) base[week]! -= minutes(use, current[week]!);
          return { ...use, base };
        });
        const row = pricedLots(pick.raw, fromWeek, pick.setup, pick.holding, uses, beyond);
        if (!pick.patterns.some((pattern) => sameLots(pattern.row, row))) pick.patterns.push({ row, cost: ownLotCost(row, pick.raw, fromWeek, pick.setup, pick.holding) });
      }
      if (pick.patterns.length < 2) continue;
      const current = pick.patterns[pick.chosen]!;
      let best = -1;
      let bestDelta = -1e-6;
      let bestNeeds: { need: Float64Array; cost: number }[] = [];
      pick.patterns.forEach((pattern, index) => {
        if (index === pick.chosen) return;
        let delta = pattern.cost - current.cost;
        for (const use of pick.uses) {
          const there = load.get(use.resource)!;
          for (let week = fromWeek; week < weeks; week++) {
            const now = minutes(use, current.row[week]!);
            const then = minutes(use, pattern.row[week]!);
            if (now !== then) delta += beyond(use.resource, week, there[week]! - now + then) - beyond(use.resource, week, there[week]!);
          }
        }
        const needs = pick.draws.map(({ component, perUnit }) => {
          const need = component.need.slice();
          for (let week = fromWeek; week < weeks; week++) need[week]! += perUnit * (pattern.row[week]! - current.row[week]!);
          const cost = componentCost(need, component);
          delta += cost - component.cost;
          return { need, cost };
        });
        if (delta < bestDelta) {
          best = index;
          bestDelta = delta;
          bestNeeds = needs;
        }
      });
      if (best < 0) continue;
      const next = pick.patterns[best]!;
      for (const use of pick.uses) {
        const there = load.get(use.resource)!;
        for (let week = fromWeek; week < weeks; week++) there[week]! += minutes(use, next.row[week]!) - minutes(use, current.row[week]!);
      }
      pick.draws.forEach(({ component }, index) => {
        component.need = bestNeeds[index]!.need;
        component.cost = bestNeeds[index]!.cost;
      });
      pick.chosen = best;
      moved = true;
    }
    if (!moved) break;
  }
  for (const pick of picks) rows.get(pick.id)!.set(pick.patterns[pick.chosen]!.row);
  return { before, after: total() };
}
