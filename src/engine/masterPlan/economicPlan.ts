/**
 * The plan no solver improves after (XL, `levelled`): made in several ways while its time lasts,
 * the cheapest by the plan's own cost (objective.ts) kept. Each way is feasible by construction
 * (levelled master schedule, MRP, repair), so the time limit only decides how many are tried.
 *
 * - Lots: each item's picked together with the load they put on their work centers and the
 *   components they share, with the load alone, or each item alone (loadAwareLots.ts).
 * - Then, for each: what the repair cut from the end items' lots made up in the weeks after, with
 *   and without the safety stock the master schedule keeps (catchUp.ts), MRP and repair again.
 * - Every plan's orders placed again for what it consumes (purchasePolish.ts) before it is priced.
 *
 * Measured on XL tight 1.0 seed 1, one pass over all (each plan 1.0-1.5 s): food 162.15 M -> 161.82 M
 * (lots together, made up with safety stock), mixed 163.47 M -> 163.28 M (lots with shared
 * components, nothing to make up), paint 187.24 M -> 187.17 M (lots with shared components, made
 * up without safety stock). No one way was cheapest on all three.
 */
import type { PlanningContext } from './context';
import { madeUpLater } from './catchUp';
import { repairPlan, type PlanQuantities } from './extract';
import type { LotChoice } from './loadAwareLots';
import { levelledMasterSchedule, mrpDecisions } from './mrp';
import { planCost } from './objective';
import { polishPurchases } from './purchasePolish';

const LOT_CHOICES: LotChoice[] = ['load-and-components', 'load', 'alone'];

export interface EconomicPlanOptions {
  /** When the plan must be in hand (performance.now() milliseconds): no way is started that would end after it. */
  deadline?: number;
  shouldStop?: () => boolean;
  onProgress?: (message: string) => void;
}

export function economicPlan(context: PlanningContext, { deadline = Infinity, shouldStop, onProgress }: EconomicPlanOptions = {}): PlanQuantities {
  let best: { quantities: PlanQuantities; cost: number; name: string } | undefined;
  // The longest way so far: the next starts only where as long again still ends before the deadline.
  let longest = 0;
  const timeFor = () => best === undefined || (!(shouldStop?.() ?? false) && performance.now() + 1.2 * longest < deadline);
  // Priced with its orders placed again; `started`: when its making began.
  const consider = (name: string, made: PlanQuantities | undefined, started: number) => {
    if (made) {
      const quantities = polishPurchases(context, made).quantities;
      const cost = planCost(context, quantities);
      onProgress?.(`  ${name}: ${cost.toFixed(2)}, ${((performance.now() - started) / 1000).toFixed(2)} s`);
      if (!best || cost < best.cost - 1e-6) best = { quantities, cost, name };
    }
    longest = Math.max(longest, performance.now() - started);
  };
  for (const lotChoice of LOT_CHOICES) {
    if (!timeFor()) break;
    const started = performance.now();
    const master = levelledMasterSchedule(context, true, lotChoice);
    const repaired = repairPlan(context, mrpDecisions(context, master, true, lotChoice));
    const lots = lotChoice === 'alone' ? 'each item alone' : lotChoice === 'load' ? 'with the load' : 'with the load and shared components';
    consider(`lots ${lots}`, repaired, started);
    for (const safetyStock of [true, false]) {
      if (!timeFor()) break;
      const madeUpStarted = performance.now();
      const madeUp = madeUpLater(context, [...master.keys()], repaired, { safetyStock });
      consider(`lots ${lots}, what the repair cut made up later${safetyStock ? ' with the safety stock' : ''}`, madeUp && repairPlan(context, mrpDecisions(context, madeUp, true, lotChoice)), madeUpStarted);
    }
  }
  onProgress?.(`economic plan kept: ${best!.name}, ${best!.cost.toFixed(2)}`);
  return best!.quantities;
}
