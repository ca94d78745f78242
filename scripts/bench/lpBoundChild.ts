/**
 * The LP relaxation of a demo factory's Master Plan model, solved once by the WebAssembly HiGHS in
 * this process: a valid lower bound on any plan's objective. Prints JSON. Arguments: KIND SIZE SEED
 * TIGHT [TIME_LIMIT]. On XL it needs about 40 s and 1.8 GiB: the reason the XL plan itself does
 * without it.
 */
import { generateDemoFactory, type DemoKind, type DemoSize } from '../../src/demo/generator';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { buildMasterPlanModel } from '../../src/engine/masterPlan/model';
import { createHighsSolver } from '../../src/solver/highs';

const [kind, size, seed, tight, timeLimit = '600'] = process.argv.slice(2);
const context = new PlanningContext(generateDemoFactory({ kind: kind as DemoKind, size: size as DemoSize, seed: Number(seed), tight: Number(tight) }));
const planModel = buildMasterPlanModel(context);
const solver = await createHighsSolver();
const started = performance.now();
const result = await solver.solve(planModel.model, { relax: true, timeLimitSeconds: Number(timeLimit) });
process.stdout.write(
  JSON.stringify({
    bound: result.status === 'optimal' ? result.objective : null,
    columns: planModel.model.numCols,
    rows: planModel.model.numRows,
    seconds: (performance.now() - started) / 1000,
    peakMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
process.exit(0);
