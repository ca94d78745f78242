/**
 * The scheduling instance of the frozen weeks: the Master Plan's production there becomes lots
 * (one per item and week, or several equal sub-lots where the caller splits it so that machines
 * of a work center can share it), each with one operation per routing step, to be placed on the
 * machines of the step's work center. Everything the sequencer and the self-check need is
 * resolved here once: eligible machines with their own speeds, setup groups and the setup
 * matrix, allergens and colours, tools, operators, calendars and due dates.
 */
import { scheduledWeeks } from '../scheduleCheck';
import { firstDayOfWeek, horizonOf, weekOfDate } from '../../domain/buckets';
import type { CompiledCalendar } from '../../domain/calendar';
import { FactoryCalendars } from '../../domain/capacity';
import { MINUTES_PER_DAY, parseDate } from '../../domain/dates';
import type { Factory, Plan, Resource, SequenceRule } from '../../domain/types';
import { planStock } from '../planStock';
import { fitToCrewShifts } from './staffing';

export interface ApsMachine {
  index: number;
  id: string;
  resource: Resource;
  calendar: CompiledCalendar;
}

export interface ApsOperation {
  index: number;
  id: string;
  /** The lot: one per item and week of production, or one of its sub-lots. */
  order: string;
  lot: number;
  item: string;
  step: number;
  /** Position of this step in its lot's routing (0-based); operations of a lot run in this order. */
  stepIndex: number;
  qty: number;
  resource: string;
  /** Machine index -> run minutes per unit on it. */
  eligible: Map<number, number>;
  setupGroup: string;
  setupMinutes: number;
  allergens: ReadonlySet<string>;
  attributes: Record<string, string | undefined>;
  tools: string[];
  operators: number;
  /** Parts the lot must be cut into for this step to fit the crew's shifts (staffing.ts); undefined when no cut fits. */
  crewParts: number | undefined;
  /** Instant the lot is due (end of its week, or the firm order's due date). */
  due: number;
  weight: number;
}

export interface ApsLot {
  id: string;
  item: string;
  week: number;
  /** When its first step may start: the start of its week, when the Master Plan has its materials. */
  release: number;
  operations: number[];
}

export interface ApsInstance {
  factory: Factory;
  machines: ApsMachine[];
  operations: ApsOperation[];
  lots: ApsLot[];
  /** When work may start: the first instant of week 0. */
  origin: number;
  /** Rules by work center. */
  allergenRule: Map<string, Extract<SequenceRule, { type: 'allergen-last' }>>;
  campaignRule: Map<string, Extract<SequenceRule, { type: 'campaign' }>>;
  precedeRules: Map<string, Extract<SequenceRule, { type: 'precede' }>[]>;
  toolCapacity: Map<string, number>;
  labor: { headcount: number; calendar: CompiledCalendar } | undefined;
  weekOf: (instant: number) => number;
  /** Changeover minutes between two operations on a machine (before `next`; `previous` undefined for the first). */
  setupBetween: (previous: ApsOperation | undefined, next: ApsOperation) => number;
  /** Whether that changeover is an allergen cleaning. */
  isCleaning: (previous: ApsOperation | undefined, next: ApsOperation) => boolean;
  /**
   * Operations the planner pinned on the Gantt, by index: they stay on their machine and start
   * their setup at that instant; the search sequences everything else around them.
   */
  pins: Map<number, { machine: number; at: number }>;
}

export interface ApsOptions {
  /** Weeks of production to schedule, from week 0 (default: the frozen weeks, at least 1). */
  weeks?: number;
  /** One week's production alone (`ponte schedule --week N`): released at its start, due at its end. Overrides `weeks`. */
  week?: number;
  /** Sub-lots per `item|week`: that production is cut into this many lots of (nearly) equal size. */
  splits?: ReadonlyMap<string, number>;
  /** The lots' firm-order due dates (firmOrderDues) and the compiled calendars (13 ms on M), when the caller builds the week several times. */
  dues?: ReadonlyMap<string, number>;
  calendars?: FactoryCalendars;
}

/** Near-equal parts: whole units where the quantity is whole, the remainder on the first parts. */
export function splitQuantity(qty: number, parts: number): number[] {
  if (parts <= 1 || qty < parts) return [qty];
  if (!Number.isInteger(qty)) return Array.from({ length: parts }, (_, part) => (part < parts - 1 ? qty / parts : qty - (qty / parts) * (parts - 1)));
  const base = Math.floor(qty / parts);
  return Array.from({ length: parts }, (_, part) => base + (part < qty - base * parts ? 1 : 0));
}

/**
 * When the lot of an item's week is due, where it serves a firm order: the end of that order's
 * due day. The stock the plan holds at the week's start serves the week's firm orders first, in
 * the order they are due; the lot serves only those it leaves uncovered (an order due on Monday
 * that last week's production already covers does not make this week's lot due on Monday: seen,
 * 54 of 2,847 lots on the demo S-M could not have met such a date even alone on the plant).
 */
