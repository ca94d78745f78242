/**
 * Variations on the demo factories that the generator does not make, for testing the engines on
 * factories they were not tuned on: more frozen weeks, a day-shift crew, lots of no work, extra
 * precedence rules, a Saturday of overtime, no slushy zone, no lateness allowed, no lot multiples. Each changes the factory in place and keeps it valid.
 */
import { SeededRandom } from '../../src/domain/random';
import type { Factory, SequenceRule } from '../../src/domain/types';

export type FactoryMutation = 'frozen2' | 'noSlushyZone' | 'noLateness' | 'dayCrew' | 'shortShifts' | 'noWorkStep' | 'precedeMore' | 'saturdayOvertime' | 'halfEfficiency' | 'sharedTool' | 'noLotMultiples';

function dayOfWeek0(factory: Factory, offset: number): string {
  const day = new Date(`${factory.start}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + offset);
  return day.toISOString().slice(0, 10);
}

const mutations: Record<FactoryMutation, (factory: Factory, random: SeededRandom) => void> = {
  frozen2: (factory) => (factory.policy.fences.frozenWeeks = 2),
  noSlushyZone: (factory) => (factory.policy.fences.slushyWeeks = 0),
  noLateness: (factory) => (factory.policy.maxLatenessWeeks = 0),
  // Two operators on the day shift, against machines that run two or three shifts.
  dayCrew: (factory) => {
    for (const pool of factory.laborPools) {
      pool.calendar = 'CAL-DAY';
      pool.headcount = 2;
    }
  },
  shortShifts: (factory) => {
    const twoShifts = factory.calendars.find((calendar) => calendar.id === 'CAL-2SHIFT')!;
    twoShifts.shifts = [
      { days: [1, 2, 3, 4, 5], from: '06:00', to: '09:00' },
      { days: [1, 2, 3, 4, 5], from: '09:30', to: '12:00' },
      { days: [1, 2, 3, 4, 5], from: '13:00', to: '21:45' },
    ];
  },
  noWorkStep: (factory) => {
    const step = factory.routings[0]!.steps[0]!;
    step.runMinutesPerUnit = 0;
    for (const machine of step.machines ?? []) machine.runMinutesPerUnit = 0;
  },
  // Up to three more precedence rules between items of one work center, never in a cycle and never against a campaign's colour order.
  precedeMore: (factory, random) => {
    const steps = factory.routings.flatMap((routing) => routing.steps.map((step) => ({ item: routing.item, resource: step.resource })));
    const color = (item: string) => factory.items.find((candidate) => candidate.id === item)?.attributes?.color ?? '';
    const precede = () => factory.sequenceRules.filter((rule): rule is Extract<SequenceRule, { type: 'precede' }> => rule.type === 'precede');
    const reaches = (resource: string, from: string, to: string): boolean => {
      const seen = new Set<string>();
      const stack = [from];
      while (stack.length > 0) {
        const item = stack.pop()!;
        if (item === to) return true;
        if (seen.has(item)) continue;
        seen.add(item);
        for (const rule of precede()) if (rule.resource === resource && rule.before === item) stack.push(rule.after);
      }
      return false;
    };
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = steps[Math.floor(random.next() * steps.length)]!;
      const others = steps.filter((step) => step.resource === before.resource && step.item !== before.item);
      if (others.length === 0) continue;
      const after = others[Math.floor(random.next() * others.length)]!.item;
      const campaign = factory.sequenceRules.find((rule): rule is Extract<SequenceRule, { type: 'campaign' }> => rule.type === 'campaign' && rule.resource === before.resource);
      if (reaches(before.resource, after, before.item) || (campaign && campaign.order.indexOf(color(after)) < campaign.order.indexOf(color(before.item)))) continue;
      factory.sequenceRules.push({ type: 'precede', resource: before.resource, before: before.item, after });
    }
  },
  // Week 0's Saturday worked 06:00 to 24:00 by every calendar, the crew's included.
  saturdayOvertime: (factory) => {
    const saturday = dayOfWeek0(factory, 5);
    for (const calendar of factory.calendars) calendar.exceptions = [...(calendar.exceptions ?? []), { from: saturday, to: saturday, shifts: [{ days: [6], from: '06:00', to: '24:00' }] }];
  },
  halfEfficiency: (factory) => {
    for (const resource of factory.resources) resource.efficiency = 0.5;
  },
  // No lot or order multiples and no lot minimums: the plan's whole units come from the unit of measure alone.
  noLotMultiples: (factory) => {
    for (const item of factory.items) {
      delete item.lotMultiple;
      delete item.lotMin;
    }
    for (const supplier of factory.suppliers) for (const entry of supplier.items) delete entry.orderMultiple;
  },
  sharedTool: (factory) => {
    const tool = factory.tools[0];
    if (!tool) return;
    for (const routing of factory.routings) for (const step of routing.steps) if (step.tools?.length) step.tools = [tool.id];
  },
};

/** Every variation's name. */
export const factoryMutations = Object.keys(mutations) as FactoryMutation[];

export function mutateFactory(factory: Factory, names: readonly FactoryMutation[], seed = 1): Factory {
  const random = new SeededRandom(seed);
  for (const name of names) mutations[name](factory, random);
  return factory;
}
