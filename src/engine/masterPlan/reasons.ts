/**
 * Why demand was late or lost, read from the solved model rather than guessed. For a shortfall
 * of item i in week t, the supply that could have served it was made in the weeks up to
 * t - lead time (or bought for its components then). Within that window:
 * - a work center in i's routing tree that is full (load at available + overtime limit, or its
 *   capacity row priced by the LP with setups fixed) is a capacity reason;
 * - a purchased component short at the end of a week (less than half of that week's consumption
 *   left beyond its safety stock) that no supplier could have delivered more of by then is a
 *   material reason, and behind it the supplier (closed, or at its weekly capacity, in a week up
 *   to the shortfall's, never after) or the lead time (no arrival possible yet);
 * - production that had to happen in the frozen zone is a frozen reason;
 * - a week earlier than the item's own lead time is a lead-time reason.
 */
import type { ShortfallReason } from '../../domain/types';
import type { PlanningContext, PurchaseOption } from './context';
import type { PlanQuantities } from './extract';
import { secondaryLoad, type SecondaryCapacity } from './secondary';
import type { MasterPlanModel } from './model';

const LOOKBACK_WEEKS = 3;
const SUPPLY_LOOKAHEAD_WEEKS = 2;
/** How far after a shortfall a material running out still explains it (its stock was held for then). */
const SPOKEN_FOR_WEEKS = 4;
const FULL = 0.995;

export interface CapacityUse {
  available: Float64Array;
  load: Float64Array;
}

export function capacityLoad(context: PlanningContext, production: Map<string, Float64Array>): Map<string, CapacityUse> {
  const uses = new Map<string, CapacityUse>();
  for (const [id, available] of context.availableMinutes) uses.set(id, { available, load: new Float64Array(context.weeks) });
  for (const item of context.produced) {
    const made = production.get(item.id);
    if (!made) continue;
    for (const step of context.routings.get(item.id)?.steps ?? []) {
      const load = uses.get(step.resource)!.load;
      for (let week = 0; week < context.weeks; week++) if (made[week]! > 0) load[week]! += made[week]! * step.runMinutesPerUnit + step.setupMinutes;
    }
  }
  return uses;
}

export class ReasonFinder {
  private readonly context: PlanningContext;
  private readonly load: Map<string, CapacityUse>;
  /** Work centers and purchased components reached from each produced item through its BOM. */
  private readonly treeResources = new Map<string, Set<string>>();
  private readonly treeMaterials = new Map<string, Set<string>>();
  private readonly boughtAtCapacity = new Set<string>();
  /** Per material and week: a tight plan asks the same question for every item and week short. */
  private readonly scarce = new Map<string, boolean>();
  private readonly supply = new Map<string, ShortfallReason[]>();
  private readonly optionsOf = new Map<string, PurchaseOption[]>();

  private secondaryLoads: { capacity: SecondaryCapacity; load: Float64Array; resources: Set<string> }[] | undefined;
  private readonly planModel: MasterPlanModel | undefined;
  private readonly rowDuals: Float64Array | undefined;

  /** With the solved model and its LP duals where there is one; from the quantities alone otherwise. */
  constructor(
    context: PlanningContext,
    private readonly quantities: PlanQuantities,
    solved?: { planModel: MasterPlanModel; rowDuals: Float64Array | undefined },
  ) {
    this.context = context;
    this.planModel = solved?.planModel;
    this.rowDuals = solved?.rowDuals;
    this.load = capacityLoad(this.context, quantities.production);
    for (const option of context.purchaseOptions) {
      const list = this.optionsOf.get(option.item) ?? [];
      list.push(option);
      this.optionsOf.set(option.item, list);
    }
    for (const purchase of quantities.purchases) {
      const cap = purchase.option.capacityPerWeek;
      if (cap !== undefined && purchase.qty >= cap - (purchase.option.orderMultiple ?? 1e-6)) this.boughtAtCapacity.add(`${purchase.option.supplier.id}|${purchase.option.item}|${purchase.option.week}`);
    }
  }

