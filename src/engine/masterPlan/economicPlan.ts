/**
 * The plan no solver improves after (XL, `levelled`): made in several ways while its time lasts,
 * the cheapest by the plan's own cost (objective.ts) kept. Each way is feasible by construction
 * (levelled master schedule, MRP, repair), so the time limit only decides how many are tried: the
 * quickest first, each other only where its predicted time still ends before the deadline.
 *
 * - Lots: each item's picked together with the load they put on their work centers and the
 *   components they share, with the load alone, or each item alone (loadAwareLots.ts); the first
 *   two again with each item's lots priced against the others' load among its candidates.
 * - Then, for each: what the repair cut from the end items' lots made up in the weeks after, with
 *   and without the safety stock the master schedule keeps (catchUp.ts), MRP and repair again.
 * - Every plan's orders placed again for what it consumes (purchasePolish.ts) before it is priced.
 * - Then, while the time lasts, the ways again, cheapest first, with end items' shortfalls in the
 *   slushy weeks left for the first liquid week's lot where that costs less than changing them and
 *   their components (mrp.ts, `slushyWaits`). Tight 1.0 (2026-11-28): food 161.80 M -> 161.79 M,
 *   paint 186.96 M -> 186.94 M, mixed 163.28 M -> 163.26 M (slushy changes 182 k -> 119 k on food).
 *   Alone in place of the first pass it made mixed XL tight 1.2 dearer (166.33 M -> 166.44 M, its
 *   first liquid week already full), and tried on the first way alone it picked wrongly for food
 *   and mixed: hence a second pass.
 *
 * Measured on XL tight 1.0 seed 1, one pass over all (each way 1.0-3.8 s; `npm run bench -- xl
 * --bound off`): food 162.15 M -> 161.82 M (lots with shared components, made up with the safety
 * stock), mixed 163.47 M -> 163.28 M (lots with shared components, nothing to make up), paint
 * 187.24 M -> 187.17 M (the same, made up without the safety stock). No one way was cheapest on all
 * three. Mixed XL tight 1.2, where capacity is short: 182.57 M -> 173.78 M (lots with the load, made
 * up with the safety stock). The two priced ways after them (2026-11-28): paint 187.16 M -> 186.97 M,
 * food and mixed within 4 k; fifteen ways in 12.9-22.2 s.
 */
import type { PlanningContext } from './context';
import { madeUpLater } from './catchUp';
import { repairPlan, type PlanQuantities } from './extract';
import type { LotChoice } from './loadAwareLots';
import { levelledMasterSchedule, mrpDecisions } from './mrp';
import { planCost } from './objective';
import { polishPurchases } from './purchasePolish';

/**
 * The ways of lots, the quickest first: each item alone is the plan of before, and what a short
 * time limit gets. `time`: how long the way takes against the first, measured on food XL tight 1.0
 * (alone 1.79 s, with the load 2.50 s, with shared components too 3.82 s, each with its orders placed
 * again), a little over, so that a way is started only where it ends in time.
 */
const WAYS: { lots: LotChoice; name: string; time: number }[] = [
  { lots: 'alone', name: 'each item alone', time: 1 },
  { lots: 'load-and-components', name: 'with the load and shared components', time: 2.5 },
  { lots: 'load', name: 'with the load', time: 1.6 },
  // With each item's best lots against the others' load among its candidates (pricedLots): paint
  // XL 187.16 M -> 186.97 M, but mixed XL tight 1.2 169.48 M -> 169.85 M in place of the two above,
  // so ways of their own, after them.
  // Food XL: 4.33 s and 2.00 s against the first way's 1.27 s.
  { lots: 'priced-load-and-components', name: 'priced against the load, with shared components', time: 3.5 },
  { lots: 'priced-load', name: 'priced against the load', time: 1.7 },
];
/** What the repair cut made up later, MRP and repair again: 0.6-0.95 of the first way (food XL 1.07-1.69 s). */
const MADE_UP_TIME = 1;

