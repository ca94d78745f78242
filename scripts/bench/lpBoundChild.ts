/**
 * The LP relaxation of a demo factory's Master Plan model, solved by the WebAssembly HiGHS in this
 * process: a valid lower bound on any plan's objective. Prints JSON. Arguments: KIND SIZE SEED
 * TIGHT [TIME_LIMIT] [CUT_ROUNDS]. With CUT_ROUNDS > 0, also the bound strengthened by the end
 * items' lot-sizing inequalities (masterPlan/bound.ts), each round warm from the last basis. On XL
 * the plain LP needs about 80 s and 1.8 GiB (the reason the XL plan does without it), and the
 * rows of a cut round no longer fit the WebAssembly heap's 2 GiB.
 */
import { generateDemoFactory, type DemoKind, type DemoSize } from '../../src/demo/generator';
import { strengthenedBound } from '../../src/engine/masterPlan/bound';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { buildMasterPlanModel } from '../../src/engine/masterPlan/model';
import { createHighsSolver } from '../../src/solver/highs';

const [kind, size, seed, tight, timeLimit = '600', cutRounds = '0'] = process.argv.slice(2);
const context = new PlanningContext(generateDemoFactory({ kind: kind as DemoKind, size: size as DemoSize, seed: Number(seed), tight: Number(tight) }));
const planModel = buildMasterPlanModel(context);
const solver = await createHighsSolver();
const started = performance.now();
const columns = planModel.model.numCols;
const rows = planModel.model.numRows;
const result = await strengthenedBound(planModel, solver, { rounds: Number(cutRounds), timeLimitSeconds: Number(timeLimit) });
process.stdout.write(
  JSON.stringify({
    bound: result.relaxation ?? null,
    strengthened: Number(cutRounds) > 0 ? (result.bound ?? null) : null,
    cuts: result.rounds.reduce((sum, round) => sum + round.cuts, 0),
    rounds: result.rounds.length,
    lpSeconds: result.rounds[0]?.seconds ?? null,
    columns,
    rows,
    seconds: (performance.now() - started) / 1000,
    peakMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
process.exit(0);