  private tree(item: string): { resources: Set<string>; materials: Set<string> } {
    let resources = this.treeResources.get(item);
    let materials = this.treeMaterials.get(item);
    if (resources && materials) return { resources, materials };
    resources = new Set(this.context.routings.get(item)?.steps.map((step) => step.resource) ?? []);
    materials = new Set<string>();
    for (const line of this.context.components.get(item) ?? []) {
      const component = this.context.items.get(line.component)!;
      if (component.type === 'purchased') materials.add(component.id);
      const below = this.tree(component.id);
      for (const resource of below.resources) resources.add(resource);
      for (const material of below.materials) materials.add(material);
    }
    this.treeResources.set(item, resources);
    this.treeMaterials.set(item, materials);
    return { resources, materials };
  }

  private isFull(resource: string, week: number): boolean {
    if (this.secondaryFull(resource, week)) return true;
    const use = this.load.get(resource)!;
    const limit = this.context.capacityLimit(resource, week);
    if (limit <= 0) return true;
    if (use.load[week]! >= FULL * limit) return true;
    const row = this.planModel?.capacityRow.get(resource)?.[week] ?? -1;
    const overtimeMaxed = this.context.overtimeLimit.get(resource)! === 0 || use.load[week]! >= limit - 1;
    return row >= 0 && overtimeMaxed && Math.abs(this.rowDuals?.[row] ?? 0) > 1e-7;
  }

  /**
   * A tool or the labor pool at its limit holds back the work centers whose steps need it: the
   * spec's reasons name work centers, so the capacity reason names those (README, format notes).
   */
  private secondaryFull(resource: string, week: number): boolean {
    this.secondaryLoads ??= this.context.secondary.map((capacity) => ({ capacity, load: secondaryLoad(capacity, this.quantities.production, this.context.weeks), resources: new Set([...capacity.uses.values()].flatMap((use) => use.resources)) }));
    return this.secondaryLoads.some(({ capacity, load, resources }) => resources.has(resource) && load[week]! >= FULL * this.context.secondaryLimit(capacity, week));
  }

  /**
   * A material is why demand of week t was not met from week w when the plan runs it short (less
   * than half of a week's consumption left beyond safety stock) in some week from w to a few weeks
   * after t: what it held at w was used up, or held for the weeks that ran it out. A material
   * that never runs short there (seen: pine nuts holding weeks of stock throughout) is not a
   * reason, whatever the LP's dual said of it.
   */
  private isScarce(material: string, week: number, shortfallWeek: number): boolean {
    const last = Math.min(this.context.weeks - 1, shortfallWeek + SPOKEN_FOR_WEEKS);
    for (let u = week; u <= last; u++) {
      const key = `${material}|${u}`;
      let low = this.scarce.get(key);
      if (low === undefined) this.scarce.set(key, (low = isShort(this.context, this.quantities, material, u) && !this.couldBuyMore(material, u)));
      if (low) return true;
    }
    return false;
  }

  /**
   * Whether more of a purchased material could have arrived by `week`: some supplier delivers it
   * in a week up to then and was not bought to its weekly capacity. Then its running low was the
   * plan's choice, not the constraint (seen: steel bought just in time on a metal plant, named
   * as the reason for every shortfall while the welding and assembly lines were full).
   */
  private couldBuyMore(material: string, week: number): boolean {
    return (this.optionsOf.get(material) ?? []).some((option) => option.week <= week && !this.boughtAtCapacity.has(`${option.supplier.id}|${material}|${option.week}`));
  }

  /** Supplier reasons behind a material short in `week`, never later than the shortfall's `until`. */
  private supplyReasons(material: string, week: number, until: number): ShortfallReason[] {
    const key = `${material}|${week}|${until}`;
    let reasons = this.supply.get(key);
    if (reasons === undefined) this.supply.set(key, (reasons = this.supplierReasons(material, week, until)));
    return reasons;
  }

