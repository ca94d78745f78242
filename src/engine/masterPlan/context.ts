/**
 * Everything the Master Plan derives from a factory before modelling: demand per SKU-week,
 * BOM links, routings, capacity per work center and week, purchase arrival options per
 * supplier and week, fixed supply, the previous plan and the fences. Shared by the model
 * builder, the plan extraction, the reasons and the self-check, so all four agree.
 */
import { firstDayOfWeek, weekOfDate } from '../../domain/buckets';
import { FactoryCalendars } from '../../domain/capacity';
import { formatDate } from '../../domain/dates';
import type { BomLine, Factory, Item, Resource, Routing, Supplier } from '../../domain/types';
import { unitQuantum } from '../../domain/units';
import { unconstrainedDemand, type UnconstrainedDemand } from '../demand';
import { secondaryCapacities, secondaryKey, type SecondaryCapacity } from './secondary';

export interface PurchaseOption {
  supplier: Supplier;
  item: string;
  week: number;
  /** Day numbers: the order is placed `leadTimeDays` before it arrives. */
  orderDay: number;
  arrivalDay: number;
  price: number;
  minOrderQty: number;
  orderMultiple: number | undefined;
  /** What an order is a multiple of: `orderMultiple`, else the item's unit quantum (1 for counted units). */
  orderStep: number;
  capacityPerWeek: number | undefined;
}

export interface ComponentUse {
  parent: string;
  /** Units of the component per unit of the parent, scrap included. */
  perUnit: number;
}

export class PlanningContext {
  readonly weeks: number;
  readonly frozenWeeks: number;
  readonly slushyWeeks: number;
  readonly maxLatenessWeeks: number;
  readonly calendars: FactoryCalendars;
  readonly demand: UnconstrainedDemand;
  readonly items: Map<string, Item>;
  readonly produced: Item[];
  readonly finished: Item[];
  readonly routings: Map<string, Routing>;
  readonly resources: Map<string, Resource>;
  /** Components of a parent, and the parents that consume a component. */
  readonly components = new Map<string, BomLine[]>();
  readonly consumers = new Map<string, ComponentUse[]>();
  /** Available minutes of a work center per week, and its overtime limit in minutes. */
  readonly availableMinutes = new Map<string, Float64Array>();
  readonly overtimeLimit = new Map<string, number>();
  /** Tools and the labor pool: what the steps that need them may hold per week (secondary.ts). */
  readonly secondary: SecondaryCapacity[];
  /** The same by secondaryKey (`tool:ID`, `labor:ID`): how levelling and the loop's hold-back name them beside the work centers. */
  readonly secondaryByKey: ReadonlyMap<string, SecondaryCapacity>;
  /**
   * Minutes of a work center's week held back so that lots flow through their stages and finish
   * within the week (flow.ts learns them from the schedule of the released weeks); none at first.
   */
  readonly flowHeld = new Map<string, Float64Array>();
  /** The same for tools and the labor pool, per secondaryKey and week: a format part that the work center's other machines cannot stand in for. */
  readonly flowHeldSecondary = new Map<string, Float64Array>();
  /**
   * Slushy weeks, from the first, that a plan holding the previous plan may hold: all of them,
   * unless the closed loop found the previous plan late from one of them on (closedLoop.ts).
   */
  heldSlushyWeeks: number;
  /** Firm orders of a week that its own production cannot meet in time: stock wanted at the end of the week before (flow.ts). */
  readonly earlyFirm = new Map<string, Float64Array>();
  /** Supply already on its way, per item and week. */
  readonly fixedSupply = new Map<string, Float64Array>();
  readonly previousProduction = new Map<string, Float64Array>();
  readonly purchaseOptions: PurchaseOption[] = [];
  /** Items in an order where every component comes after its parents. */
  readonly topDown: string[];

