import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KINDS, generateDemoFactory, type DemoSize } from '../../src/demo/generator';
import { SeededRandom } from '../../src/domain/random';
import { scheduleSchema } from '../../src/domain/schema';
import type { Factory, Plan, Schedule } from '../../src/domain/types';
import { scheduleFrozenWeeks } from '../../src/engine/aps/index';
import { decode } from '../../src/engine/aps/decoder';
import { buildApsInstance } from '../../src/engine/aps/instance';
import { layoutFromInstance } from '../../src/engine/aps/kernel/layout';
import { ReferenceKernel } from '../../src/engine/aps/kernel/reference';
import { sequenceMachines } from '../../src/engine/aps/machineSequences';
import { constructiveDecision, machinesAreIndependent } from '../../src/engine/aps/search';
import { planMaster } from '../../src/engine/masterPlan/index';
import { checkSchedule } from '../../src/engine/scheduleCheck';
import { createHighsSolver, type HighsSolver } from '../../src/solver/highs';
import { tinyFactory } from '../helpers/tinyFactory';
import * as v from 'valibot';

let solver: HighsSolver;
beforeAll(async () => {
  solver = await createHighsSolver();
});

/** A line of lots on one machine: items L1..Ln, each 100 units at 1 min, frozen in week 0. */
function lineFactory(count: number, configure: (factory: Factory) => void = () => undefined): { factory: Factory; plan: Plan } {
  const factory = tinyFactory();
  factory.items = factory.items.filter((item) => item.type !== 'finished');
  factory.routings = [];
  factory.boms = [];
  const production: Plan['production'] = [];
  for (let i = 1; i <= count; i++) {
    factory.items.push({ id: `L${i}`, name: `Lot ${i}`, type: 'finished', family: 'FAM', uom: 'pc', price: 10, unitCost: 5, holdingCostPerWeek: 0, onHand: 0 });
    factory.routings.push({ item: `L${i}`, steps: [{ step: 10, resource: 'WC', runMinutesPerUnit: 1, setupMinutes: 30 }] });
    production.push({ item: `L${i}`, week: 0, qty: 100 });
  }
  configure(factory);
  const plan = { format: 'ponte.plan/1', status: 'feasible', objective: 0, production, purchases: [], constrainedDemand: [], capacity: [], changes: [], stats: { variables: 0, constraints: 0, solveSeconds: 0, solver: 'test' } } as Plan;
  return { factory, plan };
}

const sequence = (schedule: Schedule, machine: string) => schedule.operations.filter((operation) => operation.machine === machine).sort((a, b) => a.setupStart.localeCompare(b.setupStart)).map((operation) => operation.item);

