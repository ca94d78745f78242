/** One Master Plan run in its own process, so that its peak memory is its own. Prints JSON. */
import { generateDemoFactory, type DemoKind, type DemoSize } from '../../src/demo/generator';
import { planMaster } from '../../src/engine/masterPlan/index';
import { checkPlan } from '../../src/engine/planCheck';
import { createHighsSolver } from '../../src/solver/highs';

const [kind, size, seed, tight, timeLimit] = process.argv.slice(2);
const factory = generateDemoFactory({ kind: kind as DemoKind, size: size as DemoSize, seed: Number(seed), tight: Number(tight) });
const solver = await createHighsSolver();
const started = performance.now();
const run = planMaster(factory, solver, { timeLimitSeconds: Number(timeLimit) });
const seconds = (performance.now() - started) / 1000;
const demand = run.plan.constrainedDemand.reduce((sum, entry) => sum + entry.demand, 0);
const lost = run.plan.constrainedDemand.reduce((sum, entry) => sum + entry.lost, 0);
process.stdout.write(
  JSON.stringify({
    strategy: run.strategy,
    variables: run.plan.stats.variables,
    constraints: run.plan.stats.constraints,
    buildSeconds: run.buildSeconds,
    seconds,
    objective: run.plan.objective,
    gap: run.gap ?? null,
    served: 1 - lost / Math.max(1, demand),
    violations: checkPlan(factory, run.plan).length,
    peakMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