  constructor(readonly factory: Factory) {
    this.weeks = factory.horizonWeeks;
    this.frozenWeeks = Math.min(this.weeks, factory.policy.fences.frozenWeeks);
    this.slushyWeeks = Math.min(this.weeks - this.frozenWeeks, factory.policy.fences.slushyWeeks);
    this.heldSlushyWeeks = this.slushyWeeks;
    this.maxLatenessWeeks = factory.policy.maxLatenessWeeks ?? 4;
    this.calendars = new FactoryCalendars(factory);
    this.demand = unconstrainedDemand(factory);
    this.items = new Map(factory.items.map((item) => [item.id, item]));
    this.produced = factory.items.filter((item) => item.type !== 'purchased');
    this.finished = factory.items.filter((item) => item.type === 'finished');
    this.routings = new Map(factory.routings.map((routing) => [routing.item, routing]));
    this.resources = new Map(factory.resources.map((resource) => [resource.id, resource]));

    for (const line of factory.boms) {
      const list = this.components.get(line.parent) ?? [];
      list.push(line);
      this.components.set(line.parent, list);
      const uses = this.consumers.get(line.component) ?? [];
      uses.push({ parent: line.parent, perUnit: line.qtyPer * (1 + (line.scrapPct ?? 0) / 100) });
      this.consumers.set(line.component, uses);
    }

    for (const resource of factory.resources) {
      const minutes = new Float64Array(this.weeks);
      for (let week = 0; week < this.weeks; week++) minutes[week] = this.calendars.resourceMinutes(resource, week);
      this.availableMinutes.set(resource.id, minutes);
      this.overtimeLimit.set(resource.id, (resource.overtime?.maxHoursPerWeek ?? 0) * 60);
    }

    const supplyOf = (item: string) => {
      let row = this.fixedSupply.get(item);
      if (!row) this.fixedSupply.set(item, (row = new Float64Array(this.weeks)));
      return row;
    };
    for (const order of factory.openProductionOrders) if (order.week < this.weeks) supplyOf(order.item)[order.week]! += order.qty;
    for (const order of factory.openPurchaseOrders) {
      const week = Math.max(0, weekOfDate(this.calendars.horizon, order.arrivalDate));
      if (week < this.weeks) supplyOf(order.item)[week]! += order.qty;
    }

    for (const line of factory.previousPlan?.production ?? []) {
      if (line.week >= this.weeks) continue;
      let row = this.previousProduction.get(line.item);
      if (!row) this.previousProduction.set(line.item, (row = new Float64Array(this.weeks)));
      row[line.week]! += line.qty;
    }

    this.secondary = secondaryCapacities(factory, this.calendars, this.weeks);
    this.secondaryByKey = new Map(this.secondary.map((capacity) => [secondaryKey(capacity), capacity]));
    this.collectPurchaseOptions();
    this.topDown = this.orderTopDown();
  }

  /**
   * An order placed on day d arrives on the first open day on or after d + lead time, and no
   * order is placed before the start. So every open day at least `leadTimeDays` after the start
   * can receive an order placed exactly `leadTimeDays` before it; per week the first such day.
   */
  private collectPurchaseOptions(): void {
    const horizon = this.calendars.horizon;
    for (const supplier of this.factory.suppliers) {
      const calendar = this.calendars.calendar(supplier.calendar);
      const earliest = horizon.startDay + supplier.leadTimeDays;
      for (let week = 0; week < this.weeks; week++) {
        const first = Math.max(earliest, firstDayOfWeek(horizon, week));
        const end = firstDayOfWeek(horizon, week + 1);
        let arrivalDay: number | undefined;
        for (let day = first; day < end; day++) {
          if (calendar.isOpenOn(day)) {
            arrivalDay = day;
            break;
          }
        }
        if (arrivalDay === undefined) continue;
        for (const entry of supplier.items) {
          this.purchaseOptions.push({
            supplier,
            item: entry.item,
            week,
            orderDay: arrivalDay - supplier.leadTimeDays,
            arrivalDay,
            price: entry.price,
            minOrderQty: entry.minOrderQty ?? 0,
            orderMultiple: entry.orderMultiple,
            orderStep: entry.orderMultiple ?? unitQuantum(this.items.get(entry.item)?.uom ?? ''),
            capacityPerWeek: entry.capacityPerWeek,
          });
        }
      }
    }
  }

