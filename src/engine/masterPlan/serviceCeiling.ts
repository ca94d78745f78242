/**
 * What the bottleneck allows: the share of the horizon's demand that the most loaded work
 * center could make if it never stopped for a setup and used all its overtime. Finished stock
 * on hand serves first; the rest is exploded through the BOM (with scrap, net of intermediate
 * stock) to run minutes per work center. An optimistic ceiling, against which a plan's service
 * is measured ("one bottleneck at 1.2 × capacity, so about 83 % of demand is makeable").
 */
import type { MipSolver } from '../linearModel';
import type { PlanningContext } from './context';
import { buildMasterPlanModel } from './model';

export interface ServiceCeiling {
  /** Share of demand (by quantity) that capacity allows, 0..1. */
  share: number;
  /** The work center that sets it, and its load against capacity plus overtime. */
  bottleneck: string | undefined;
  load: number;
}

export function serviceCeiling(context: PlanningContext): ServiceCeiling {
  const needed = new Map<string, number>();
  let demand = 0;
  let fromStock = 0;
  for (const item of context.finished) {
    let owed = 0;
    for (let week = 0; week < context.weeks; week++) owed += context.demandOf(item.id, week);
    demand += owed;
    const served = Math.min(owed, item.onHand);
    fromStock += served;
    needed.set(item.id, owed - served);
  }
  // Top-down: a component needs what its parents make, less its own stock.
  const made = new Map<string, number>();
  for (const id of context.topDown) {
    const item = context.items.get(id)!;
    if (item.type === 'purchased') continue;
    const qty = Math.max(0, (needed.get(id) ?? 0) - (item.type === 'finished' ? 0 : item.onHand));
    made.set(id, qty);
    for (const line of context.components.get(id) ?? []) needed.set(line.component, (needed.get(line.component) ?? 0) + qty * line.qtyPer * (1 + (line.scrapPct ?? 0) / 100));
  }
  let bottleneck: string | undefined;
  let load = 0;
  for (const [resource, available] of context.availableMinutes) {
    let minutes = 0;
    for (const [id, qty] of made) for (const step of context.routings.get(id)?.steps ?? []) if (step.resource === resource) minutes += qty * step.runMinutesPerUnit;
    const capacity = available.reduce((sum, value) => sum + value, 0) + context.overtimeLimit.get(resource)! * context.weeks;
    const ratio = capacity > 0 ? minutes / capacity : minutes > 0 ? Infinity : 0;
    if (ratio > load) {
      load = ratio;
      bottleneck = resource;
    }
  }
  const makeable = load > 1 ? (demand - fromStock) / load : demand - fromStock;
  return { share: demand > 0 ? (fromStock + makeable) / demand : 1, bottleneck, load };
}

/**
 * A tighter ceiling that also knows materials, lead times, suppliers and the frozen zone: the
 * Master Plan's own model, relaxed, with every cost set to zero but one per unit lost or still
 * owed at the horizon's end (by quantity), or its price (by value). Its optimum is the most any
 * plan could serve (setups relaxed).
 * A model of its own: solvers cache a model's costs.
 */
export async function serviceCeilingLp(context: PlanningContext, solver: MipSolver, by: 'quantity' | 'value', timeLimitSeconds = 30): Promise<number | undefined> {
  const planModel = buildMasterPlanModel(context);
  const { model } = planModel;
  let demand = 0;
  model.colCost.fill(0);
  for (const item of context.finished) {
    const weight = by === 'value' ? (item.price ?? item.unitCost) : 1;
    for (const col of planModel.lost.get(item.id)!) if (col >= 0) model.colCost[col] = weight;
    const end = planModel.backlog.get(item.id)![context.weeks - 1]!;
    if (end >= 0) model.colCost[end] = weight;
    for (let week = 0; week < context.weeks; week++) demand += weight * context.demandOf(item.id, week);
  }
  const result = await solver.solve(model, { relax: true, timeLimitSeconds });
  return result.status === 'optimal' && demand > 0 ? 1 - result.objective / demand : undefined;
}