export function firmOrderDues(factory: Factory, plan: Plan): Map<string, number> {
  const byWeek = firmOrdersByWeek(factory);
  const items = new Set(factory.orders.map((order) => order.item));
  const stock = items.size > 0 ? planStock(factory, plan, items).stock : new Map<string, number[]>();
  const onHand = new Map(factory.items.map((item) => [item.id, item.onHand]));
  const dues = new Map<string, number>();
  for (const [key, orders] of byWeek) {
    const [item, weekText] = key.split('|') as [string, string];
    const week = Number(weekText);
    // Stock at the week's start, less what the weeks before still owed (a negative level is not stock).
    let opening = week > 0 ? Math.max(0, stock.get(item)?.[week - 1] ?? 0) : (onHand.get(item) ?? 0);
    for (const order of orders) {
      if (opening + 1e-9 >= order.qty) {
        opening -= order.qty;
        continue;
      }
      dues.set(key, order.due);
      break;
    }
  }
  return dues;
}

/** Firm orders per `item|week` (overdue ones in week 0), each due at the end of its due day, the earliest first. */
export function firmOrdersByWeek(factory: Factory): Map<string, { due: number; qty: number }[]> {
  const horizon = horizonOf(factory.start, factory.horizonWeeks);
  const byWeek = new Map<string, { due: number; qty: number }[]>();
  for (const order of factory.orders) {
    const key = `${order.item}|${Math.max(0, weekOfDate(horizon, order.due))}`;
    const list = byWeek.get(key) ?? [];
    list.push({ due: (parseDate(order.due) + 1) * MINUTES_PER_DAY, qty: order.qty });
    byWeek.set(key, list);
  }
  for (const list of byWeek.values()) list.sort((a, b) => a.due - b.due);
  return byWeek;
}

export function buildApsInstance(factory: Factory, plan: Plan, options: ApsOptions = {}): ApsInstance {
  return apsInstanceBuilder(factory, plan, options)(options.splits);
}

/**
 * The instances of one plan's weeks, as many times as the caller cuts its lots differently: all
 * that does not depend on the cuts (machines, routings, due dates, the plan's lines, the crew's
 * stretches) is resolved once. The lot-split trials of aps/index.ts build a week up to 40 times:
 * on food L and paint L, the builds took 3-6 ms each, two thirds of a trial and a third of a flow check.
 */