  private orderTopDown(): string[] {
    const indegree = new Map<string, number>(this.factory.items.map((item) => [item.id, 0]));
    for (const line of this.factory.boms) indegree.set(line.component, (indegree.get(line.component) ?? 0) + 1);
    const queue = this.factory.items.filter((item) => indegree.get(item.id) === 0).map((item) => item.id);
    const order: string[] = [];
    while (queue.length > 0) {
      const item = queue.shift()!;
      order.push(item);
      for (const line of this.components.get(item) ?? []) {
        const left = indegree.get(line.component)! - 1;
        indegree.set(line.component, left);
        if (left === 0) queue.push(line.component);
      }
    }
    return order;
  }

  /** What a work center may be loaded with in a week: available minutes and overtime, less what the flow holds back. */
  capacityLimit(resource: string, week: number): number {
    return this.availableMinutes.get(resource)![week]! + this.overtimeLimit.get(resource)! - (this.flowHeld.get(resource)?.[week] ?? 0);
  }

  /** What a tool or the labor pool may hold in a week: its minutes, less what the flow holds back. */
  secondaryLimit(capacity: SecondaryCapacity, week: number): number {
    // Levelling and the repair ask this in their inner loops: no key built where nothing is held.
    if (this.flowHeldSecondary.size === 0) return capacity.minutes[week]!;
    return capacity.minutes[week]! - (this.flowHeldSecondary.get(secondaryKey(capacity))?.[week] ?? 0);
  }

  demandOf(item: string, week: number): number {
    return this.demand.cells.get(item)?.[week]?.demand ?? 0;
  }

  /** What a lot of the item is a multiple of: its `lotMultiple`, else its unit's quantum (1 for counted units). */
  lotStep(item: Item): number {
    return item.lotMultiple ?? unitQuantum(item.uom);
  }

  leadTime(item: string): number {
    return this.items.get(item)?.leadTimeWeeks ?? 0;
  }

  /** The same factory with its held slushy weeks frozen: first plans that keep the previous plan there. */
  withSlushyHeld(): PlanningContext {
    const held = new PlanningContext({ ...this.factory, policy: { ...this.factory.policy, fences: { frozenWeeks: this.frozenWeeks + this.heldSlushyWeeks, slushyWeeks: this.slushyWeeks - this.heldSlushyWeeks } } });
    for (const [resource, row] of this.flowHeld) held.flowHeld.set(resource, Float64Array.from(row));
    for (const [key, row] of this.flowHeldSecondary) held.flowHeldSecondary.set(key, Float64Array.from(row));
    return held;
  }

  previous(item: string, week: number): number {
    return this.previousProduction.get(item)?.[week] ?? 0;
  }

  isFrozen(week: number): boolean {
    return week < this.frozenWeeks;
  }

  isSlushy(week: number): boolean {
    return week >= this.frozenWeeks && week < this.frozenWeeks + this.slushyWeeks;
  }

  /**
   * What each item may have to supply, week by week: finished demand pushed down the BOM (earlier
   * by each lead time) through every parent's production as a plan can make it, rounded up to the
   * parent's lots and never below the previous plan in the frozen weeks, with each item's safety
   * stock in the last week so that every week's remainder holds it. A plan whose lots round up
   * must still fit under the bounds drawn from these rows.
   */
  private requirementRows(): Map<string, Float64Array> {
    const weeks = this.weeks;
    const rows = new Map<string, Float64Array>();
    const rowOf = (item: string) => {
      let row = rows.get(item);
      if (!row) rows.set(item, (row = new Float64Array(weeks)));
      return row;
    };
    for (const item of this.factory.items) {
      const row = rowOf(item.id);
      if (item.type === 'finished') for (let week = 0; week < weeks; week++) row[week]! += this.demandOf(item.id, week);
      if (weeks > 0) row[weeks - 1]! += item.safetyStock ?? 0;
    }
    for (const id of this.topDown) {
      const item = this.items.get(id)!;
      const row = rowOf(id);
      const lead = this.leadTime(id);
      for (let week = 0; week < weeks; week++) {
        let made = row[week]!;
        if (this.isFrozen(week)) made = Math.max(made, this.previous(id, week));
        if (made <= 1e-9) continue;
        if (item.lotMultiple) made = Math.ceil(made / item.lotMultiple - 1e-9) * item.lotMultiple;
        made = Math.max(made, item.lotMin ?? 0);
        for (const line of this.components.get(id) ?? []) rowOf(line.component)[Math.max(0, week - lead)]! += made * line.qtyPer * (1 + (line.scrapPct ?? 0) / 100);
      }
    }
    return rows;
  }