describe('the APS sequencer on cases whose best sequence is known', () => {
  it('finds the only order without long changeovers', () => {
    const { factory, plan } = lineFactory(5, (f) => {
      // Groups by item; only L3 → L1 → L5 → L2 → L4 changes over quickly.
      const quick = [['L3', 'L1'], ['L1', 'L5'], ['L5', 'L2'], ['L2', 'L4']];
      f.setupMatrices = [{ resource: 'WC', defaultMinutes: 300, entries: quick.map(([from, to]) => ({ from: from!, to: to!, minutes: 5 })) }];
    });
    const run = scheduleFrozenWeeks(factory, plan, { seed: 3, maxIterations: 300 });
    expect(run.schedule.violations).toEqual([]);
    expect(sequence(run.schedule, 'M1')).toEqual(['L3', 'L1', 'L5', 'L2', 'L4']);
    expect(run.schedule.kpis.totalSetupMinutes).toBe(30 + 4 * 5);
  });

  it('runs allergen-free lots first and allergens last, with no cleaning', () => {
    const { factory, plan } = lineFactory(4, (f) => {
      f.items.find((item) => item.id === 'L1')!.attributes = { allergens: ['milk', 'nuts'] };
      f.items.find((item) => item.id === 'L3')!.attributes = { allergens: ['milk'] };
      f.sequenceRules = [{ type: 'allergen-last', resource: 'WC', cleaningMinutes: 120, maxCleaningsPerDay: 1 }];
    });
    const run = scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 200 });
    expect(run.schedule.violations).toEqual([]);
    const order = sequence(run.schedule, 'M1');
    expect(order.slice(0, 2).sort()).toEqual(['L2', 'L4']);
    expect(order.slice(2)).toEqual(['L3', 'L1']);
    expect(run.schedule.operations.every((operation) => operation.setupMinutes < 120)).toBe(true);
  });

  it('follows the colour order of a campaign rule', () => {
    const colors = ['black', 'white', 'red', 'yellow'];
    const { factory, plan } = lineFactory(4, (f) => {
      colors.forEach((color, i) => (f.items.find((item) => item.id === `L${i + 1}`)!.attributes = { color }));
      f.sequenceRules = [{ type: 'campaign', resource: 'WC', attribute: 'color', order: ['white', 'yellow', 'red', 'black'], maxCampaignsPerWeek: 1 }];
    });
    const run = scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 100 });
    expect(run.schedule.violations).toEqual([]);
    expect(sequence(run.schedule, 'M1')).toEqual(['L2', 'L4', 'L3', 'L1']);
  });

  it('never lets two operations hold a single tool at once', () => {
    const { factory, plan } = lineFactory(3, (f) => {
      f.resources[0]!.machines.push({ id: 'M2' });
      f.tools = [{ id: 'MOULD', name: 'Mould', quantity: 1 }];
      for (const routing of f.routings) routing.steps[0]!.tools = ['MOULD'];
    });
    const run = scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 50 });
    expect(run.schedule.violations).toEqual([]);
    const spans = run.schedule.operations.map((operation) => [operation.setupStart, operation.end]).sort();
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]! >= spans[i - 1]![1]!).toBe(true);
  });

  it('splits a lot across two machines when one alone would finish it late', () => {
    // 4,000 minutes of work against 2,400 working minutes a week per machine: only halves fit.
    const { factory, plan } = lineFactory(2, (f) => f.resources[0]!.machines.push({ id: 'M2' }));
    plan.production = [{ item: 'L1', week: 0, qty: 4000 }, { item: 'L2', week: 0, qty: 100 }];
    const whole = scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 50, splitLots: false });
    expect(whole.schedule.kpis.totalTardinessMinutes).toBeGreaterThan(0);
    const run = scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 50 });
    expect(run.schedule.violations).toEqual([]);
    expect(run.schedule.kpis.totalTardinessMinutes).toBe(0);
    const parts = run.schedule.operations.filter((operation) => operation.item === 'L1');
    expect(parts.map((operation) => operation.machine).sort()).toEqual(['M1', 'M2']);
    expect(parts.map((operation) => operation.qty)).toEqual([2000, 2000]);
    expect(new Set(parts.map((operation) => operation.order)).size).toBe(2);
    // L2 is on time either way and stays whole.
    expect(run.schedule.operations.filter((operation) => operation.item === 'L2')).toHaveLength(1);
  });

  it('cuts a late lot of two steps into sub-lots so that its second step starts on the first (transfer batches)', () => {
    // 1,500 minutes on each of two single-machine lines against 2,400 working minutes a week: whole,
    // the packing waits for all of the filling and ends at 3,000 minutes; in four sub-lots it starts
    // after the first quarter and ends within the week.
    const { factory, plan } = lineFactory(1, (f) => {
      f.resources.push({ id: 'PACK', name: 'Packing', calendar: f.resources[0]!.calendar, efficiency: 1, machines: [{ id: 'P1' }] });
      f.routings[0]!.steps.push({ step: 20, resource: 'PACK', runMinutesPerUnit: 1, setupMinutes: 10 });
    });
    plan.production = [{ item: 'L1', week: 0, qty: 1500 }];
    const whole = scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 20, splitLots: false });
    expect(whole.schedule.kpis.totalTardinessMinutes).toBeGreaterThan(0);
    const run = scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 20 });
    expect(run.schedule.violations).toEqual([]);
    expect(checkSchedule(factory, plan, run.schedule)).toEqual([]);
    expect(run.schedule.kpis.totalTardinessMinutes).toBe(0);
    const packing = run.schedule.operations.filter((operation) => operation.resource === 'PACK');
    expect(packing).toHaveLength(4);
    expect(packing.reduce((sum, operation) => sum + operation.qty, 0)).toBe(1500);
  });

  it('starts the lots of the second frozen week in that week, one colour campaign a week', () => {
    const colors = ['black', 'white', 'red', 'yellow'];
    const { factory, plan } = lineFactory(4, (f) => {
      f.policy.fences.frozenWeeks = 2;
      colors.forEach((color, i) => (f.items.find((item) => item.id === `L${i + 1}`)!.attributes = { color }));
      f.sequenceRules = [{ type: 'campaign', resource: 'WC', attribute: 'color', order: ['white', 'yellow', 'red', 'black'], maxCampaignsPerWeek: 1 }];
    });
    plan.production.push(...plan.production.map((line) => ({ ...line, week: 1 })));
    const run = scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 20 });
    expect(run.schedule.violations).toEqual([]);
    expect(checkSchedule(factory, plan, run.schedule, { weeks: 2 })).toEqual([]);
    // Week 1 begins on 2026-12-07: its materials arrive for that week, not before.
    const secondWeek = run.schedule.operations.filter((operation) => operation.order.endsWith('-W1'));
    expect(secondWeek).toHaveLength(4);
    for (const operation of secondWeek) expect(operation.setupStart >= '2026-12-07').toBe(true);
  });

  it('writes an operation of no work before the one that starts where it ends', () => {
    // L2 runs in no time after L3 (same setup group) and costs 60 minutes of setup first; changing
    // back from L1 costs 300: so L3, L2, L1 it is, and L2 ends at the instant L1's setup starts.
    const { factory, plan } = lineFactory(3, (f) => {
      f.routings[2]!.steps[0]!.setupGroup = 'G';
      f.routings[1]!.steps[0] = { ...f.routings[1]!.steps[0]!, setupGroup: 'G', runMinutesPerUnit: 0, setupMinutes: 60 };
      f.setupMatrices = [{ resource: 'WC', defaultMinutes: 300, entries: [{ from: 'G', to: 'L1', minutes: 5 }] }];
    });
    const run = scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 50 });
    expect(run.schedule.violations).toEqual([]);
    expect(run.schedule.operations.map((operation) => operation.item)).toEqual(['L3', 'L2', 'L1']);
    const [, empty, next] = run.schedule.operations;
    expect(empty!.setupStart).toBe(empty!.end);
    expect(next!.setupStart).toBe(empty!.end);
  });

  it('is deterministic for a seed and an iteration budget', async () => {
    const factory = generateDemoFactory({ kind: 'mixed', size: 'S', seed: 4 });
    const { plan } = await planMaster(factory, solver, { timeLimitSeconds: 1 });
    const a = scheduleFrozenWeeks(factory, plan, { seed: 9, maxIterations: 40 });
    const b = scheduleFrozenWeeks(factory, plan, { seed: 9, maxIterations: 40 });
    expect(a.schedule).toStrictEqual(b.schedule);
    expect(a.progress.at(-1)!.cost).toBeLessThanOrEqual(a.progress[0]!.cost);
  });
});

