/**
 * The objective's weights in money, from the factory's policy and prices. Each is per unit and
 * week where it accrues weekly. Defaults are what a planner would set if asked: losing a sale
 * costs its price, a late unit 2% of its price per week, a setup its minutes at the work
 * center's overtime rate, a unit below safety stock a tenth of a lost sale... per week.
 */
import type { Factory, Item, Resource, Routing } from '../../domain/types';

export const DEFAULT_SETUP_COST_PER_MINUTE = 1;
/** Production taken out of the frozen zone: only when the previous plan cannot be executed at all. */
export const FROZEN_DEVIATION_FACTOR = 100;

export class PlanCosts {
  constructor(private readonly factory: Factory) {}

  private value(item: Item): number {
    return item.price ?? item.unitCost;
  }

  lostSale(item: Item): number {
    return (this.factory.policy.lostSalesCostFactor ?? 1) * Math.max(this.value(item), 1e-3);
  }

  latenessPerWeek(item: Item): number {
    return this.factory.policy.latenessCostPerUnitWeek ?? 0.02 * this.value(item);
  }

  holdingPerWeek(item: Item): number {
    return item.holdingCostPerWeek;
  }

  /**
   * Below safety stock: a soft target, always weaker than serving demand. Safety stock is a buffer
   * for uncertainty, never bought with lost or late sales: a unit held below it for the whole
   * horizon costs less than half a lost sale, and a week below it less than half a week late.
   * (Seen: holding cost 30 % of the price a week made 2× holding outweigh the sale, and demand was
   * lost while stock sat at safety stock.)
   */
  safetyShortfallPerWeek(item: Item): number {
    const wanted = Math.max(2 * item.holdingCostPerWeek, 0.005 * Math.max(this.value(item), item.unitCost));
    return Math.min(wanted, (0.5 * this.lostSale(item)) / Math.max(1, this.factory.horizonWeeks), 0.5 * this.latenessPerWeek(item));
  }

  setupPerMinute(resource: Resource | undefined): number {
    return resource?.overtime ? resource.overtime.costPerHour / 60 : DEFAULT_SETUP_COST_PER_MINUTE;
  }

  /** One lot's setups along its routing, each at its work center's rate. */
  setupCost(routing: Routing | undefined): number {
    return routing?.steps.reduce((sum, step) => sum + step.setupMinutes * this.setupPerMinute(this.resource(step.resource)), 0) ?? 0;
  }

  private resources: Map<string, Resource> | undefined;
  private resource(id: string): Resource | undefined {
    this.resources ??= new Map(this.factory.resources.map((resource) => [resource.id, resource]));
    return this.resources.get(id);
  }

  overtimePerMinute(resource: Resource): number {
    return (resource.overtime?.costPerHour ?? 0) / 60;
  }

  changePerUnit(): number {
    return this.factory.policy.changeCostPerUnit ?? 0.1;
  }

  frozenDeviation(item: Item): number {
    return FROZEN_DEVIATION_FACTOR * Math.max(this.lostSale(item), 1);
  }
}
