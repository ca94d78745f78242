/**
 * `npm run bench -- frozen [--sizes S,M,L] [--kinds food,paint,mixed] [--seeds 1,2] [--tights 0.8,1.0]`:
 * the demo generator's previous plan, its frozen week scheduled alone as the bridge bench schedules
 * week 0 (40 search iterations, seed 1): the week Ponte's plan cannot change, which the generator
 * makes one the shop floor keeps (src/demo/generator.ts, makePreviousPlan). Prints the lots late
 * per factory and the weeks under the bridge's goal (98 % of lots on time, none late under 50 lots).
 */
import { parseArgs } from 'node:util';
import { createNodeKernelFactory } from '../../src/cli/kernel';
import { generateDemoFactory, type DemoKind, type DemoSize } from '../../src/demo/generator';
import { localMinutes } from '../../src/domain/execution';
import type { Plan } from '../../src/domain/types';
import { scheduleFrozenWeeks } from '../../src/engine/aps/index';
import { demandOf, unconstrainedDemand } from '../../src/engine/demand';

const { values } = parseArgs({
  allowPositionals: true,
  options: { sizes: { type: 'string', default: 'S,M,L' }, kinds: { type: 'string', default: 'food,paint,mixed' }, seeds: { type: 'string', default: '1,2' }, tights: { type: 'string', default: '0.8,1.0' } },
});
const kernelFactory = await createNodeKernelFactory();
let late = 0;
let lots = 0;
const short: string[] = [];
console.log('\nThe generated previous plan\'s frozen week, scheduled alone (40 search iterations, seed 1)');
for (const kind of values.kinds.split(',') as DemoKind[]) {
  for (const size of values.sizes.split(',') as DemoSize[]) {
    for (const seed of values.seeds.split(',').map(Number)) {
      for (const tight of values.tights.split(',').map(Number)) {
        const factory = generateDemoFactory({ kind, size, seed, tight });
        const demand = unconstrainedDemand(factory);
        // Week 0 alone: its lots and the week's demand (firm orders due in it take their due dates).
        const constrainedDemand = factory.items.filter((item) => item.type === 'finished').map((item) => ({ item: item.id, week: 0, demand: demandOf(demand, item.id, 0), delivered: demandOf(demand, item.id, 0), backlog: 0, lost: 0, reasons: [] }));
        const plan = { production: (factory.previousPlan?.production ?? []).filter((line) => line.week === 0), purchases: [], constrainedDemand } as unknown as Plan;
        const run = scheduleFrozenWeeks(factory, plan, { week: 0, seed: 1, maxIterations: 40, timeLimitSeconds: Infinity, kernelFactory });
        const ends = new Map<string, number>();
        for (const operation of run.schedule.operations) ends.set(operation.order, Math.max(ends.get(operation.order) ?? -Infinity, localMinutes(operation.end)));
        const count = run.instance.lots.length;
        const lateHere = run.instance.lots.filter((lot) => (ends.get(lot.id) ?? Infinity) > run.instance.operations[lot.operations.at(-1)!]!.due).length;
        late += lateHere;
        lots += count;
        const name = `${kind} ${size} ${tight.toFixed(1)}${seed === 1 ? '' : ` s${seed}`}`;
        if (lateHere > Math.floor(0.02 * count)) short.push(`${name} ${count - lateHere}/${count}`);
        console.log(`${name.padEnd(20)} ${String(count - lateHere).padStart(4)}/${String(count).padEnd(4)} on time`);
      }
    }
  }
}
console.log(`\nsummary: frozen-week lots late ${late} of ${lots}; weeks under 98 %: ${short.length > 0 ? short.join(', ') : 'none'}`);
