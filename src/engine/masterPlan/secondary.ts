/**
 * Capacities besides the work centers' own minutes that the shop floor cannot exceed: tools and
 * the labor pool. The schedule holds a step's tools and operators from its setup's start to its
 * end (aps/decoder.ts), so a week can carry no more of a tool's steps than its copies can run, and
 * no more operator-minutes than the pool has. Without them the plan loaded work centers the
 * schedule could not run: paint L tight 1.0, week 2, the 0.75 l enamel format parts (two copies
 * for a filling line of four machines) were planned for 269 h against 240 h of two copies'
 * three-shift week, and the line ran 213 h past the week's end.
 *
 * Each is a row per week in the Master Plan: Σ (run minutes × quantity + setup minutes) of the
 * steps that need it, times the operators they hold, ≤ what it has that week. Frozen weeks are
 * the previous plan's, executed as planned, and carry no such row.
 */
import { firstDayOfWeek } from '../../domain/buckets';
import type { FactoryCalendars } from '../../domain/capacity';
import type { Factory } from '../../domain/types';

export interface SecondaryUse {
  /** Minutes held per unit made. */
  run: number;
  /** Minutes held per lot (its setup). */
  setup: number;
  /** The work centers whose steps hold it. */
  resources: string[];
}

export interface SecondaryCapacity {
  kind: 'tool' | 'labor';
  /** The tool's or the labor pool's id. */
  id: string;
  /** What it can hold per week, in minutes. */
  minutes: Float64Array;
  /** Per produced item: what making it holds. */
  uses: Map<string, SecondaryUse>;
}

/** A tool's or the labor pool's key, apart from the work centers': `tool:ID`, `labor:ID` (model rows, levelling, the loop's hold-back). */
export function secondaryKey(capacity: Pick<SecondaryCapacity, 'kind' | 'id'>): string {
  return `${capacity.kind}:${capacity.id}`;
}

export function secondaryCapacities(factory: Factory, calendars: FactoryCalendars, weeks: number): SecondaryCapacity[] {
  const capacities: SecondaryCapacity[] = [];
  const resources = new Map(factory.resources.map((resource) => [resource.id, resource]));
  const known = new Map<string, Float64Array>();
  const weekMinutes = (calendar: string) => {
    let minutes = known.get(calendar);
    if (!minutes) known.set(calendar, (minutes = Float64Array.from({ length: weeks }, (_, week) => calendars.calendar(calendar).workingMinutesOfWeek(firstDayOfWeek(calendars.horizon, week)))));
    return minutes;
  };

  // One pass over the routings: per tool, what each item's steps hold of it and the machines that
  // can run those steps, with their efficiency (the plan's minutes are derated alike).
  const toolUses = new Map<string, { uses: Map<string, SecondaryUse>; machines: Map<string, { calendar: string; efficiency: number }> }>();
  for (const routing of factory.routings) {
    for (const step of routing.steps) {
      const resource = resources.get(step.resource);
      if (!resource) continue;
      for (const tool of step.tools ?? []) {
        let entry = toolUses.get(tool);
        if (!entry) toolUses.set(tool, (entry = { uses: new Map(), machines: new Map() }));
        const eligible = step.machines ? new Set(step.machines.map((machine) => machine.machine)) : undefined;
        for (const machine of resource.machines) if (!eligible || eligible.has(machine.id)) entry.machines.set(`${resource.id}|${machine.id}`, { calendar: machine.calendar ?? resource.calendar, efficiency: resource.efficiency });
        addUse(entry.uses, routing.item, step.resource, step.runMinutesPerUnit, step.setupMinutes);
      }
    }
  }
  for (const tool of factory.tools) {
    const entry = toolUses.get(tool.id);
    // As many copies as machines: the work centers' own rows already say it all.
    if (!entry || tool.quantity >= entry.machines.size) continue;
    const minutes = new Float64Array(weeks);
    for (let week = 0; week < weeks; week++) {
      // Each copy on one machine at a time: at most the copies' count of the longest machine weeks.
      const longest = [...entry.machines.values()].map((machine) => weekMinutes(machine.calendar)[week]! * machine.efficiency).sort((a, b) => b - a);
      minutes[week] = longest.slice(0, tool.quantity).reduce((sum, value) => sum + value, 0);
    }
    capacities.push({ kind: 'tool', id: tool.id, minutes, uses: entry.uses });
  }

  const pool = factory.policy.laborPool ? factory.laborPools.find((candidate) => candidate.id === factory.policy.laborPool) : undefined;
  if (pool) {
    const uses = new Map<string, SecondaryUse>();
    for (const routing of factory.routings) for (const step of routing.steps) if ((step.operators ?? 0) > 0) addUse(uses, routing.item, step.resource, step.operators! * step.runMinutesPerUnit, step.operators! * step.setupMinutes);
    if (uses.size > 0) capacities.push({ kind: 'labor', id: pool.id, minutes: weekMinutes(pool.calendar).map((minutes) => pool.headcount * minutes), uses });
  }
  return capacities;
}

function addUse(uses: Map<string, SecondaryUse>, item: string, resource: string, run: number, setup: number): void {
  const use = uses.get(item) ?? { run: 0, setup: 0, resources: [] };
  use.run += run;
  use.setup += setup;
  if (!use.resources.includes(resource)) use.resources.push(resource);
  uses.set(item, use);
}

/** What a plan's production holds of each secondary capacity, per week. */
export function secondaryLoad(capacity: SecondaryCapacity, production: ReadonlyMap<string, ArrayLike<number>>, weeks: number): Float64Array {
  const load = new Float64Array(weeks);
  for (const [item, use] of capacity.uses) {
    const made = production.get(item);
    if (!made) continue;
    for (let week = 0; week < weeks; week++) if (made[week]! > 0) load[week]! += made[week]! * use.run + use.setup;
  }
  return load;
}
