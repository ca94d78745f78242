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
import type { Plan } from '../../src/domain/types';
import { executability } from '../../src/engine/aps/executability';

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
        // The frozen week alone, as the generator's test schedules it (aps/executability.ts).
        const plan = { production: factory.previousPlan?.production ?? [], purchases: [], constrainedDemand: [] } as unknown as Plan;
        const [frozen] = executability(factory, plan, { weeksAhead: 1, seed: 1, maxIterations: 40, timeLimitSeconds: Infinity, kernelFactory }).weeks;
        const count = frozen!.lots;
        const lateHere = count - frozen!.lotsOnTime;
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
