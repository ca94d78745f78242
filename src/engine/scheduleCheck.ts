/**
 * The schedule self-check: every rule under the schedule's "What must hold" in the spec,
 * verified from the schedule document, the factory and the plan alone.
 */
import { FactoryCalendars } from '../domain/capacity';
import { pushTo } from '../domain/collections';
import { formatDate, MINUTES_PER_DAY, parseInstant } from '../domain/dates';
import type { Factory, Plan, Schedule } from '../domain/types';
import { Changeovers } from './aps/changeover';

export interface ScheduleViolation {
  rule: 'coverage' | 'overlap' | 'setup' | 'duration' | 'precedence' | 'tool' | 'operators' | 'allergen' | 'campaign' | 'precede' | 'format';
  message: string;
}

/** Which plan weeks a schedule covers: one week, or weeks 0 .. `weeks`-1 (the frozen weeks by default). */
export function scheduledWeeks(factory: Factory, options: { week?: number; weeks?: number }): (week: number) => boolean {
  if (options.week !== undefined) return (week) => week === options.week;
  const weeks = options.weeks ?? Math.max(1, factory.policy.fences.frozenWeeks);
  return (week) => week < weeks;
}

export function checkSchedule(factory: Factory, plan: Plan, schedule: Schedule, options: { weeks?: number; week?: number } = {}): ScheduleViolation[] {
  const violations: ScheduleViolation[] = [];
  const fail = (rule: ScheduleViolation['rule'], message: string) => violations.push({ rule, message });
  const inScope = scheduledWeeks(factory, options);
  const calendars = new FactoryCalendars(factory);
  const items = new Map(factory.items.map((item) => [item.id, item]));
  const routings = new Map(factory.routings.map((routing) => [routing.item, routing]));
  const resources = new Map(factory.resources.map((resource) => [resource.id, resource]));
  const ops = schedule.operations.map((operation) => ({ ...operation, s: parseInstant(operation.setupStart), b: parseInstant(operation.start), e: parseInstant(operation.end) }));

  // Coverage: for each item and step, the lots add up to the plan's production of those weeks.
  const planned = new Map<string, number>();
  for (const line of plan.production) if (inScope(line.week) && routings.has(line.item)) planned.set(line.item, (planned.get(line.item) ?? 0) + line.qty);
  for (const [item, qty] of planned) {
    for (const step of routings.get(item)!.steps) {
      const scheduled = ops.filter((operation) => operation.item === item && operation.step === step.step).reduce((sum, operation) => sum + operation.qty, 0);
      if (Math.abs(scheduled - qty) > 1e-6 * Math.max(1, qty)) fail('coverage', `${item} step ${step.step}: ${scheduled} scheduled, the plan makes ${qty}`);
    }
  }

  const changeovers = new Changeovers(factory);
  const groupOf = (item: string, step: number) => changeovers.group(item, step);
  const rules = factory.sequenceRules;

  // Per machine: no overlap, enough setup, the right working minutes, allergen cleanings, campaigns.
  const byMachine = new Map<string, typeof ops>();
  for (const operation of ops) pushTo(byMachine, `${operation.resource}|${operation.machine}`, operation);
  for (const [key, list] of byMachine) {
    const [resourceId, machineId] = key.split('|') as [string, string];
    const resource = resources.get(resourceId);
    const machine = resource?.machines.find((candidate) => candidate.id === machineId);
    if (!resource || !machine) {
      fail('format', `machine ${machineId} of ${resourceId} does not exist`);
      continue;
    }
    const calendar = calendars.calendar(machine.calendar ?? resource.calendar);
    const allergenRule = changeovers.allergenRule(resourceId);
    const campaignRule = rules.find((rule) => rule.type === 'campaign' && rule.resource === resourceId) as Extract<Factory['sequenceRules'][number], { type: 'campaign' }> | undefined;
    // An operation of no work that ends where another starts comes first.
    list.sort((a, b) => a.s - b.s || a.e - b.e);
    const cleanings = new Map<number, number>();
    const campaigns = new Map<number, number>();
    let lastRank = -1;
    list.forEach((operation, position) => {
      const previous = list[position - 1];
      if (previous && operation.s < previous.e) fail('overlap', `${machineId}: ${operation.id} starts its setup at ${operation.setupStart}, before ${previous.id} ends at ${previous.end}`);
      const run = changeovers.runMinutes(operation.item, operation.step, machineId);
      if (run === undefined) fail('format', `${operation.id} runs on ${machineId}, which its routing step does not allow`);
      const { minutes: required, cleaning } = changeovers.required(resourceId, previous, operation);
      if (cleaning) {
        const day = Math.floor(operation.s / MINUTES_PER_DAY);
        cleanings.set(day, (cleanings.get(day) ?? 0) + 1);
      }
      if (operation.setupMinutes < required - 1e-9) fail('setup', `${machineId}: ${operation.id} has ${operation.setupMinutes} min of setup, the changeover needs ${required}`);
      const worked = calendar.workingMinutesBetween(operation.s, operation.e);
      const expected = operation.setupMinutes + operation.qty * (run ?? 0);
      // Times are whole minutes: the work is rounded up to the minute.
      if (worked < expected - 1e-6 || worked > Math.ceil(expected - 1e-9) + 1e-6) fail('duration', `${operation.id}: ${worked} working minutes between ${operation.setupStart} and ${operation.end}, the work takes ${expected.toFixed(2)}`);
      if (campaignRule) {
        const value = campaignRule.attribute === 'color' ? items.get(operation.item)?.attributes?.color : undefined;
        const rank = value === undefined ? -1 : campaignRule.order.indexOf(value);
        if (rank >= 0) {
          const week = Math.floor((operation.s / MINUTES_PER_DAY - calendars.horizon.startDay) / 7);
          if (lastRank < 0 || rank < lastRank) campaigns.set(week, (campaigns.get(week) ?? 0) + 1);
          lastRank = rank;
        }
      }
    });
    for (const [day, count] of cleanings) if (allergenRule && count > (allergenRule.maxCleaningsPerDay ?? 1)) fail('allergen', `${machineId}: ${count} allergen cleanings on ${formatDate(day)}, at most ${allergenRule.maxCleaningsPerDay ?? 1}`);
    for (const [week, count] of campaigns) if (campaignRule && count > (campaignRule.maxCampaignsPerWeek ?? 1)) fail('campaign', `${machineId}: ${count} colour campaigns in week ${week}, at most ${campaignRule.maxCampaignsPerWeek ?? 1}`);
  }

  // A step runs after the previous step of its lot has ended.
  const byOrder = new Map<string, typeof ops>();
  for (const operation of ops) pushTo(byOrder, operation.order, operation);
  for (const [order, list] of byOrder) {
    list.sort((a, b) => a.step - b.step);
    for (let i = 1; i < list.length; i++) if (list[i]!.b < list[i - 1]!.e) fail('precedence', `${order}: step ${list[i]!.step} starts at ${list[i]!.start}, before step ${list[i - 1]!.step} ends at ${list[i - 1]!.end}`);
  }

  // Tools and operators within their quantity and headcount at every instant; operators inside their shifts.
  const peak = (intervals: { from: number; to: number; amount: number }[]) => {
    const events = intervals.flatMap((interval) => [[interval.from, interval.amount], [interval.to, -interval.amount]] as [number, number][]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let current = 0;
    let max = 0;
    for (const [, delta] of events) max = Math.max(max, (current += delta));
    return max;
  };
  for (const tool of factory.tools) {
    const used = peak(ops.filter((operation) => operation.tools.includes(tool.id)).map((operation) => ({ from: operation.s, to: operation.e, amount: 1 })));
    if (used > tool.quantity) fail('tool', `tool ${tool.id}: ${used} in use at once, there are ${tool.quantity}`);
  }
  const pool = factory.laborPools.find((candidate) => candidate.id === factory.policy.laborPool);
  const staffed = ops.filter((operation) => operation.operators > 0);
  if (pool && staffed.length > 0) {
    const used = peak(staffed.map((operation) => ({ from: operation.s, to: operation.e, amount: operation.operators })));
    if (used > pool.headcount) fail('operators', `${used} operators busy at once, the pool has ${pool.headcount}`);
    const poolCalendar = calendars.calendar(pool.calendar);
    for (const operation of staffed) {
      const resource = resources.get(operation.resource)!;
      const machine = resource.machines.find((candidate) => candidate.id === operation.machine);
      const machineCalendar = calendars.calendar(machine?.calendar ?? resource.calendar);
      for (const [from, to] of machineCalendar.workingIntervals(operation.s, operation.e)) {
        if (poolCalendar.workingMinutesBetween(from, to) < to - from) {
          fail('operators', `${operation.id} works outside the labor pool's shifts`);
          break;
        }
      }
    }
  }

  // Precedence rules: in a week, no lot of `after` runs before a lot of `before` on that resource.
  for (const rule of rules) {
    if (rule.type !== 'precede') continue;
    const weekOf = (order: string) => Number(/-W(\d+)$/.exec(order)?.[1] ?? 0);
    const on = ops.filter((operation) => operation.resource === rule.resource);
    const matches = (operation: (typeof ops)[number], key: string) => operation.item === key || groupOf(operation.item, operation.step) === key;
    for (const after of on.filter((operation) => matches(operation, rule.after))) {
      for (const before of on.filter((operation) => matches(operation, rule.before) && !matches(operation, rule.after) && weekOf(operation.order) === weekOf(after.order))) {
        if (after.b < before.e) fail('precede', `${after.id} runs before ${before.id} has ended on ${rule.resource}`);
      }
    }
  }
  return violations;
}