/** The thread given back for a timer's turn: what other work waits on it runs. */
const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface EconomicPlanOptions {
  /** When the plan must be in hand (performance.now() milliseconds): no way is started that would end after it. */
  deadline?: number;
  shouldStop?: () => boolean;
  onProgress?: (message: string) => void;
  /** Ways made before the others, in this order (the rest as WAYS has them): the solver's first plan wants the priced ones in its short time. */
  leading?: LotChoice[];
}

/**
 * Made a way at a time, giving the thread back between ways (a timer's turn), so that on M it
 * runs while the solver's thread solves the relaxation and the LP after it (solve.ts): their
 * results are taken up between two ways, not after the last.
 */
export async function economicPlan(context: PlanningContext, { deadline = Infinity, shouldStop, onProgress, leading = [] }: EconomicPlanOptions = {}): Promise<PlanQuantities> {
  let best: { quantities: PlanQuantities; cost: number; name: string } | undefined;
  // How long the quickest way would take, from the first way made: what the others' times are predicted from.
  let first = 0;
  const timeFor = (time: number) => !(shouldStop?.() ?? false) && performance.now() + time * first < deadline;
  // Priced with its orders placed again.
  const consider = (name: string, made: PlanQuantities | undefined, started: number): number => {
    if (!made) return Infinity;
    const quantities = polishPurchases(context, made).quantities;
    const cost = planCost(context, quantities);
    onProgress?.(`  ${name}: ${cost.toFixed(2)}, ${((performance.now() - started) / 1000).toFixed(2)} s`);
    if (!best || cost < best.cost - 1e-6) best = { quantities, cost, name };
    return cost;
  };
  /** One way of lots, with what the repair cut made up later; returns the least cost it made. */
  const tryWay = async (way: (typeof WAYS)[number], slushyWait: boolean, isFirst: boolean): Promise<number> => {
    const named = slushyWait ? `${way.name}, slushy shortfalls waiting for the liquid weeks` : way.name;
    let least = Infinity;
    const keep = (name: string, made: PlanQuantities | undefined, started: number) => (least = Math.min(least, consider(name, made, started)));
    const started = performance.now();
    const master = levelledMasterSchedule(context, true, way.lots, slushyWait);
    const repaired = repairPlan(context, mrpDecisions(context, master, true, way.lots));
    keep(`lots ${named}`, repaired, started);
    if (isFirst) first = (performance.now() - started) / way.time;
    await turn();
    const endItems = [...master.keys()];
    for (const safetyStock of [true, false]) {
      if (!timeFor(MADE_UP_TIME)) continue;
      const madeUpStarted = performance.now();
      const madeUp = madeUpLater(context, endItems, repaired, { safetyStock });
      keep(`lots ${named}, what the repair cut made up later${safetyStock ? ' with the safety stock' : ''}`, madeUp && repairPlan(context, mrpDecisions(context, madeUp, true, way.lots)), madeUpStarted);
      await turn();
    }
    return least;
  };
  const tried: { way: (typeof WAYS)[number]; cost: number }[] = [];
  const ways = leading.length > 0 ? [...leading.map((lots) => WAYS.find((way) => way.lots === lots)!), ...WAYS.filter((way) => !leading.includes(way.lots))] : WAYS;
  for (const [index, way] of ways.entries()) {
    if (index > 0 && !timeFor(way.time)) continue;
    tried.push({ way, cost: await tryWay(way, false, index === 0) });
  }
  // Then the ways that came out cheapest again, with end items' shortfalls in the slushy weeks
  // waiting for the first liquid week where that costs less than the changes (mrp.ts,
  // slushyWaits), while the time lasts.
  tried.sort((a, b) => a.cost - b.cost);
  for (const { way } of tried) if (timeFor(way.time + 2 * MADE_UP_TIME)) await tryWay(way, true, false);
  onProgress?.(`economic plan kept: ${best!.name}, ${best!.cost.toFixed(2)}`);
  return best!.quantities;
}
