/**
 * `npm run bench -- bridge [--sizes S,M,L] [--kinds food,paint,mixed,metal] [--tights 0.8,1.0] [--iterations N | --seconds S] [--seeds 1] [--limit S] [--week-threads on|off] [--vary NAME,...]`:
 * is each week the Master Plan releases executable on time? For each demo factory (and the metal
 * plant of src/demo/metal.ts, shaped unlike the demo: four stages, pieces, no lot multiples): plan
 * twice, without and with the closed loop with the APS (masterPlan/closedLoop.ts), then schedule
 * each plan's first five weeks alone (the frozen week and the slushy zone) and print the share of
 * lots that finish by their due date, and what the loop costs in service against the lateness it
 * stops hiding. Goal (issue 16): >= 98 % of lots on time, service falling by no more than that lateness.
 * Each week's schedule searches `--iterations` times (40), or, with `--seconds`, for that long as
 * `ponte schedule` does by default (10 s a week): the schedule the shop floor would be handed.
 * Plans are made in 2 s (S), 10 s (M) and 20 s (L), or `--limit` seconds each (the app's default is 30 s).
 * The loop's checks run their weeks in threads, as `ponte plan` does (`--week-threads off`: in the loop's own thread).
 * `--vary` plans each factory again varied beyond what the generators make, once per variation named
 * (tests/helpers/factoryMutations.ts: dayCrew, shortShifts, precedeMore, sharedTool, halfEfficiency, ...;
 * `all` for every one), each a row of its own: the goal holds on factories unlike the demo's too.
 */
import { parseArgs } from 'node:util';
import { createFlowWeekPool } from '../../src/cli/flowThreads';
import { createNodeKernelFactory } from '../../src/cli/kernel';
import { generateDemoFactory, type DemoKind, type DemoSize } from '../../src/demo/generator';
import { generateMetalFactory } from '../../src/demo/metal';
import type { Factory } from '../../src/domain/types';
import { factoryMutations, mutateFactory, type FactoryMutation } from '../../tests/helpers/factoryMutations';
import { executability } from '../../src/engine/aps/executability';
import { planMaster } from '../../src/engine/masterPlan/index';
import { createHighsSolver } from '../../src/solver/highs';

const { values } = parseArgs({
  allowPositionals: true,
  options: { sizes: { type: 'string', default: 'S,M,L' }, kinds: { type: 'string', default: 'food,paint,mixed,metal' }, tights: { type: 'string', default: '0.8,1.0' }, iterations: { type: 'string', default: '40' }, seconds: { type: 'string' }, seeds: { type: 'string', default: '1' }, limit: { type: 'string' }, 'week-threads': { type: 'string', default: 'on' }, vary: { type: 'string' } },
});
const limits: Record<string, number> = { S: 2, M: 10, L: 20 };
const solver = await createHighsSolver();
const kernelFactory = await createNodeKernelFactory();
/** The factory column: wider where a variation's name follows the factory's. */
const labelWidth = values.vary ? 36 : 20;
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

async function measure(factory: Factory, size: string, loop: boolean) {
  // The loop as the command line runs it: its checks in threads, a week each, where there are cores for them.
  const weekScheduler = loop && values['week-threads'] !== 'off' ? createFlowWeekPool(factory) : undefined;
  const { plan } = await planMaster(factory, solver, { timeLimitSeconds: values.limit ? Number(values.limit) : (limits[size] ?? 10), flow: loop ? { kernelFactory, ...(weekScheduler ? { weekScheduler } : {}) } : false });
  weekScheduler?.close();
  const search = values.seconds ? { maxIterations: Infinity, timeLimitSeconds: Number(values.seconds) } : { maxIterations: Number(values.iterations), timeLimitSeconds: Infinity };
  const result = executability(factory, plan, { seed: 1, ...search, kernelFactory });
  const demand = plan.constrainedDemand.reduce((sum, line) => sum + line.demand, 0);
  const delivered = plan.constrainedDemand.reduce((sum, line) => sum + line.delivered, 0);
  const finishedLate = result.weeks.reduce((sum, week) => sum + week.finishedQty - week.finishedQtyOnTime, 0);
  const heldUp = result.weeks.reduce((sum, week) => sum + week.heldUpQty, 0);
  const checks = (plan.stats as { flow?: { checks: { seconds: number; threads: number }[] } }).flow?.checks ?? [];
  return { result, demand, delivered, finishedLate, heldUp, lots: result.weeks.reduce((sum, week) => sum + week.lots, 0), checks };
}