export function apsInstanceBuilder(factory: Factory, plan: Plan, options: Omit<ApsOptions, 'splits'> = {}): (splits?: ReadonlyMap<string, number>) => ApsInstance {
  const calendars = options.calendars ?? new FactoryCalendars(factory);
  const horizon = calendars.horizon;
  const items = new Map(factory.items.map((item) => [item.id, item]));
  const resources = new Map(factory.resources.map((resource) => [resource.id, resource]));

  const machines: ApsMachine[] = [];
  const machineIndex = new Map<string, number>();
  for (const resource of factory.resources) {
    for (const machine of resource.machines) {
      machineIndex.set(`${resource.id}|${machine.id}`, machines.length);
      machines.push({ index: machines.length, id: machine.id, resource, calendar: calendars.calendar(machine.calendar ?? resource.calendar) });
    }
  }

  const orderDue = options.dues ?? firmOrderDues(factory, plan);
  const orderPriority = new Map<string, number>();
  for (const order of factory.orders) orderPriority.set(order.item, Math.min(orderPriority.get(order.item) ?? 9, order.priority ?? 5));

  // Each routed item's steps in order, with what its operations share: every operation gets its
  // own copy of the eligible machines (fitToCrewShifts takes machines out of it).
  interface StepTemplate {
    step: number;
    resource: Resource;
    eligible: Map<number, number>;
    setupGroup: string;
    setupMinutes: number;
    tools: string[];
    operators: number;
  }
  const templates = new Map<string, { steps: StepTemplate[]; allergens: ReadonlySet<string>; color: string | undefined }>();
  for (const routing of factory.routings) {
    const item = items.get(routing.item);
    if (!item) continue;
    const steps = [...routing.steps].sort((a, b) => a.step - b.step).map((step): StepTemplate => {
      const resource = resources.get(step.resource)!;
      const eligible = new Map<number, number>();
      if (step.machines) for (const entry of step.machines) eligible.set(machineIndex.get(`${resource.id}|${entry.machine}`)!, entry.runMinutesPerUnit);
      else for (const machine of resource.machines) eligible.set(machineIndex.get(`${resource.id}|${machine.id}`)!, step.runMinutesPerUnit);
      return { step: step.step, resource, eligible, setupGroup: step.setupGroup ?? item.attributes?.color ?? item.id, setupMinutes: step.setupMinutes, tools: step.tools ?? [], operators: step.operators ?? 0 };
    });
    templates.set(routing.item, { steps, allergens: new Set(item.attributes?.allergens ?? []), color: item.attributes?.color });
  }

  const inScope = scheduledWeeks(factory, options);
  const production = plan.production.filter((line) => inScope(line.week) && line.qty > 0 && templates.has(line.item)).sort((a, b) => a.week - b.week || a.item.localeCompare(b.item));

  // Setup minutes by group pair, looked up without building a key (the decoder asks for every pair it places).
  const matrices = new Map(factory.setupMatrices.map((matrix) => {
    const entries = new Map<string, Map<string, number>>();
    for (const entry of matrix.entries) {
      let from = entries.get(entry.from);
      if (!from) entries.set(entry.from, (from = new Map()));
      from.set(entry.to, entry.minutes);
    }
    return [matrix.resource, { defaultMinutes: matrix.defaultMinutes, entries }];
  }));
  const allergenRule = new Map<string, Extract<SequenceRule, { type: 'allergen-last' }>>();
  const campaignRule = new Map<string, Extract<SequenceRule, { type: 'campaign' }>>();
  const precedeRules = new Map<string, Extract<SequenceRule, { type: 'precede' }>[]>();
  for (const rule of factory.sequenceRules) {
    if (rule.type === 'allergen-last') allergenRule.set(rule.resource, rule);
    else if (rule.type === 'campaign') campaignRule.set(rule.resource, rule);
    else precedeRules.set(rule.resource, [...(precedeRules.get(rule.resource) ?? []), rule]);
  }

  const isCleaning = (previous: ApsOperation | undefined, next: ApsOperation): boolean => {
    if (!previous || !allergenRule.has(next.resource)) return false;
    for (const allergen of previous.allergens) if (!next.allergens.has(allergen)) return true;
    return false;
  };
  const setupBetween = (previous: ApsOperation | undefined, next: ApsOperation): number => {
    let minutes: number;
    const matrix = matrices.get(next.resource);
    if (!previous) minutes = next.setupMinutes;
    else if (previous.setupGroup === next.setupGroup) minutes = 0;
    else if (matrix) minutes = matrix.entries.get(previous.setupGroup)?.get(next.setupGroup) ?? matrix.defaultMinutes;
    else minutes = next.setupMinutes;
    if (isCleaning(previous, next)) minutes = Math.max(minutes, allergenRule.get(next.resource)!.cleaningMinutes);
    return minutes;
  };

  const pool = factory.policy.laborPool ? factory.laborPools.find((candidate) => candidate.id === factory.policy.laborPool) : undefined;
  const toolCapacity = new Map(factory.tools.map((tool) => [tool.id, tool.quantity]));
  const labor = pool ? { headcount: pool.headcount, calendar: calendars.calendar(pool.calendar) } : undefined;
  // Machines' clocks (and the makespan) start with the first week scheduled.
  const origin = firstDayOfWeek(horizon, options.week ?? 0) * MINUTES_PER_DAY;
  const weekOf = (instant: number) => Math.floor((instant / MINUTES_PER_DAY - horizon.startDay) / 7);
  const weekStart = (week: number) => firstDayOfWeek(horizon, week) * MINUTES_PER_DAY;
  // The crew's usual stretch per machine: the same window whatever the cuts (the weeks of the lines).
  const stretches = new Map<number, number>();

  return (splits) => {
    const operations: ApsOperation[] = [];
    const lots: ApsLot[] = [];
    for (const line of production) {
      const template = templates.get(line.item)!;
      const quantities = splitQuantity(line.qty, splits?.get(`${line.item}|${line.week}`) ?? 1);
      // The week stays last in the id: rules read a lot's week from its `-W<n>` suffix.
      const release = weekStart(line.week);
      const due = Math.min(weekStart(line.week + 1), orderDue.get(`${line.item}|${line.week}`) ?? Infinity);
      quantities.forEach((qty, part) => {
        const lot: ApsLot = { id: quantities.length > 1 ? `LOT-${line.item}-P${part + 1}-W${line.week}` : `LOT-${line.item}-W${line.week}`, item: line.item, week: line.week, release, operations: [] };
        template.steps.forEach((step, stepIndex) => {
          const operation: ApsOperation = {
            index: operations.length,
            id: `${lot.id}-${step.step}`,
            order: lot.id,
            lot: lots.length,
            item: line.item,
            step: step.step,
            stepIndex,
            qty,
            resource: step.resource.id,
            eligible: new Map(step.eligible),
            setupGroup: step.setupGroup,
            setupMinutes: step.setupMinutes,
            allergens: template.allergens,
            attributes: { color: template.color },
            tools: step.tools,
            operators: step.operators,
            crewParts: 1,
            due,
            // Items with urgent firm orders weigh more: priority 1 counts 9, priority 9 counts 1.
            weight: 10 - (orderPriority.get(line.item) ?? 9),
          };
          operations.push(operation);
          lot.operations.push(operation.index);
        });
        lots.push(lot);
      });
    }
    const instance: ApsInstance = { factory, machines, operations, lots, origin, allergenRule, campaignRule, precedeRules, toolCapacity, labor, weekOf, setupBetween, isCleaning, pins: new Map() };
    fitToCrewShifts(instance, stretches);
    return instance;
  };
}
