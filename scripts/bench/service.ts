/**
 * `npm run bench -- service [--sizes S,M] [--kinds food,paint,mixed,metal] [--tight 1.2] [--seeds 1,2] [--limit 30] [--flow on|off]`:
 * service where capacity allows it (issue 12). For each factory at the given tightness: the
 * plan's service (demand served, by quantity and by value; demand lost or still owed at the
 * horizon's end is not served), the solver-free levelled plan's, and what capacity allows
 * (serviceCeiling.ts: the plan model's LP maximizing service; and the most loaded work center
 * alone, no setups, all overtime). Goal: within
 * 5 points of the held ceiling, and never below the levelled plan held nor below what it keeps (the
 * summary; issue 12 read with issue 16, part 3), by value: quantities of different
 * items (cases of sauce, cans of paint, racks) do not add up, and the plan's objective prices
 * each lost unit at its item's price. Metal plants (src/demo/metal.ts)
 * are shaped unlike the demo: four stages, pieces without lot multiples, a one-week frame lead time.
 * The plan runs as the CLI does: the closed loop with the APS on (WebAssembly kernel), unless
 * `--flow off`; the ceiling knows nothing of a lot's flow within its week. The held ceiling and the
 * levelled plan held are the same under the minutes the loop held back: what a plan whose released
 * weeks the shop floor keeps can serve. *Kept*: each plan's service less what its released weeks,
 * scheduled as the shop floor gets them, finish late or hold up (the plan's, and the levelled plan's).
 */
import { parseArgs } from 'node:util';
import { generateDemoFactory, type DemoKind, type DemoSize } from '../../src/demo/generator';
import { generateMetalFactory } from '../../src/demo/metal';
import type { Factory, Plan } from '../../src/domain/types';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { planMaster } from '../../src/engine/masterPlan/index';
import type { PlanQuantities } from '../../src/engine/masterPlan/extract';
import { serviceCeiling, serviceCeilingLp } from '../../src/engine/masterPlan/serviceCeiling';
import { levelledPlan } from '../../src/engine/masterPlan/solve';
import { createIsolatedNodeSolver } from '../../src/solver/node';
import { createFlowWeekPool } from '../../src/cli/flowThreads';
import { createNodeKernelFactory, flowOptions } from '../../src/cli/kernel';
import { executability, heldUpFactors } from '../../src/engine/aps/executability';
import { draftPlan } from '../../src/engine/masterPlan/index';

const { values } = parseArgs({
  allowPositionals: true,
  options: {
    sizes: { type: 'string', default: 'S,M' },
    kinds: { type: 'string', default: 'food,paint,mixed,metal' },
    tight: { type: 'string', default: '1.2' },
    seeds: { type: 'string', default: '1,2' },
    limit: { type: 'string', default: '30' },
    flow: { type: 'string', default: 'on' },
  },
});
const solver = await createIsolatedNodeSolver();
const flow = values.flow === 'off' ? false : await flowOptions();
const tight = Number(values.tight);
const limit = Number(values.limit);
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const kernelFactory = await createNodeKernelFactory();

/**
 * Served by value less what the plan's released weeks (the frozen week and the slushy zone, each
 * scheduled alone as the shop floor gets it, 40 search iterations) finish late, finished lots and
 * the finished value late component lots hold up (heldUpFactors): the service the
 * shop floor keeps of what the plan promises. A plan that loads its weeks past what their lots
 * can flow through serves on paper what runs late on the floor.
 */
function kept(factory: Factory, plan: Plan, servedValue: number, demand: Map<string, number>) {
  const price = new Map(factory.items.map((item) => [item.id, item.price ?? item.unitCost]));
  let total = 0;
  for (const [item, owed] of demand) total += owed * price.get(item)!;
  // A late component lot counts for the finished value it holds up the week after, as the bridge bench counts it.
  const heldUpValue = heldUpFactors(factory, (item) => price.get(item)!);
  const { finishedLateByItem, componentLateByItem } = executability(factory, plan, { seed: 1, maxIterations: 40, kernelFactory });
  let late = 0;
  for (const [item, qty] of finishedLateByItem) late += qty * price.get(item)!;
  for (const [item, qty] of componentLateByItem) late += qty * (heldUpValue.get(item) ?? 0);
  return servedValue - late / total;
}