  private supplierReasons(material: string, week: number, until: number): ShortfallReason[] {
    const reasons: ShortfallReason[] = [];
    const options = this.optionsOf.get(material) ?? [];
    if (options.length === 0) return reasons;
    const earliest = Math.min(...options.map((option) => option.week));
    if (earliest > week) {
      reasons.push({ kind: 'lead-time', item: material });
      return reasons;
    }
    const suppliers = [...new Set(options.map((option) => option.supplier.id))];
    // Stock held back for a week the supplier cannot serve is scarce now: look a little ahead.
    const last = Math.min(this.context.weeks - 1, week + SUPPLY_LOOKAHEAD_WEEKS, until);
    for (const supplier of suppliers) {
      for (let w = Math.max(earliest, week - 1); w <= last; w++) {
        const open = options.some((option) => option.supplier.id === supplier && option.week === w);
        const atCapacity = w <= week && this.boughtAtCapacity.has(`${supplier}|${material}|${w}`);
        if (!open || atCapacity) reasons.push({ kind: 'supplier', supplier, item: material, week: w });
      }
    }
    return reasons;
  }

  /** The constraints that kept `item` from meeting its demand of `week`; never empty. */
  reasonsFor(item: string, week: number): ShortfallReason[] {
    const { context } = this;
    const lead = context.leadTime(item);
    const reasons: ShortfallReason[] = [];
    const latest = week - lead;
    if (latest < 0) return [{ kind: 'lead-time', item }];
    if (latest < context.frozenWeeks) reasons.push({ kind: 'frozen', week: latest });
    const { resources, materials } = this.tree(item);
    const first = Math.max(0, latest - LOOKBACK_WEEKS);
    for (let w = latest; w >= first; w--) {
      for (const resource of resources) if (this.isFull(resource, w)) reasons.push({ kind: 'capacity', resource, week: w });
      for (const material of materials) {
        if (!this.isScarce(material, w, latest)) continue;
        reasons.push({ kind: 'material', item: material, week: w }, ...this.supplyReasons(material, w, latest));
      }
    }
    if (reasons.length === 0) reasons.push(...this.fallback(item, latest, resources));
    return dedupe(reasons);
  }

  /** Nothing binds outright: name the busiest work center of the item's routing tree. */
  private fallback(item: string, latest: number, resources: Set<string>): ShortfallReason[] {
    let best: ShortfallReason | undefined;
    let bestRatio = -1;
    for (const resource of resources) {
      const use = this.load.get(resource)!;
      for (let w = Math.max(0, latest - LOOKBACK_WEEKS); w <= latest; w++) {
        const limit = this.context.capacityLimit(resource, w);
        const ratio = limit > 0 ? use.load[w]! / limit : Infinity;
        if (ratio > bestRatio) {
          bestRatio = ratio;
          best = { kind: 'capacity', resource, week: w };
        }
      }
    }
    return [best ?? { kind: 'lead-time', item }];
  }
}

/** Left at the week's end, beyond safety stock, below half of what the week consumed (planCheck-style arithmetic). */
export function isShort(context: PlanningContext, quantities: PlanQuantities, material: string, week: number): boolean {
  const left = (quantities.inventory.get(material)?.[week] ?? 0) - (context.items.get(material)?.safetyStock ?? 0);
  let consumed = 0;
  for (const use of context.consumers.get(material) ?? []) consumed += (quantities.production.get(use.parent)?.[week] ?? 0) * use.perUnit;
  return left < Math.max(1e-6, 0.5 * consumed);
}

function dedupe(reasons: ShortfallReason[]): ShortfallReason[] {
  const seen = new Set<string>();
  return reasons.filter((reason) => {
    const key = JSON.stringify(reason);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