describe('the kernel-only search for independent machines', () => {
  /** Nine one-step lots on three machines of unequal speed, with a setup matrix and shifts that pause work. */
  const independentCase = () =>
    lineFactory(9, (f) => {
      f.resources[0]!.machines.push({ id: 'M2' }, { id: 'M3' });
      f.routings.forEach((routing, i) => (routing.steps[0]!.machines = [{ machine: 'M1', runMinutesPerUnit: 1 + (i % 3) }, { machine: 'M2', runMinutesPerUnit: 2 }, { machine: 'M3', runMinutesPerUnit: 3 - (i % 2) }]));
      f.setupMatrices = [{ resource: 'WC', defaultMinutes: 45, entries: [{ from: 'L1', to: 'L2', minutes: 5 }, { from: 'L4', to: 'L7', minutes: 2 }] }];
    });

  it('is chosen only when nothing couples the machines', () => {
    const { factory, plan } = independentCase();
    expect(machinesAreIndependent(buildApsInstance(factory, plan))).toBe(true);
    factory.tools = [{ id: 'MOULD', name: 'Mould', quantity: 1 }];
    factory.routings[0]!.steps[0]!.tools = ['MOULD'];
    expect(machinesAreIndependent(buildApsInstance(factory, plan))).toBe(false);
  });

  it('reports a lot no machine can finish within the horizon as unplaced instead of failing', () => {
    const { factory, plan } = lineFactory(2);
    plan.production[0]!.qty = 100_000; // 100,000 minutes against six weeks of 2,400
    const run = scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 10 });
    expect(run.schedule.violations.map((violation) => (violation as { rule: string }).rule)).toContain('unplaced');
    expect(run.schedule.operations.map((operation) => operation.item)).toContain('L2');
  });

  it('prices a schedule exactly as the decoder times it, and its schedule passes the self-check', () => {
    const { factory, plan } = independentCase();
    const instance = buildApsInstance(factory, plan);
    const layout = layoutFromInstance(instance);
    const weights = { tardiness: 1e6, setup: 1e3, makespan: 1 };
    const result = sequenceMachines(layout, new ReferenceKernel(layout), { seed: 2, maxIterations: 200, weights, origin: instance.origin });
    const machineOf = new Int32Array(instance.operations.length);
    result.sequences.forEach((sequence, machine) => sequence.forEach((operation) => (machineOf[operation] = machine)));
    const decoded = decode(instance, { machineOf, priority: result.sequences.flat() }, weights);
    expect([decoded.makespan, decoded.totalSetup, decoded.weightedTardiness]).toEqual([result.makespan, result.totalSetup, result.weightedTardiness]);
    expect(decoded.sequences).toEqual(result.sequences);
    const run = scheduleFrozenWeeks(factory, plan, { seed: 2, maxIterations: 200 });
    expect(run.schedule.violations).toEqual([]);
    expect(run.schedule.kpis.makespanMinutes).toBe(result.makespan);
  });
});