/** Served share by quantity and by value, from lost and end-of-horizon backlog per item. */
function served(factory: Factory, unserved: Map<string, number>, demand: Map<string, number>) {
  const price = new Map(factory.items.map((item) => [item.id, item.price ?? item.unitCost]));
  let qty = 0, missed = 0, value = 0, missedValue = 0;
  for (const [item, owed] of demand) {
    qty += owed;
    value += owed * price.get(item)!;
    missed += unserved.get(item) ?? 0;
    missedValue += (unserved.get(item) ?? 0) * price.get(item)!;
  }
  return { qty: 1 - missed / qty, value: 1 - missedValue / value };
}

function unservedOf(quantities: Pick<PlanQuantities, 'lost' | 'backlog'>, weeks: number) {
  const unserved = new Map<string, number>();
  for (const [item, row] of quantities.lost) unserved.set(item, row.reduce((sum, qty) => sum + qty, 0) + quantities.backlog.get(item)![weeks - 1]!);
  return unserved;
}

console.log(`\nService at tight ${tight}: plan (${limit} s, closed loop ${flow ? 'on' : 'off'}) against the levelled plan and what capacity allows: demand served by value (by quantity in brackets)`);
console.log('ceiling: the LP of the plan model maximizing service (capacity with overtime, materials, lead times, frozen zone; setups relaxed); held ceiling: the same with the minutes the closed loop held back in the released weeks; levelled held: the levelled plan under those limits; kept: served less what the released weeks, scheduled, finish late (plan / levelled plan); bottleneck: the most loaded work center without setups');
console.log(`${'factory'.padEnd(22)} ${'plan'.padStart(16)} ${'levelled'.padStart(16)} ${'ceiling'.padStart(16)} ${'to ceiling'.padStart(10)} ${'held ceiling'.padStart(12)} ${'to held'.padStart(9)} ${'vs levelled'.padStart(11)} ${'levelled held'.padStart(13)} ${'kept: plan/lev'.padStart(15)}  bottleneck (load, allows), gap`);
const shortOfCeiling: number[] = [];
const shortOfHeldCeiling: number[] = [];
const belowLevelled: number[] = [];
const belowLevelledQty: number[] = [];
const belowLevelledHeld: number[] = [];
const belowLevelledKept: number[] = [];
for (const size of values.sizes.split(',') as DemoSize[]) {
  for (const kind of values.kinds.split(',')) {
    for (const seed of values.seeds.split(',').map(Number)) {
      if (kind === 'metal' && size === 'XL') continue;
      const factory = kind === 'metal' ? generateMetalFactory({ size: size as 'S' | 'M' | 'L', seed, tight }) : generateDemoFactory({ kind: kind as DemoKind, size, seed, tight });
      const context = new PlanningContext(factory);
      const demand = new Map(context.finished.map((item) => [item.id, Array.from({ length: context.weeks }, (_, week) => context.demandOf(item.id, week)).reduce((a, b) => a + b, 0)]));
      // The loop as the command line runs it: its checks in threads, a week each, where there are cores for them.
      const weekScheduler = flow ? createFlowWeekPool(factory) : undefined;
      const run = await planMaster(factory, solver, { timeLimitSeconds: limit, flow: flow && { ...flow, ...(weekScheduler ? { weekScheduler } : {}) } });
      weekScheduler?.close();
      const lost = new Map<string, number>();
      for (const line of run.plan.constrainedDemand) lost.set(line.item, (lost.get(line.item) ?? 0) + line.lost + (line.week === context.weeks - 1 ? line.backlog : 0));
      const plan = served(factory, lost, demand);
      const levelledQuantities = levelledPlan(context);
      const levelled = served(factory, unservedOf(levelledQuantities, context.weeks), demand);
      const planKept = kept(factory, run.plan, plan.value, demand);
      const levelledKept = kept(factory, draftPlan(context, levelledQuantities), levelled.value, demand);
      // The levelled plan under the limits the loop held back: a levelled plan the shop floor can keep.
      const levelledHeld = served(factory, unservedOf(levelledPlan(run.context), context.weeks), demand);
      const bottleneck = serviceCeiling(context);
      const ceiling = (await serviceCeilingLp(context, solver, 'value', limit)) ?? NaN;
      const ceilingQty = (await serviceCeilingLp(context, solver, 'quantity', limit)) ?? NaN;
      // The same ceiling under the capacity the closed loop held back in the released weeks:
      // what capacity allows a plan whose released weeks the schedule keeps.
      const held = [...run.context.flowHeld.values()].some((row) => row.some((minutes) => minutes > 0));
      const heldCeiling = held ? ((await serviceCeilingLp(run.context, solver, 'value', limit)) ?? NaN) : ceiling;
      shortOfCeiling.push(ceiling - plan.value);
      shortOfHeldCeiling.push(heldCeiling - plan.value);
      belowLevelled.push(levelled.value - plan.value);
      belowLevelledQty.push(levelled.qty - plan.qty);
      belowLevelledHeld.push(levelledHeld.value - plan.value);
      belowLevelledKept.push(levelledKept - planKept);
      console.log(`${`${kind} ${size} seed ${seed}`.padEnd(22)} ${`${pct(plan.value)} (${pct(plan.qty)})`.padStart(16)} ${`${pct(levelled.value)} (${pct(levelled.qty)})`.padStart(16)} ${`${pct(ceiling)} (${pct(ceilingQty)})`.padStart(16)} ${`${((ceiling - plan.value) * 100).toFixed(1)} pt`.padStart(10)} ${pct(heldCeiling).padStart(12)} ${`${((heldCeiling - plan.value) * 100).toFixed(1)} pt`.padStart(9)} ${`${((plan.value - levelled.value) * 100).toFixed(1)} pt`.padStart(11)} ${pct(levelledHeld.value).padStart(13)} ${`${pct(planKept)} / ${pct(levelledKept)}`.padStart(15)}  ${bottleneck.bottleneck} (${bottleneck.load.toFixed(2)}, ${pct(bottleneck.share)}), ${run.gap === undefined ? '-' : pct(run.gap)}${run.stopped ? `, stopped (${run.stopped})` : ''}`);
    }
  }
}
solver.close();
const worst = (list: number[]) => Math.max(...list);
// Issue 12's goal (within 5 points of what capacity allows, never below the levelled plan), read
// with issue 16's rule for the released weeks: a plan gives up only the service the shop floor
// could not keep. So what capacity allows is the held ceiling, and the levelled plan is compared
// under the same held limits and by what it keeps when scheduled (README, Service). The paper
// figures, which promise what the released weeks would run late, are printed beside them.
const heldShort = worst(shortOfHeldCeiling);
const levelledAhead = Math.max(0, worst(belowLevelledHeld), worst(belowLevelledKept));
console.log(`\nsummary: short of the held ceiling by at most ${(heldShort * 100).toFixed(1)} pt (goal <= 5), below the levelled plan under the held limits or below what it keeps on the shop floor by at most ${(levelledAhead * 100).toFixed(1)} pt (goal 0): ${heldShort <= 0.05 && levelledAhead <= 1e-9 ? 'met' : 'not met'}, ${shortOfCeiling.length} factories`);
console.log(`on paper: short of the ceiling without the hold by at most ${(worst(shortOfCeiling) * 100).toFixed(1)} pt, below the levelled plan's paper service by at most ${(Math.max(0, worst(belowLevelled)) * 100).toFixed(1)} pt (by quantity ${(Math.max(0, worst(belowLevelledQty)) * 100).toFixed(1)} pt)`);
process.exit(0);