console.log(`\nExecutability of the released weeks: each of weeks 0-4 scheduled alone (${values.seconds ? `${values.seconds} s of search` : `${values.iterations} search iterations`} a week, seed 1), plans without -> with the closed loop`);
console.log(`${'factory'.padEnd(labelWidth)} ${'lots on time'.padStart(17)} ${'served'.padStart(15)} ${'late hidden'.padStart(11)} ${'held up'.padStart(8)} ${'drop'.padStart(6)}  by week with the loop (lots on time); the loop's checks`);
const shares: number[] = [];
// The goal is per released week: each week's lots on time, with the loop, and the weeks short of 98 %.
let weeksChecked = 0;
const weeksShort: string[] = [];
const excess: number[] = [];
// Each factory as generated, or once per variation asked for.
const variations: (FactoryMutation | undefined)[] = !values.vary ? [undefined] : values.vary === 'all' ? factoryMutations : values.vary.split(',').map((name) => {
  if (!(factoryMutations as string[]).includes(name)) throw new Error(`--vary: no variation "${name}" (one of: all, ${factoryMutations.join(', ')})`);
  return name as FactoryMutation;
});
for (const seed of values.seeds.split(',').map(Number)) {
  for (const size of values.sizes.split(',') as DemoSize[]) {
    for (const kind of values.kinds.split(',')) {
      if (kind === 'metal' && size === 'XL') continue;
      for (const tight of values.tights.split(',').map(Number)) {
        for (const variation of variations) {
          const generate = () => (kind === 'metal' ? generateMetalFactory({ size: size as 'S' | 'M' | 'L', seed, tight }) : generateDemoFactory({ kind: kind as DemoKind, size, seed, tight }));
          const make = () => (variation ? mutateFactory(generate(), [variation], seed) : generate());
          const label = `${kind} ${size} ${tight.toFixed(1)}${seed === 1 ? '' : ` s${seed}`}${variation ? ` ${variation}` : ''}`;
          const before = await measure(make(), size, false);
          const after = await measure(make(), size, true);
          shares.push(after.result.lotShare);
          for (const week of after.result.weeks) {
            weeksChecked++;
            if (week.lots > 0 && week.lotsOnTime < 0.98 * week.lots) weeksShort.push(`${label} S${week.week} ${week.lotsOnTime}/${week.lots}`);
          }
          // Lateness hidden: finished quantity the schedule of the plan without the loop finishes late,
          // as a share of the horizon's demand; the drop: the service the loop gives up, on the same scale.
          // Held up: finished units that late component lots hold up the week after (heldUpFactors).
          const hidden = before.finishedLate / before.demand;
          const heldUp = before.heldUp / before.demand;
          const drop = (before.delivered - after.delivered) / before.demand;
          excess.push(drop - hidden - heldUp);
          console.log(
            `${label.padEnd(labelWidth)} ${`${pct(before.result.lotShare)} -> ${pct(after.result.lotShare)}`.padStart(17)} ${`${pct(before.delivered / before.demand)} -> ${pct(after.delivered / after.demand)}`.padStart(15)} ${pct(hidden).padStart(11)} ${pct(heldUp).padStart(8)} ${pct(drop).padStart(6)}  ${after.result.weeks.map((week) => `S${week.week} ${week.lotsOnTime}/${week.lots}`).join(', ')}; ${checkFigures(after.checks)}`,
          );
        }
      }
    }
  }
}
/** The loop's checks: how many, their median time, and the threads their weeks ran in. */
function checkFigures(checks: { seconds: number; threads: number }[]): string {
  if (checks.length === 0) return 'no check';
  const seconds = checks.map((check) => check.seconds).sort((a, b) => a - b);
  return `${checks.length} checks, median ${seconds[Math.floor((seconds.length - 1) / 2)]!.toFixed(2)} s, ${Math.max(...checks.map((check) => check.threads))} thread(s)`;
}

const sorted = [...shares].sort((a, b) => a - b);
console.log(`\nsummary: lots on time in the released weeks with the loop: median ${pct(sorted[Math.floor((sorted.length - 1) / 2)]!)}, worst ${pct(sorted[0]!)} (goal >= 98% in every week)`);
console.log(`weeks below 98 % with the loop: ${weeksShort.length} of ${weeksChecked}${weeksShort.length > 0 ? ` (${weeksShort.join(', ')})` : ''}`);
console.log(`service given up beyond the lateness it stopped hiding (finished late and held up): ${excess.filter((value) => value > 0.0005).length} of ${excess.length} factories, at most ${pct(Math.max(0, ...excess))} of demand`);