  /** What each item may have to supply over the horizon: an upper bound on what it is ever worth making or buying. */
  grossRequirement(remaining = this.remainingRequirement()): Map<string, number> {
    // What remains from week 0 is the whole horizon's requirement.
    return new Map([...remaining].map(([item, row]) => [item, row[0] ?? 0]));
  }

  /**
   * What item i can ever usefully supply from week t on: its requirement from the oldest week a
   * backlog may still reach, safety stock included. The bound on a lot made in week t.
   */
  remainingRequirement(): Map<string, Float64Array> {
    const weeks = this.weeks;
    const remaining = new Map<string, Float64Array>();
    for (const [item, row] of this.requirementRows()) {
      const suffix = new Float64Array(weeks + 1);
      for (let week = weeks - 1; week >= 0; week--) suffix[week] = suffix[week + 1]! + row[week]!;
      remaining.set(item, Float64Array.from({ length: weeks }, (_, week) => suffix[Math.max(0, week - this.maxLatenessWeeks)]!));
    }
    return remaining;
  }

  /**
   * Whether the previous plan's frozen weeks can be executed as they are: every work center
   * within capacity plus overtime, and every component covered by stock, supply already on its
   * way and purchases that can still arrive in time. Then the frozen production is fixed
   * outright; otherwise the model may deviate from it at a heavy price, and the plan says so.
   */
  frozenIsExecutable(): boolean {
    for (let week = 0; week < this.frozenWeeks; week++) {
      for (const [resource, available] of this.availableMinutes) {
        let load = 0;
        for (const item of this.produced) {
          const qty = this.previous(item.id, week);
          if (qty <= 0) continue;
          for (const step of this.routings.get(item.id)?.steps ?? []) if (step.resource === resource) load += qty * step.runMinutesPerUnit + step.setupMinutes;
        }
        if (load > available[week]! + this.overtimeLimit.get(resource)! + 1e-6) return false;
      }
    }
    // New purchase orders may still arrive within the frozen weeks (paint S seed 24: 3 units of a
    // raw material short without them, and the frozen zone was left unfixed).
    const purchasable = new Map<string, Float64Array>();
    for (const option of this.purchaseOptions) {
      if (option.week >= this.frozenWeeks) continue;
      const row = purchasable.get(option.item) ?? new Float64Array(this.frozenWeeks);
      row[option.week]! += option.capacityPerWeek ?? Infinity;
      purchasable.set(option.item, row);
    }
    for (const item of this.factory.items) {
      let stock = item.onHand;
      for (let week = 0; week < this.frozenWeeks; week++) {
        stock += (this.fixedSupply.get(item.id)?.[week] ?? 0) + (purchasable.get(item.id)?.[week] ?? 0);
        if (week - this.leadTime(item.id) >= 0) stock += this.previous(item.id, week - this.leadTime(item.id));
        for (const use of this.consumers.get(item.id) ?? []) stock -= this.previous(use.parent, week) * use.perUnit;
        if (stock < -1e-6) return false;
      }
    }
    return true;
  }

  dateOf(day: number): string {
    return formatDate(day);
  }

  private optionsLatestFirst: Map<string, PurchaseOption[]> | undefined;

  /** An item's purchase options, the latest arrival first and the cheaper first within a week: where MRP and the repair buy. */
  purchaseOptionsLatestFirst(item: string): readonly PurchaseOption[] {
    if (!this.optionsLatestFirst) {
      this.optionsLatestFirst = new Map();
      for (const option of this.purchaseOptions) {
        const list = this.optionsLatestFirst.get(option.item) ?? [];
        list.push(option);
        this.optionsLatestFirst.set(option.item, list);
      }
      for (const list of this.optionsLatestFirst.values()) list.sort((a, b) => b.week - a.week || a.price - b.price);
    }
    return this.optionsLatestFirst.get(item) ?? [];
  }
}