describe('the schedule self-check', () => {
  const build = () => {
    const { factory, plan } = lineFactory(3, (f) => f.routings.forEach((routing) => routing.steps.push({ step: 20, resource: 'WC', runMinutesPerUnit: 0.5, setupMinutes: 10 })));
    return { factory, plan, schedule: scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 20 }).schedule };
  };
  const rules = (factory: Factory, plan: Plan, schedule: Schedule) => [...new Set(checkSchedule(factory, plan, schedule).map((violation) => violation.rule))];

  it('accepts what the sequencer made and catches what breaks the rules', () => {
    const { factory, plan, schedule } = build();
    expect(checkSchedule(factory, plan, schedule)).toEqual([]);
    const broken = (change: (copy: Schedule) => void) => {
      const copy = structuredClone(schedule);
      change(copy);
      return rules(factory, plan, copy);
    };
    expect(broken((copy) => (copy.operations[1]!.setupStart = copy.operations[0]!.setupStart))).toContain('overlap');
    expect(broken((copy) => (copy.operations[0]!.end = copy.operations[0]!.start))).toContain('duration');
    expect(broken((copy) => (copy.operations[0]!.setupMinutes = 0))).toContain('setup');
    expect(broken((copy) => (copy.operations = copy.operations.slice(1)))).toContain('coverage');
    const second = schedule.operations.find((operation) => operation.step === 20)!;
    const first = schedule.operations.find((operation) => operation.order === second.order && operation.step === 10)!;
    expect(broken((copy) => (copy.operations.find((operation) => operation.id === second.id)!.start = first.start))).toContain('precedence');
  });
});

describe('the sequence kernel against the decoder', () => {
  for (const kind of DEMO_KINDS) {
    it(`${kind}: times each machine as the decoder does, with its allergen cleanings and campaigns`, async () => {
      const factory = generateDemoFactory({ kind, size: 'M', seed: 3 });
      const { plan } = await planMaster(factory, solver, { timeLimitSeconds: 2 });
      // What couples machines (tools, operators, precedence) stays with the decoder: take it away here.
      const instance = { ...buildApsInstance(factory, plan), labor: undefined, precedeRules: new Map() };
      for (const operation of instance.operations) {
        operation.tools = [];
        operation.operators = 0;
      }
      // The constructive order, and a shuffled one that breaks campaign orders.
      const constructive = constructiveDecision(instance);
      const shuffled = { machineOf: constructive.machineOf, priority: new SeededRandom(4).shuffled(constructive.priority) };
      let campaignViolations = 0;
      for (const decision of [constructive, shuffled]) {
        const decoded = decode(instance, decision);
        const layout = layoutFromInstance(instance);
        const endOf = new Map(decoded.timed.map((entry) => [entry.operation, entry.end]));
        for (const lot of instance.lots) lot.operations.forEach((op, position) => (layout.release[op] = position > 0 ? endOf.get(lot.operations[position - 1]!)! : lot.release));
        const kernel = new ReferenceKernel(layout);
        let violations = 0;
        decoded.sequences.forEach((sequence, machine) => {
          if (sequence.length === 0) return;
          const result = kernel.evaluate(machine, Int32Array.from(sequence), sequence.length, instance.origin);
          const timed = decoded.timed.filter((entry) => entry.machine === machine);
          expect(result.completion).toBe(Math.max(...timed.map((entry) => entry.end)));
          expect(result.totalSetup).toBe(timed.reduce((sum, entry) => sum + entry.setupMinutes, 0));
          violations += result.campaignViolations;
        });
        expect(violations).toBe(decoded.campaignViolations);
        expect(decoded.unplaced).toBe(0);
        campaignViolations += violations;
      }
      if (kind !== 'food') expect(campaignViolations).toBeGreaterThan(0);
    }, 30_000);
  }
});

describe('the APS on every demo kind and size', () => {
  const limit: Record<string, number> = { S: 1, M: 2, L: 3 };
  for (const kind of DEMO_KINDS) {
    for (const size of ['S', 'M', 'L'] as DemoSize[]) {
      it(`${kind} ${size}: a schedule with no violations that the self-check accepts`, async () => {
        const factory = generateDemoFactory({ kind, size, seed: 5 });
        const { plan } = await planMaster(factory, solver, { timeLimitSeconds: limit[size]! });
        const run = scheduleFrozenWeeks(factory, plan, { seed: 1, timeLimitSeconds: limit[size]! });
        expect(v.safeParse(scheduleSchema, run.schedule).issues).toBeUndefined();
        expect(run.schedule.violations).toEqual([]);
        expect(checkSchedule(factory, plan, run.schedule)).toEqual([]);
        expect(run.schedule.operations.length).toBeGreaterThan(0);
      }, 60_000);
    }
  }
});
