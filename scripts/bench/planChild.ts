/**
 * One Master Plan run in its own process, so that its peak memory is its own. Prints JSON.
 * Arguments: KIND SIZE SEED TIGHT TIME_LIMIT [isolated|in-process] [loop|no-loop] or file:PATH - TIME_LIMIT [solver] [loop].
 * The solver is the app's and the CLI's (HiGHS in its own thread behind a watchdog) unless
 * `in-process` is asked for, which is what measures HiGHS's own overrun.
 */
import { readFileSync } from 'node:fs';
import { generateDemoFactory, type DemoKind, type DemoSize } from '../../src/demo/generator';
import { validateFactoryText } from '../../src/domain/validate';
import { planMaster } from '../../src/engine/masterPlan/index';
import { checkPlan } from '../../src/engine/planCheck';
import { planCostParts } from '../../src/engine/masterPlan/objective';
import { createHighsSolver } from '../../src/solver/highs';
import { createIsolatedNodeSolver } from '../../src/solver/node';
import { limitFromProcessStart } from '../../src/cli/solver';
import { flowOptions } from '../../src/cli/kernel';

const [kind, size, seed, tight, timeLimit, solverKind = 'isolated', loop = 'loop'] = process.argv.slice(2);
function loadFactory() {
  if (!kind!.startsWith('file:')) return generateDemoFactory({ kind: kind as DemoKind, size: size as DemoSize, seed: Number(seed), tight: Number(tight) });
  const validation = validateFactoryText(readFileSync(kind!.slice(5), 'utf8'));
  if (!validation.ok) throw new Error(`${kind}: ${validation.errors[0]?.path} ${validation.errors[0]?.message}`);
  return validation.factory;
}
const generationStarted = performance.now();
const factory = loadFactory();
// The command line reads a file, as `file:` runs do here; generating the demo (L: 2-2.5 s, its
// frozen week checked by a schedule) is not the plan's time.
const generationSeconds = kind!.startsWith('file:') ? 0 : (performance.now() - generationStarted) / 1000;
const solver = solverKind === 'in-process' ? await createHighsSolver() : await createIsolatedNodeSolver();
const started = performance.now();
// As the command line counts it: from the process's start.
// `no-loop`: the plan of the model alone, without the closed loop with the APS (what the model's bound bounds).
// The loop's checks with the WebAssembly kernel, as `ponte plan` has them (without it, the
// TypeScript kernel's slower checks left the loop less time than the command line gives it).
const run = await planMaster(factory, solver, { timeLimitSeconds: limitFromProcessStart(Number(timeLimit)) + generationSeconds, flow: loop === 'no-loop' ? false : await flowOptions(factory) });
const seconds = (performance.now() - started) / 1000;
// When the plan came back, counted as its time limit is: from the process's start, less the demo's generation.
const returnedSeconds = performance.now() / 1000 - generationSeconds;
const demand = run.plan.constrainedDemand.reduce((sum, entry) => sum + entry.demand, 0);
const lost = run.plan.constrainedDemand.reduce((sum, entry) => sum + entry.lost, 0);
process.stdout.write(
  JSON.stringify({
    strategy: run.strategy,
    variables: run.plan.stats.variables,
    constraints: run.plan.stats.constraints,
    buildSeconds: run.buildSeconds,
    seconds,
    returnedSeconds,
    objective: run.plan.objective,
    bound: run.plan.bound,
    gap: run.gap ?? null,
    served: 1 - lost / Math.max(1, demand),
    violations: checkPlan(factory, run.plan).length,
    peakMiB: process.resourceUsage().maxRSS / 1024,
    stopped: run.stopped ?? null,
    // What the plan pays for (objective.ts): the gap bench sets the loop's plan beside the plan without it.
    costs: planCostParts(run.context, run.quantities),
  }),
);
