/**
 * What the repair cut from an end item's lots, made up in the weeks after where there is room. The
 * plan no solver improves after (XL) sizes each item's lots once, from its requirements, so a lot
 * the repair cuts (a work center full in a peak week, a component short) stays missing to the
 * horizon's end: on food XL tight 1.0 a drink cut in the Christmas week (950 of 1,015) ran 520-555
 * units behind every other week for the rest of the year, though the lots after it had room.
 */
import type { PlanningContext } from './context';
import { capacitiesOf, loadIn, type PlanQuantities } from './extract';
import { EPS, lotUp } from './lots';
import { laterNeeds, safetyStockKept } from './mrp';

/**
 * The end items' production with what each still owes at a week's end (and, with `safetyStock`,
 * what it lacks of the safety stock the master schedule keeps) made up by the lot arriving the week
 * after: raised, or a new one, where its work centers, tools and crew have room that week, else by
 * the next week that has. Only lots of the liquid zone change, and none arrives after the horizon.
 * Returns undefined where nothing was made up. `endItems`: the items the master schedule plans;
 * `plan`: the repaired plan.
 */
export function madeUpLater(context: PlanningContext, endItems: readonly string[], plan: PlanQuantities, { safetyStock = false } = {}): Map<string, Float64Array> | undefined {
  const production = new Map([...plan.production].map(([id, row]) => [id, row.slice()]));
  const capacities = capacitiesOf(context);
  const safetyOf = safetyStockKept(context, true);
  const weeks = context.weeks;
  let changed = false;
  for (const id of endItems) {
    const item = context.items.get(id)!;
    const row = production.get(id)!;
    const lead = context.leadTime(id);
    const step = context.lotStep(item);
    const uses = capacities.flatMap(({ users, limit }) => {
      const use = users.find((user) => user.item === id);
      return use ? [{ users, limit, use }] : [];
    });
    // What the weeks after each week need: the safety stock kept is at most that (as the master schedule keeps it).
    const later = safetyStock ? laterNeeds(Float64Array.from({ length: weeks }, (_, week) => context.demandOf(id, week))) : undefined;
    let stock = item.onHand;
    let owed = 0;
    for (let week = 0; week < weeks; week++) {
      stock += context.fixedSupply.get(id)?.[week] ?? 0;
      if (week - lead >= 0) stock += row[week - lead]!;
      owed += context.demandOf(id, week);
      const shipped = Math.min(owed, Math.max(0, stock));
      stock -= shipped;
      owed -= shipped;
      const makeWeek = week + 1 - lead;
      if (week + 1 >= weeks || makeWeek < context.frozenWeeks + context.slushyWeeks) continue;
      const short = owed + (later ? Math.max(0, safetyOf(item, later[week + 1]!) - stock) : 0);
      if (short <= EPS) continue;
      const opens = !(row[makeWeek]! > 0);
      const qty = lotUp(short, opens ? (item.lotMin ?? 0) : 0, step);
      if (!uses.every(({ users, limit, use }) => loadIn(users, production, makeWeek) + use.run * qty + (opens ? use.setup : 0) <= limit(makeWeek) + 1e-7)) continue;
      row[makeWeek] = row[makeWeek]! + qty;
      changed = true;
    }
  }
  return changed ? new Map(endItems.map((id) => [id, production.get(id)!])) : undefined;
}
