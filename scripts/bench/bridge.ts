/**
 * `npm run bench -- bridge [--sizes S,M,L] [--kinds food,paint,mixed,metal] [--tights 0.8,1.0] [--iterations N]`:
 * is each week the Master Plan releases executable on time? For each demo factory (and the metal
 * plant of src/demo/metal.ts, shaped unlike the demo: four stages, pieces, no lot multiples): plan, then
 * schedule each of its first five weeks alone (the frozen week and the slushy zone) and print the
 * share of lots and of quantity that finish by their due date. Goal (issue 16): >= 98 % of lots.
 */
import { parseArgs } from 'node:util';
import { createNodeKernelFactory } from '../../src/cli/kernel';
import { generateDemoFactory, type DemoKind, type DemoSize } from '../../src/demo/generator';
import { generateMetalFactory } from '../../src/demo/metal';
import { executability } from '../../src/engine/aps/executability';
import { planMaster } from '../../src/engine/masterPlan/index';
import { createHighsSolver } from '../../src/solver/highs';

const { values } = parseArgs({ allowPositionals: true, options: { sizes: { type: 'string', default: 'S,M,L' }, kinds: { type: 'string', default: 'food,paint,mixed,metal' }, tights: { type: 'string', default: '0.8,1.0' }, iterations: { type: 'string', default: '40' } } });
const limits: Record<string, number> = { S: 2, M: 10, L: 20 };
const solver = await createHighsSolver();
const kernelFactory = await createNodeKernelFactory();
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
console.log(`\nExecutability of the released weeks: each of weeks 0-4 scheduled alone (${values.iterations} search iterations a week, seed 1)`);
console.log(`${'factory'.padEnd(18)} ${'lots'.padStart(6)} ${'on time'.padStart(8)} ${'qty on time'.padStart(12)}  by week (lots on time)`);
const shares: number[] = [];
for (const size of values.sizes.split(',') as DemoSize[]) {
  for (const kind of values.kinds.split(',')) {
    for (const tight of values.tights.split(',').map(Number)) {
      if (kind === 'metal' && size === 'XL') continue;
      const factory = kind === 'metal' ? generateMetalFactory({ size: size as 'S' | 'M' | 'L', seed: 1, tight }) : generateDemoFactory({ kind: kind as DemoKind, size, seed: 1, tight });
      const { plan } = await planMaster(factory, solver, { timeLimitSeconds: limits[size] ?? 10 });
      const result = executability(factory, plan, { seed: 1, maxIterations: Number(values.iterations), timeLimitSeconds: Infinity, kernelFactory });
      shares.push(result.lotShare);
      const lots = result.weeks.reduce((sum, week) => sum + week.lots, 0);
      console.log(`${`${kind} ${size} ${tight.toFixed(1)}`.padEnd(18)} ${String(lots).padStart(6)} ${pct(result.lotShare).padStart(8)} ${pct(result.qtyShare).padStart(12)}  ${result.weeks.map((week) => `S${week.week} ${week.lotsOnTime}/${week.lots}`).join(', ')}`);
    }
  }
}
const sorted = [...shares].sort((a, b) => a - b);
console.log(`\nsummary: lots on time in the released weeks: median ${pct(sorted[Math.floor((sorted.length - 1) / 2)]!)}, worst ${pct(sorted[0]!)} (goal >= 98%)`);
