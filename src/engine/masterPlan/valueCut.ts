/**
 * Where the levelled end items still overload a work center, tool or crew in the liquid zone, the
 * lots that give up least are cut first, until the week fits: per minute freed, what a unit lost
 * costs (its lost sale) less the materials it no longer needs. The repair after cuts whatever it
 * meets first, blind to what it gives up. For the plan no solver improves after (XL): mixed XL
 * tight 1.2 (`npm run bench -- xl --tight 1.2`) 172.24 M -> 169.48 M; tight 1.0 unchanged (food,
 * mixed) or 12 k cheaper (paint), where levelling leaves little over.
 */
import type { PlanningContext } from './context';
import { PlanCosts } from './costs';
import { capacitiesOf, loadIn } from './extract';
import { EPS, lotDown } from './lots';
import { unitMaterialCosts } from './materialCosts';

export function cutByValue(context: PlanningContext, production: Map<string, Float64Array>): void {
  const costs = new PlanCosts(context.factory);
  const materialCost = unitMaterialCosts(context, 'estimate');
  const margin = new Map<string, number>();
  for (const id of production.keys()) {
    const item = context.items.get(id)!;
    margin.set(id, Math.max(0, costs.lostSale(item) - materialCost(id)));
  }
  for (const { users, limit } of capacitiesOf(context)) {
    const ours = users.filter((user) => production.has(user.item) && user.run > 0);
    if (ours.length === 0) continue;
    // Cheapest to give up per minute first.
    ours.sort((a, b) => margin.get(a.item)! / a.run - margin.get(b.item)! / b.run);
    const all = users.filter((user) => production.has(user.item));
    for (let week = context.frozenWeeks + context.slushyWeeks; week < context.weeks; week++) {
      let excess = loadIn(all, production, week) - limit(week);
      for (const user of ours) {
        if (excess <= 1e-7) break;
        const row = production.get(user.item)!;
        const qty = row[week]!;
        if (qty <= EPS) continue;
        const item = context.items.get(user.item)!;
        const step = context.lotStep(item);
        const down = lotDown(qty - Math.ceil(excess / (user.run * step) - 1e-9) * step, item.lotMin ?? 0, step);
        excess -= down > 0 ? (qty - down) * user.run : qty * user.run + user.setup;
        row[week] = down;
      }
    }
  }
}
